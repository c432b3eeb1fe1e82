package dev.qasim.model;

import dev.qasim.model.ops.Tensor;
import dev.qasim.input.BadInputException;
import dev.qasim.workload.Idx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Labelled samples a model is validated on. Two layouts are read:
 * <ul>
 *   <li>a folder of IDX images and labels in the MNIST layout: {@code train-images-idx3-ubyte},
 *   {@code train-labels-idx1-ubyte}, and for the test split {@code t10k-...} (or names with {@code test}), each
 *   plain or {@code .gz}; pixels become pixel / 255. The test split is evaluated; calibration takes the first
 *   images of the train split (of the test split when there is no train split);</li>
 *   <li>an ONNX test case, as in ONNX's own test data: a folder with {@code test_data_set_N/input_0.pb} and
 *   {@code output_0.pb} (or one such {@code test_data_set_N} folder). The samples are the inputs' first dimension,
 *   all data sets together; a sample's label is the argmax of its expected output (the exporting tool chain's
 *   own prediction), so accuracy is the top-1 agreement with it. The same samples calibrate.</li>
 * </ul>
 *
 * @param test             the evaluated samples and labels
 * @param train            the calibration samples and labels, or null (the test samples calibrate)
 * @param labelsFromOutputs true for an ONNX test case: labels are the expected outputs' argmax
 */
public record Dataset(Path folder, Split test, Split train, boolean labelsFromOutputs) {

    /** Labelled samples of one shape. */
    public sealed interface Split permits ImageSplit, TensorSplit {
        int count();

        /** One sample's shape (rows, cols for an image). */
        int[] sampleShape();

        int[] labels();

        /** Samples first..first+n, row-major, one after the other. */
        double[] images(int first, int n);

        /** Where the labels come from (the IDX labels file, or the first expected-output file), for messages. */
        String labelsSource();

        /** Classes the labels are drawn from: the expected outputs' values per sample, or -1 when not known (IDX). */
        int classes();

        /** Values per sample. */
        default int sampleSize() {
            return Arrays.stream(sampleShape()).reduce(1, (a, b) -> a * b);
        }
    }

    /** {@code count} images of {@code rows x cols} bytes, read as pixel / 255, with labels read from {@code labelsSource}. */
    public record ImageSplit(int count, int rows, int cols, int[] pixels, int[] labels, String labelsSource) implements Split {
        /** Images whose labels come from no particular file. */
        public ImageSplit(int count, int rows, int cols, int[] pixels, int[] labels) {
            this(count, rows, cols, pixels, labels, "labels");
        }

        @Override
        public int classes() {
            return -1;
        }

        @Override
        public int[] sampleShape() {
            return new int[] {rows, cols};
        }

        @Override
        public double[] images(int first, int n) {
            int size = rows * cols;
            double[] out = new double[n * size];
            for (int i = 0; i < out.length; i++) {
                out[i] = pixels[first * size + i] / 255.0;
            }
            return out;
        }
    }

    /** {@code count} samples of real values, labelled by the argmax of expected outputs of {@code classes} values each. */
    public record TensorSplit(int count, int[] sampleShape, double[] values, int[] labels, String labelsSource, int classes)
            implements Split {
        @Override
        public double[] images(int first, int n) {
            int size = sampleSize();
            return Arrays.copyOfRange(values, first * size, (first + n) * size);
        }
    }

