package dev.qasim.model;

import dev.qasim.input.BadInputException;
import dev.qasim.workload.Idx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A folder of IDX images and labels in the MNIST layout: {@code train-images-idx3-ubyte},
 * {@code train-labels-idx1-ubyte}, and for the test split {@code t10k-...} (or names with {@code test}), each
 * plain or {@code .gz}. The test split is evaluated; calibration takes the first images of the train split (of the
 * test split when there is no train split). Pixels become pixel / 255.
 *
 * @param test      the test images and labels
 * @param train     the train images and labels, or null
 */
public record Dataset(Path folder, Split test, Split train) {

    /** One split: {@code count} images of {@code rows x cols} bytes, and their labels. */
    public record Split(int count, int rows, int cols, int[] pixels, int[] labels) {
        /** Images first..first+n as floats pixel / 255, row-major (n x rows x cols). */
        public double[] images(int first, int n) {
            int size = rows * cols;
            double[] out = new double[n * size];
            for (int i = 0; i < out.length; i++) {
                out[i] = pixels[first * size + i] / 255.0;
            }
            return out;
        }
    }

    /** Reads a dataset folder. */
    public static Dataset load(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw BadInputException.of(folder.toString(), "", null, "not a folder of IDX images and labels (MNIST format)");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.sorted().toList();
        } catch (IOException e) {
            throw BadInputException.of(folder.toString(), "", null, "cannot list the folder (" + e.getMessage() + ")");
        }
        Split test = split(folder, files, "test");
        Split train = split(folder, files, "train");
        if (test == null && train == null) {
            throw BadInputException.of(folder.toString(), "", null, "holds no IDX images and labels (e.g. t10k-images-idx3-ubyte.gz "
                    + "and t10k-labels-idx1-ubyte.gz)");
        }
        return test == null ? new Dataset(folder, train, null) : new Dataset(folder, test, train);
    }

    private static Split split(Path folder, List<Path> files, String which) {
        Path images = find(files, which, "images");
        Path labels = find(files, which, "labels");
        if (images == null && labels == null) {
            return null;
        }
        if (images == null || labels == null) {
            throw BadInputException.of(folder.toString(), "", which, "has " + (images == null ? "labels" : "images")
                    + " of the " + which + " split but no " + (images == null ? "images" : "labels"));
        }
        Idx.Bytes im = Idx.read(images);
        Idx.Bytes lb = Idx.read(labels);
        if (im.shape().length != 3 || lb.shape().length != 1 || im.shape()[0] != lb.shape()[0]) {
            throw BadInputException.of(images.toString(), "", null, "images (count, rows, cols) and labels (count) must agree: "
                    + java.util.Arrays.toString(im.shape()) + " and " + java.util.Arrays.toString(lb.shape()));
        }
        return new Split(im.shape()[0], im.shape()[1], im.shape()[2], im.values(), lb.values());
    }

    private static Path find(List<Path> files, String which, String kind) {
        for (Path f : files) {
            String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
            boolean split = which.equals("test") ? n.contains("t10k") || n.contains("test") : n.contains("train");
            if (split && n.contains(kind) && n.contains("idx")) {
                return f;
            }
        }
        return null;
    }

    /** The split calibration draws from: train when present, else test. */
    public Split calibrationSplit() {
        return train != null ? train : test;
    }
}
