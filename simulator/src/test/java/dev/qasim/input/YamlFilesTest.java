package dev.qasim.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading YAML files: what is not one YAML mapping in UTF-8 text is bad input with one clear line. */
class YamlFilesTest {
    @TempDir
    Path dir;

    private static String problem(Path file) {
        try {
            YamlFiles.read(file, List.of());
        } catch (BadInputException e) {
            assertThat(e.problems()).hasSize(1);
            return e.problems().get(0).message();
        }
        throw new AssertionError(file + " was read");
    }

    @Test
    void aMappingIsReadAndOneDocumentMarkerIsFine() throws Exception {
        Path f = Files.writeString(dir.resolve("a.yaml"), "---\narray: { rows: 8 }\n");
        assertThat(YamlFiles.read(f, List.of()).root().raw("array").get("rows").asInt()).isEqualTo(8);
        Path trailing = Files.writeString(dir.resolve("t.yaml"), "---\narray: { rows: 8 }\n---\n");
        assertThat(YamlFiles.read(trailing, List.of()).root().raw("array").get("rows").asInt()).isEqualTo(8);
    }

    @Test
    void aSecondDocumentIsRefusedNotIgnored() throws Exception {
        Path f = Files.writeString(dir.resolve("two.yaml"), "array: { rows: 8 }\n---\narray: { rows: 16 }\n");
        assertThat(problem(f)).isEqualTo(f + ": holds more than one YAML document (a second '---'); qasim reads one per file");
    }

    @Test
    void binaryOrLatin1BytesAreNotUtf8Text() throws Exception {
        Path f = Files.write(dir.resolve("latin1.yaml"), new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xE9, '\n'});
        assertThat(problem(f)).isEqualTo(f + ": not UTF-8 text; a YAML file is required");
    }

    @Test
    void aFolderAnEmptyPathAndAMissingFileEachGetTheirOwnReason() throws Exception {
        assertThat(problem(dir)).isEqualTo(dir + ": is a folder; a YAML file is required");
        assertThat(problem(Path.of(""))).isEqualTo("(an empty path): is a folder; a YAML file is required");
        assertThat(problem(dir.resolve("none.yaml"))).isEqualTo(dir.resolve("none.yaml") + ": file not found");
    }

    @Test
    void aFileLargerThanAnyInputIsRefusedWithoutReadingItAll() throws Exception {
        Path f = dir.resolve("huge.yaml");
        Files.write(f, new byte[YamlFiles.MAX_BYTES + 1]);
        assertThat(problem(f)).isEqualTo(f + ": larger than 16 MiB; a YAML file is expected");
        Path zero = Path.of("/dev/zero");
        if (Files.isReadable(zero)) {
            assertThatThrownBy(() -> YamlFiles.read(zero, List.of())).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("larger than 16 MiB");
        }
    }
}
