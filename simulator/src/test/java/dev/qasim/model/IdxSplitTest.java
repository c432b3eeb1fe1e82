package dev.qasim.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qasim.input.BadInputException;
import dev.qasim.workload.Idx;
import dev.qasim.workload.IdxFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The images of an IDX data set are held only as far as they are read: the shipped MNIST train split (7,996 real
 * digits) against a whole read of its file, pixel / 255.
 */
class IdxSplitTest {
    static final Path MNIST = Path.of(System.getProperty("qasim.home", "..")).resolve("workloads/mnist");

    @TempDir
    Path dir;

    /** Every train image, pixel / 255, read whole: the oracle. */
    private static double[] wholeTrainSplit() {
        return Arrays.stream(Idx.read(MNIST.resolve("train-images-idx3-ubyte.gz")).values()).mapToDouble(v -> v / 255.0).toArray();
    }

    private static Dataset.IdxSplit train() {
        return (Dataset.IdxSplit) Dataset.load(MNIST).calibrationSplit();
    }

    @Test
    void aSplitReadForItsFirst256ImagesHoldsThoseAndStillGivesItsFullCount() {
        Dataset.IdxSplit split = train();
        assertThat(split.held()).isZero();
        double[] first = split.images(0, 256);
        assertThat(split.held()).isEqualTo(256);
        assertThat(split.count()).isEqualTo(7996);
        assertThat(split.labels()).hasSize(7996);
        assertThat(first).isEqualTo(Arrays.copyOf(wholeTrainSplit(), 256 * 784));
    }

    @Test
    void askedFor1000ImagesAfter256ItReturnsWhatAWholeReadGives() {
        Dataset.IdxSplit split = train();
        split.images(0, 256);
        double[] whole = wholeTrainSplit();
        assertThat(split.images(0, 1000)).isEqualTo(Arrays.copyOf(whole, 1000 * 784));
        assertThat(split.held()).isEqualTo(1000);
        // inside the window nothing is read again
        assertThat(split.images(500, 3)).isEqualTo(Arrays.copyOfRange(whole, 500 * 784, 503 * 784));
        assertThat(split.held()).isEqualTo(1000);
        // a batch past the window grows it to at least twice its images, so batch after batch is read a few times only
        assertThat(split.images(1000, 100)).isEqualTo(Arrays.copyOfRange(whole, 1000 * 784, 1100 * 784));
        assertThat(split.held()).isEqualTo(2000);
        assertThat(split.images(7990, 6)).isEqualTo(Arrays.copyOfRange(whole, 7990 * 784, 7996 * 784));
        assertThat(split.held()).isEqualTo(7996);
    }

    @Test
    void imagesFarIntoTheFileAreReadWithoutThoseBeforeThem() {
        Dataset.IdxSplit split = train();
        double[] whole = wholeTrainSplit();
        assertThat(split.images(5000, 10)).isEqualTo(Arrays.copyOfRange(whole, 5000 * 784, 5010 * 784));
        assertThat(split.held()).isEqualTo(10);
        // the window stays one run of images: asking for the first ones covers everything up to it
        assertThat(split.images(0, 2)).isEqualTo(Arrays.copyOf(whole, 2 * 784));
        assertThat(split.images(5000, 10)).isEqualTo(Arrays.copyOfRange(whole, 5000 * 784, 5010 * 784));
        assertThatThrownBy(() -> split.images(7990, 7)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void concurrentRequestsOfRandomRangesGetTheImagesAWholeReadGives() throws Exception {
        Dataset.IdxSplit split = train();
        double[] whole = wholeTrainSplit();
        Random random = new Random(15);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<int[]> ranges = new ArrayList<>();
            List<Future<double[]>> got = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int first = i < 100 ? random.nextInt(1200) : random.nextInt(7996);
                int n = 1 + random.nextInt(Math.min(64, 7996 - first));
                ranges.add(new int[] {first, n});
                got.add(pool.submit(() -> split.images(first, n)));
            }
            for (int i = 0; i < ranges.size(); i++) {
                int[] r = ranges.get(i);
                assertThat(got.get(i).get()).as("images %d to %d", r[0], r[0] + r[1])
                        .isEqualTo(Arrays.copyOfRange(whole, r[0] * 784, (r[0] + r[1]) * 784));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTruncatedImagesFileIsRefusedWhenTheDataSetIsLoadedThoughNoImageIsHeld() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("cut"));
        IdxFiles.images(folder.resolve("t10k-images-idx3-ubyte"), 3, 2, 2);
        IdxFiles.labels(folder.resolve("t10k-labels-idx1-ubyte"), 3);
        Path images = IdxFiles.write(folder.resolve("train-images-idx3-ubyte"), 0x00000803, new int[] {5, 2, 2}, new byte[19]);
        IdxFiles.labels(folder.resolve("train-labels-idx1-ubyte"), 5);
        assertThatThrownBy(() -> Dataset.load(folder)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(images.toString()).hasMessageContaining("truncated): 19 of the 20 values its header declares");
    }
}