    /** Reads a dataset folder (either layout). */
    public static Dataset load(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw BadInputException.of(folder.toString(), "", null, "not a folder of IDX images and labels (MNIST format) or an "
                    + "ONNX test case (test_data_set_N/input_0.pb, output_0.pb)");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.sorted().toList();
        } catch (IOException e) {
            throw BadInputException.of(folder.toString(), "", null, "cannot list the folder (" + e.getMessage() + ")");
        }
        List<Path> sets = new ArrayList<>(files.stream().filter(f -> f.getFileName().toString().startsWith("test_data_set_")
                && Files.isDirectory(f)).toList());
        if (sets.isEmpty() && folder.getFileName() != null && folder.getFileName().toString().startsWith("test_data_set_")) {
            sets.add(folder);
        }
        if (!sets.isEmpty()) {
            return new Dataset(folder, onnxTestCase(sets), null, true);
        }
        Split test = split(folder, files, "test");
        Split train = split(folder, files, "train");
        if (test == null && train == null) {
            throw BadInputException.of(folder.toString(), "", null, "holds no IDX images and labels (e.g. t10k-images-idx3-ubyte.gz "
                    + "and t10k-labels-idx1-ubyte.gz) and no ONNX test data sets (test_data_set_0/input_0.pb)");
        }
        return test == null ? new Dataset(folder, train, null, false) : new Dataset(folder, test, train, false);
    }

    private static Split onnxTestCase(List<Path> sets) {
        int[] sampleShape = null;
        int classes = -1;
        String firstOutput = null;
        List<double[]> inputs = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Path set : sets) {
            Path in = set.resolve("input_0.pb");
            Path out = set.resolve("output_0.pb");
            for (Path f : List.of(in, out)) {
                if (!Files.isRegularFile(f)) {
                    throw BadInputException.of(f.toString(), "", null, "file not found: an ONNX test data set needs input_0.pb and output_0.pb");
                }
            }
            Tensor.Real x = real(OnnxFile.tensorFile(in));
            Tensor.Real y = real(OnnxFile.tensorFile(out));
            firstOutput = firstOutput == null ? out.toString() : firstOutput;
            int[] xs = x.shape();
            int[] ys = y.shape();
            if (xs.length < 2 || ys.length != 2 || xs[0] != ys[0]) {
                throw BadInputException.of(set.toString(), "", Arrays.toString(xs) + " -> " + Arrays.toString(ys),
                        "validate needs a batch of samples (input [N, ...]) and one score per class (output [N, classes])");
            }
            int[] shape = Arrays.copyOfRange(xs, 1, xs.length);
            if (sampleShape != null && (!Arrays.equals(shape, sampleShape) || ys[1] != classes)) {
                throw BadInputException.of(set.toString(), "", Arrays.toString(xs) + " -> " + Arrays.toString(ys),
                        "every data set must have the same sample shape and classes as the first: " + Arrays.toString(sampleShape)
                                + " -> " + classes);
            }
            sampleShape = shape;
            classes = ys[1];
            inputs.add(x.data());
            for (int k = 0; k < y.data().length; k++) {
                if (!Double.isFinite(y.data()[k])) {
                    throw BadInputException.of(out.toString(), "values[" + k / classes + "][" + k % classes + "]", Double.toString(y.data()[k]),
                            "expected outputs must be finite numbers: a sample's label is the argmax of its expected output");
                }
            }
            for (int i = 0; i < ys[0]; i++) {
                int best = 0;
                for (int c = 1; c < classes; c++) {
                    if (y.data()[i * classes + c] > y.data()[i * classes + best]) {
                        best = c;
                    }
                }
                labels.add(best);
            }
        }
        double[] values = inputs.stream().flatMapToDouble(Arrays::stream).toArray();
        return new TensorSplit(labels.size(), sampleShape, values, labels.stream().mapToInt(Integer::intValue).toArray(), firstOutput,
                classes);
    }

    private static Tensor.Real real(Tensor t) {
        return t instanceof Tensor.Ints i ? i.dequantized() : (Tensor.Real) t;
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
                    + Arrays.toString(im.shape()) + " and " + Arrays.toString(lb.shape()));
        }
        return new ImageSplit(im.shape()[0], im.shape()[1], im.shape()[2], im.values(), lb.values(), labels.toString());
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

    /**
     * Checks that a split's labels are classes of a model with {@code classes} outputs per sample: IDX labels within
     * 0..classes - 1 (the first one outside is named), expected outputs with {@code classes} values per sample.
     *
     * @param output the model's output, for messages (name and shape)
     * @throws BadInputException naming the labels file, the first bad label's index and value, and the allowed range
     */
    static void checkLabels(Split split, int classes, String model, String output) {
        if (split.classes() >= 0) {
            if (split.classes() != classes) {
                throw BadInputException.of(split.labelsSource(), "", split.classes() + " values per sample", "the model " + model
                        + " has " + classes + " per sample (output " + output + "); the expected outputs must have as many");
            }
            return;
        }
        int[] labels = split.labels();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw BadInputException.of(split.labelsSource(), "labels[" + i + "]", Integer.toString(labels[i]), "the model " + model
                        + " has " + classes + " output classes (output " + output + "), so labels must be 0.." + (classes - 1));
            }
        }
    }

    /** The split calibration draws from: train when present, else test. */
    public Split calibrationSplit() {
        return train != null ? train : test;
    }
}
