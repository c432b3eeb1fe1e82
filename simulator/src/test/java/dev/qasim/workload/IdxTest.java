package dev.qasim.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qasim.input.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir
    Path dir;

    @Test
    void plainAndGzipFilesReadTheSameShapeAndEveryByteValueUnsigned() throws Exception {
        Path plain = IdxFiles.images(dir.resolve("a-idx3-ubyte"), 4, 8, 8);
        Path gz = IdxFiles.images(dir.resolve("a-idx3-ubyte.gz"), 4, 8, 8);
        Idx.Bytes p = Idx.read(plain);
        Idx.Bytes g = Idx.read(gz);
        assertThat(p.shape()).containsExactly(4, 8, 8);
        assertThat(g.shape()).containsExactly(4, 8, 8);
        assertThat(g.values()).isEqualTo(p.values());
        // 256 pixels count 0..255: all byte values, read as unsigned
        int[] expected = new int[256];
        Arrays.setAll(expected, i -> i);
        assertThat(p.values()).isEqualTo(expected);
    }

    @Test
    void theShippedMnistSplitHasItsDocumentedSizes() {
        Path mnist = Path.of(System.getProperty("qasim.home", "..")).resolve("workloads/mnist");
        assertThat(Idx.read(mnist.resolve("train-images-idx3-ubyte.gz")).shape()).containsExactly(7996, 28, 28);
        assertThat(Idx.read(mnist.resolve("t10k-images-idx3-ubyte.gz")).shape()).containsExactly(2004, 28, 28);
        int[] labels = Idx.read(mnist.resolve("t10k-labels-idx1-ubyte.gz")).values();
        assertThat(labels).hasSize(2004);
        assertThat(Arrays.stream(labels).distinct().sorted().toArray()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void anotherElementTypeATruncatedBodyOrAMissingFileIsRefusedNamingTheFile() throws Exception {
        Path floats = IdxFiles.write(dir.resolve("f-idx1"), 0x00000D01, new int[] {2}, new byte[8]);
        assertThatThrownBy(() -> Idx.read(floats)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(floats.toString()).hasMessageContaining("magic number 0x00000d01");
        Path truncated = IdxFiles.write(dir.resolve("t-idx1"), 0x00000801, new int[] {10}, new byte[3]);
        assertThatThrownBy(() -> Idx.read(truncated)).isInstanceOf(BadInputException.class).hasMessageContaining("truncated");
        Path zero = IdxFiles.write(dir.resolve("z-idx1"), 0x00000801, new int[] {0}, new byte[0]);
        assertThatThrownBy(() -> Idx.read(zero)).isInstanceOf(BadInputException.class).hasMessageContaining("dimensions must be >= 1");
        assertThatThrownBy(() -> Idx.read(dir.resolve("absent"))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("file not found");
        Path text = Files.writeString(dir.resolve("x.gz"), "not gzip");
        assertThatThrownBy(() -> Idx.read(text)).isInstanceOf(BadInputException.class).hasMessageContaining("not a readable IDX file");
    }

    @Test
    void recordsOfAPlainOrGzipFileAreTheSameBytesAsTheWholeFileHolds() throws Exception {
        for (String name : java.util.List.of("r-idx3-ubyte", "r-idx3-ubyte.gz")) {
            Path file = IdxFiles.images(dir.resolve(name), 7, 3, 5);
            byte[] whole = Idx.read(file).bytes();
            for (int first = 0; first < 7; first++) {
                for (int count = 0; first + count <= 7; count++) {
                    Idx.Bytes part = Idx.read(file, first, count);
                    assertThat(part.shape()).containsExactly(count, 3, 5);
                    assertThat(part.bytes()).isEqualTo(Arrays.copyOfRange(whole, first * 15, (first + count) * 15));
                }
            }
            assertThat(Idx.shape(file)).containsExactly(7, 3, 5);
            assertThatThrownBy(() -> Idx.read(file, 5, 3)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> Idx.read(file, -1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void aTruncatedFileIsRefusedByTheWholeFileCheckAndByAReadOfRecordsPastItsEnd() throws Exception {
        // 4 records of 2 values declared, 5 values there: records 0 and 1 are whole, record 2 is cut
        Path truncated = IdxFiles.write(dir.resolve("t-idx2-ubyte.gz"), 0x00000802, new int[] {4, 2}, new byte[] {1, 2, 3, 4, 5});
        assertThatThrownBy(() -> Idx.shape(truncated)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(truncated.toString()).hasMessageContaining("truncated): 5 of the 8 values its header declares");
        assertThat(Idx.read(truncated, 1, 1).bytes()).containsExactly(3, 4);
        assertThatThrownBy(() -> Idx.read(truncated, 1, 2)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("truncated): 5 of the 8 values its header declares");
        assertThatThrownBy(() -> Idx.read(truncated, 3, 1)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("truncated): 5 of the 8 values its header declares");
    }
}
