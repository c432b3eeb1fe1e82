package dev.qasim.workload;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests: image pixels count 0, 1, 2, ... (mod 256), label i is i mod 10. */
public final class IdxFiles {
    private IdxFiles() {}

    public static Path images(Path file, int count, int rows, int cols) throws IOException {
        byte[] pixels = new byte[count * rows * cols];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) i;
        }
        return write(file, 0x00000803, new int[] {count, rows, cols}, pixels);
    }

    public static Path labels(Path file, int count) throws IOException {
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (i % 10);
        }
        return write(file, 0x00000801, new int[] {count}, labels);
    }

    /** An IDX file with the given magic number, dimensions and body; gzip-compressed when the name ends in .gz. */
    public static Path write(Path file, int magic, int[] dims, byte[] body) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(raw)) {
            out.writeInt(magic);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(body);
        }
        try (OutputStream out = file.toString().endsWith(".gz") ? new GZIPOutputStream(Files.newOutputStream(file))
                : Files.newOutputStream(file)) {
            out.write(raw.toByteArray());
        }
        return file;
    }
}
