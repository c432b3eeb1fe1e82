package dev.qasim.model;

import dev.qasim.input.BadInputException;
import dev.qasim.model.ops.Tensor;
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
 * The samples a model is validated on (docs/validation.md, "Data sets"). Read from:
 * <ul>
 *   <li>a folder of IDX images and labels in the MNIST layout: {@code train-images-idx3-ubyte},
 *   {@code train-labels-idx1-ubyte}, and for the test split {@code t10k-...} (or names with {@code test}), each
 *   plain or {@code .gz}; pixels become pixel / 255. The test split is evaluated; calibration takes the first
 *   images of the train split (of the test split when there is no train split);</li>
 *   <li>an ONNX test case, as in ONNX's own test data: a folder with {@code test_data_set_N/input_0.pb} and
 *   {@code output_0.pb} (or one such {@code test_data_set_N} folder). The samples are the inputs' first dimension,
 *   all data sets together; a sample's label is the argmax of its expected output (the exporting tool chain's
 *   own prediction), so accuracy is the top-1 agreement with it. The same samples calibrate;</li>
 *   <li>NumPy arrays ({@link TensorData}): an {@code .npz} file or a folder of {@code .npy} files with {@code x}
 *   (samples on the first axis, in the model's input layout, any numeric dtype) and optionally {@code y} (integer
 *   classes), or {@code x_train}, {@code y_train}, {@code x_test}, {@code y_test};</li>
 *   <li>a folder of images, one subfolder per class ({@link ImageFolder}), or such folders named {@code train} and
 *   {@code val} (or {@code test}).</li>
 * </ul>
 * Without a train split, the arrays and image folders are split by default: the first 10 % of the samples calibrate,
 * the other 90 % are evaluated ({@link #select}).
 *
 * @param test              the evaluated samples and labels
 * @param train             the calibration samples and labels, or null (the test samples calibrate)
 * @param labelsFromOutputs true for an ONNX test case: labels are the expected outputs' argmax
 * @param holdOut           true when the test and train splits are parts of one pool (arrays and image folders
 *                          without their own splits)
 */
public record Dataset(Path folder, Split test, Split train, boolean labelsFromOutputs, boolean holdOut) {

    /** Samples of one shape, with their labels when the data has them. */
    public sealed interface Split permits IdxSplit, TensorSplit, ArraySplit, ImageFolderSplit, RangeSplit {
        int count();

        /** One sample's shape (rows, cols for an image). */
        int[] sampleShape();

        /** The class of every sample, or null for data without labels. */
        int[] labels();

        /** Samples first..first+n, row-major, one after the other. */
        double[] images(int first, int n);

        /** Where the labels come from (the IDX labels file, or the first expected-output file), for messages. */
        String labelsSource();

        /** Classes the labels are drawn from: the expected outputs' values per sample, or -1 when not known. */
        int classes();

        /** Values per sample. */
        default int sampleSize() {
            return Arrays.stream(sampleShape()).reduce(1, (a, b) -> a * b);
        }
    }

    /** Samples {@code from} to {@code to} (exclusive) of another split. */
    public record RangeSplit(Split base, int from, int to) implements Split {
        @Override
        public int count() {
            return to - from;
        }

        @Override
        public int[] sampleShape() {
            return base.sampleShape();
        }

        @Override
        public int[] labels() {
            return base.labels() == null ? null : Arrays.copyOfRange(base.labels(), from, to);
        }

        @Override
        public double[] images(int first, int n) {
            return base.images(from + first, n);
        }

        @Override
        public String labelsSource() {
            return base.labelsSource();
        }

        @Override
        public int classes() {
            return base.classes();
        }
    }

    /** Samples of a NumPy array (read batch by batch from its stored values), with integer labels or none. */
    public record ArraySplit(dev.qasim.workload.Npy.Array x, int[] labels, String labelsSource) implements Split {
        @Override
        public int count() {
            return x.shape()[0];
        }

        @Override
        public int[] sampleShape() {
            return Arrays.copyOfRange(x.shape(), 1, x.shape().length);
        }

        @Override
        public double[] images(int first, int n) {
            int size = sampleSize();
            double[] out = new double[n * size];
            for (int i = 0; i < out.length; i++) {
                out[i] = x.value(first * size + i);
            }
            return out;
        }

        @Override
        public int classes() {
            return -1;
        }
    }

    /** The images of an image folder, decoded and laid out batch by batch. */
    public record ImageFolderSplit(ImageFolder.Files files, ImageFolder.Layout layout, DataOptions options, String labelsSource)
            implements Split {
        @Override
        public int count() {
            return files.files().size();
        }

        @Override
        public int[] sampleShape() {
            return layout.shape();
        }

        @Override
        public int[] labels() {
            return files.labels();
        }

        @Override
        public double[] images(int first, int n) {
            int size = layout.size();
            double[] out = new double[n * size];
            for (int i = 0; i < n; i++) {
                System.arraycopy(ImageFolder.sample(files.files().get(first + i), layout, options), 0, out, i * size, size);
            }
            return out;
        }

        @Override
        public int classes() {
            return -1;
        }
    }

    /**
     * The images of an IDX file of {@code count} images of {@code rows x cols} bytes, read as pixel / 255 (each byte
     * unsigned), with their labels (read whole) from {@code labelsSource}. Of the images only a window is held, read
     * from the file when first asked for: a validation calibrates on the first 256 of Fashion-MNIST's 60,000 train
     * images and need not hold the other 47 MB. A request outside the window reads a new window from the file that
     * covers the old one and the request, and at least twice the old window's images (up to the count), so that a
     * split read batch after batch is read from the file a bounded number of times. Thread-safe: the runs of a
     * {@link Validation.Cache} share one.
     */
    public static final class IdxSplit implements Split {
        private final Path file;
        private final int count;
        private final int rows;
        private final int cols;
        private final int[] labels;
        private final String labelsSource;
        /** The images held: replaced whole, never changed in place, so a reader needs no lock. */
        private volatile Window held = new Window(0, new byte[0]);

        /** Images {@code first} on, {@code pixels.length / (rows * cols)} of them. */
        private record Window(int first, byte[] pixels) {}

        /**
         * @param file   the images (already checked whole: {@link Idx#shape})
         * @param labels one class per image
         * @throws IllegalArgumentException when the labels are not one per image
         */
        public IdxSplit(Path file, int count, int rows, int cols, int[] labels, String labelsSource) {
            if (count < 1 || rows < 1 || cols < 1 || labels.length != count) {
                throw new IllegalArgumentException("an IDX split needs images and one label per image: " + count + " images of "
                        + rows + "x" + cols + ", " + labels.length + " labels");
            }
            this.file = file;
            this.count = count;
            this.rows = rows;
            this.cols = cols;
            this.labels = labels;
            this.labelsSource = labelsSource;
        }

        /** The images file. */
        public Path file() {
            return file;
        }

        /** Images read from the file so far and held (for tests of what is held). */
        public int held() {
            return held.pixels().length / (rows * cols);
        }

        @Override
        public int count() {
            return count;
        }

        @Override
        public int[] sampleShape() {
            return new int[] {rows, cols};
        }

        @Override
        public int[] labels() {
            return labels;
        }

        @Override
        public String labelsSource() {
            return labelsSource;
        }

        @Override
        public int classes() {
            return -1;
        }

        /** @throws IndexOutOfBoundsException when the images asked for are not all in the split */
        @Override
        public double[] images(int first, int n) {
            java.util.Objects.checkFromIndexSize(first, n, count);
            int size = rows * cols;
            Window w = held;
            if (first < w.first() || (first + n - w.first()) * size > w.pixels().length) {
                w = cover(first, n);
            }
            double[] out = new double[n * size];
            int from = (first - w.first()) * size;
            for (int i = 0; i < out.length; i++) {
                out[i] = (w.pixels()[from + i] & 0xFF) / 255.0;
            }
            return out;
        }

        /** A window holding images first..first+n, read from the file unless another thread just did. */
        private synchronized Window cover(int first, int n) {
            int size = rows * cols;
            Window w = held;
            int end = w.first() + w.pixels().length / size;
            if (first >= w.first() && first + n <= end) {
                return w;
            }
            int from = end == w.first() ? first : Math.min(first, w.first());
            int to = (int) Math.min(count, Math.max((long) first + n, end + (long) (end - w.first())));
            Window read = new Window(from, Idx.read(file, from, to - from).bytes());
            held = read;
            return read;
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

    /** Reads a data set with the default options (arrays, IDX folders and ONNX test cases; no image folders). */
    public static Dataset load(Path folder) {
        return load(folder, DataOptions.defaults(), null);
    }

    /**
     * Reads a data set: an {@code .npz} file, or a folder of IDX files, {@code .npy} files, an ONNX test case or images.
     *
     * @param layout how images become samples (the model input's channels, size and order); null refuses image folders
     * @throws BadInputException naming the file and what is wrong, one line per problem
     */
    public static Dataset load(Path folder, DataOptions options, java.util.function.Function<int[], ImageFolder.Layout> layout) {
        if (Files.isRegularFile(folder) && folder.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npz")) {
            return TensorData.npz(folder);
        }
        if (!Files.isDirectory(folder)) {
            throw BadInputException.of(folder.toString(), "", null, Files.exists(folder) ? "is neither a folder nor an .npz file"
                    : "not found: --data takes a folder (IDX images and labels, .npy arrays, an ONNX test case or class folders "
                    + "of images) or an .npz file");
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
            return new Dataset(folder, onnxTestCase(sets), null, true, false);
        }
        if (files.stream().anyMatch(f -> f.getFileName().toString().matches("x(_train|_test)?\\.npy"))) {
            return TensorData.folder(folder);
        }
        Split test = split(folder, files, "test");
        Split train = split(folder, files, "train");
        if (test != null || train != null) {
            return test == null ? new Dataset(folder, train, null, false, false) : new Dataset(folder, test, train, false, false);
        }
        Path trainImages = folder.resolve("train");
        Path testImages = Files.isDirectory(folder.resolve("val")) ? folder.resolve("val") : folder.resolve("test");
        boolean twoSplits = Files.isDirectory(trainImages) && Files.isDirectory(testImages) && ImageFolder.isImageFolder(trainImages);
        if (twoSplits || ImageFolder.isImageFolder(folder)) {
            if (layout == null) {
                throw BadInputException.of(folder.toString(), "", null, "is a folder of images; qasim validate and tradeoff --data read "
                        + "them for a model whose input they fit");
            }
            if (twoSplits) {
                ImageFolder.Files tr = ImageFolder.scan(trainImages);
                ImageFolder.Files te = ImageFolder.scan(testImages);
                if (!tr.classes().equals(te.classes())) {
                    throw BadInputException.of(testImages.toString(), "", te.classes().toString(), "must have the classes of "
                            + trainImages + " " + tr.classes());
                }
                ImageFolder.Layout l = layout.apply(ImageFolder.size(te.files().get(0)));
                return new Dataset(folder, new ImageFolderSplit(te, l, options, testImages.toString()),
                        new ImageFolderSplit(tr, l, options, trainImages.toString()), false, false);
            }
            ImageFolder.Files all = ImageFolder.scan(folder);
            ImageFolder.Layout l = layout.apply(ImageFolder.size(all.files().get(0)));
            return new Dataset(folder, new ImageFolderSplit(all, l, options, folder.toString()), null, false, true);
        }
        throw BadInputException.of(folder.toString(), "", null, "holds no data qasim reads: IDX images and labels (e.g. "
                + "t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz), x.npy (and y.npy), ONNX test data sets "
                + "(test_data_set_0/input_0.pb) or class folders of images");
    }

    /**
     * The splits a validation uses: the options' ranges over the test and train splits, and, for a single pool of
     * arrays or images ({@link #holdOut}), by default the first 10 % of the samples to calibrate and the other 90 %
     * to evaluate (both ranges over the one pool). Without options, IDX folders and ONNX test cases keep their
     * splits.
     *
     * @throws BadInputException when a range selects no sample or reaches past its split
     */
    public Dataset select(DataOptions options) {
        SampleRange testRange = options.testSplit();
        SampleRange calRange = options.calibrationSplit();
        if (holdOut && train == null) {
            testRange = testRange != null ? testRange : SampleRange.fractions(0.1, 1);
            calRange = calRange != null ? calRange : SampleRange.fractions(0, 0.1);
        }
        Split t = range(test, testRange, "--test-split", "the " + (train == null && !holdOut ? "samples" : "test split"));
        Split pool = train != null ? train : test;
        Split c = calRange == null ? train : range(pool, calRange, "--calibration-split", train != null ? "the train split" : "the samples");
        return new Dataset(folder, t, c, labelsFromOutputs, holdOut || train == null && calRange != null);
    }

    private static Split range(Split split, SampleRange r, String option, String what) {
        if (r == null) {
            return split;
        }
        int[] fromTo = r.resolve(split.count(), option, what);
        return fromTo[0] == 0 && fromTo[1] == split.count() ? split : new RangeSplit(split, fromTo[0], fromTo[1]);
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
        int[] im = Idx.shape(images); // the whole file is checked here, but its images are read when asked for
        Idx.Bytes lb = Idx.read(labels);
        if (im.length != 3 || lb.shape().length != 1 || im[0] != lb.shape()[0]) {
            throw BadInputException.of(images.toString(), "", null, "images (count, rows, cols) and labels (count) must agree: "
                    + Arrays.toString(im) + " and " + Arrays.toString(lb.shape()));
        }
        return new IdxSplit(images, im[0], im[1], im[2], lb.values(), labels.toString());
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
        if (split.labels() == null) {
            return;
        }
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
