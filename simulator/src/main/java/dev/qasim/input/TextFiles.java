package dev.qasim.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A user's text file read whole: bounded in size, UTF-8 only, every failure a bad-input error naming the file. */
final class TextFiles {
    private TextFiles() {}

    /**
     * The file's text.
     *
     * @param label    the file as problems name it
     * @param maxBytes the largest file read (a device such as /dev/zero or a huge file must not exhaust the heap)
     * @param kind     what the file should be, for the messages ({@code "a YAML file"})
     * @throws BadInputException when the file is a folder, missing, unreadable, too large or not UTF-8 text
     */
    static String read(Path file, String label, int maxBytes, String kind) {
        if (Files.isDirectory(file)) {
            throw BadInputException.of(label, "", null, "is a folder; " + kind + " is required");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(maxBytes + 1);
        } catch (NoSuchFileException e) {
            throw BadInputException.of(label, "", null, "file not found");
        } catch (IOException e) {
            throw BadInputException.of(label, "", null, "cannot read the file (" + e.getMessage() + ")");
        }
        if (bytes.length > maxBytes) {
            throw BadInputException.of(label, "", null, "larger than " + (maxBytes >> 20) + " MiB; " + kind + " is expected");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw BadInputException.of(label, "", null, "not UTF-8 text; " + kind + " is required");
        }
    }
}
