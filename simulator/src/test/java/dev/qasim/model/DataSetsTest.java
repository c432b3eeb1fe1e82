package dev.qasim.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.qasim.input.BadInputException;
import dev.qasim.input.Problem;
import dev.qasim.workload.Idx;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data sets users have: NumPy arrays of any numeric dtype (.npz, .npy folders), image folders, splits, top-5,
 * models that are not classifiers, and the near-chance check; real MNIST digits from workloads/mnist.
 */
class DataSetsTest {
    static final Path HOME = Path.of(System.getProperty("qasim.home", ".."));
    static final Path TPU = HOME.resolve("arch-configs/tpu-like-int8.yaml");
    static final Path MLP = HOME.resolve("workloads/models/mlp-784-512-512-10-mnist.onnx");
    static final Path MNIST = HOME.resolve("workloads/mnist");

    @TempDir
    Path dir;

    /** The first n MNIST test digits and labels. */
    static int[][] digits(int n) {
        Idx.Bytes im = Idx.read(MNIST.resolve("t10k-images-idx3-ubyte.gz"));
        Idx.Bytes lb = Idx.read(MNIST.resolve("t10k-labels-idx1-ubyte.gz"));
        return new int[][] {Arrays.copyOf(im.values(), n * 784), Arrays.copyOf(lb.values(), n)};
    }

    /** n MNIST digits as float64 pixel / 255 [n, 784] and int64 labels, NumPy's default dtypes. */
    Path mnistNpz(String name, int n) throws IOException {
        int[][] d = digits(n);
        double[] x = Arrays.stream(d[0]).mapToDouble(v -> v / 255.0).toArray();
        return NpyFiles.npz(dir.resolve(name), new String[] {"x", "y"}, NpyFiles.float64(new int[] {n, 784}, x), NpyFiles.int64(d[1]));
    }

    private static Validation.Result validate(Path data, DataOptions options, int limit) {
        return Validation.run(Validation.Settings.builder(TPU, MLP, data).batch(100).limit(limit).dataOptions(options).build(),
                done -> { });
    }

    @Test
    void float64AndInt64ArraysInAnNpzValidateWithTheFirstTenthCalibratingAndTheRestEvaluated() throws IOException {
        Path npz = mnistNpz("digits.npz", 400);
        Dataset d = Dataset.load(npz).select(DataOptions.defaults());
        assertThat(d.calibrationSplit()).isInstanceOfSatisfying(Dataset.RangeSplit.class, c -> {
            assertThat(c.from()).isZero();
            assertThat(c.to()).isEqualTo(40);
        });
        assertThat(d.test().count()).isEqualTo(360);
        Validation.Result r = validate(npz, DataOptions.defaults(), 360);
        assertThat(r.testImages()).isEqualTo(360);
        assertThat(r.floatAccuracy()).isGreaterThan(90);
        assertThat(r.top5()).isNotNull();
        assertThat(r.top5().floatModel()).isGreaterThanOrEqualTo(r.floatAccuracy());
        assertThat(r.nearChance()).isFalse();
        assertThat(r.notes()).contains("one pool of 400 samples: calibration on samples 0 to 40 (the first 40 used), evaluation on "
                + "samples 40 to 400");
        // the same digits as an IDX folder evaluate to the same answers (pixel / 255 either way)
        Validation.Result split = validate(npz, new DataOptions(SampleRange.parse("0:400", "t"), SampleRange.parse("0:256", "c"), null,
                null, null, null), 400);
        Validation.Result idx = Validation.run(Validation.Settings.builder(TPU, MLP, MNIST).batch(100).limit(400).build(), done -> { });
        assertThat(split.floatAccuracy()).isEqualTo(idx.floatAccuracy());
        assertThat(split.exactAccuracy()).isEqualTo(idx.exactAccuracy());
        assertThat(split.hardwareAccuracy()).isEqualTo(idx.hardwareAccuracy());
        assertThat(split.notes()).anyMatch(n -> n.contains("(the two overlap)"));
    }

    @Test
    void trainAndTestArraysAndAFolderOfNpyFilesAreReadAsTheirSplits() throws IOException {
        int[][] d = digits(120);
        double[] x = Arrays.stream(d[0]).mapToDouble(v -> v / 255.0).toArray();
        Path split = NpyFiles.npz(dir.resolve("split.npz"), new String[] {"x_train", "y_train", "x_test", "y_test"},
                NpyFiles.float64(new int[] {80, 784}, Arrays.copyOf(x, 80 * 784)), NpyFiles.int64(Arrays.copyOf(d[1], 80)),
                NpyFiles.float64(new int[] {40, 784}, Arrays.copyOfRange(x, 80 * 784, 120 * 784)), NpyFiles.int64(Arrays.copyOfRange(d[1], 80, 120)));
        Dataset s = Dataset.load(split).select(DataOptions.defaults());
        assertThat(s.test().count()).isEqualTo(40);
        assertThat(s.calibrationSplit().count()).isEqualTo(80);
        assertThat(s.test().labels()).containsExactly(Arrays.copyOfRange(d[1], 80, 120));
        Path folder = Files.createDirectory(dir.resolve("arrays"));
        Files.write(folder.resolve("x.npy"), NpyFiles.float64(new int[] {120, 784}, x));
        Files.write(folder.resolve("y.npy"), NpyFiles.int64(d[1]));
        Dataset f = Dataset.load(folder).select(new DataOptions(SampleRange.parse("100:", "t"), SampleRange.parse(":50%", "c"), null,
                null, null, null));
        assertThat(f.test().count()).isEqualTo(20);
        assertThat(f.calibrationSplit().count()).isEqualTo(60);
        assertThat(f.test().images(0, 1)).containsExactly(Arrays.copyOfRange(x, 100 * 784, 101 * 784));
    }

    private static List<String> problems(Path data) {
        Throwable t = catchThrowable(() -> Dataset.load(data));
        assertThat(t).isInstanceOf(BadInputException.class);
        return ((BadInputException) t).problems().stream().map(Problem::message).toList();
    }

    @Test
    void mismatchedShapesAndNonIntegerLabelsAreOneLineEach() throws IOException {
        int[][] d = digits(10);
        double[] x = Arrays.stream(d[0]).mapToDouble(v -> v / 255.0).toArray();
        Path mismatch = NpyFiles.npz(dir.resolve("mismatch.npz"), new String[] {"x", "y"}, NpyFiles.float64(new int[] {10, 784}, x),
                NpyFiles.int64(Arrays.copyOf(d[1], 9)));
        assertThat(problems(mismatch)).containsExactly(mismatch + "[y.npy]: [9]: x holds 10 samples [10, 784]: the labels must be [10] "
                + "or [10, 1], one class per sample");
        Path floats = NpyFiles.npz(dir.resolve("floats.npz"), new String[] {"x", "y"}, NpyFiles.float64(new int[] {10, 784}, x),
                NpyFiles.float64(new int[] {10}, Arrays.stream(d[1]).mapToDouble(v -> v + 0.5).toArray()));
        assertThat(problems(floats)).containsExactly(floats + "[y.npy]: float64: the labels must be integer classes (an integer dtype "
                + "such as int64); for a model that is not a classifier leave y out");
        Path nox = NpyFiles.npz(dir.resolve("nox.npz"), new String[] {"y"}, NpyFiles.int64(d[1]));
        assertThat(problems(nox)).containsExactly(nox + ": [y]: holds no array x (or x_test): arrays x (samples) and y (integer "
                + "labels), or x_train, y_train, x_test, y_test");
        Path garbage = Files.writeString(dir.resolve("garbage.npz"), "not a zip");
        assertThat(problems(garbage)).hasSize(1).allMatch(l -> l.startsWith(garbage + ": is not a readable .npz archive"));
        assertThat(catchThrowable(() -> SampleRange.parse("10", "--test-split"))).hasMessage("--test-split: 10: must be FROM:TO, each a "
                + "sample index (0, 1000) or a percentage of the samples (90%), either may be empty: 0:1000, 90%:, :10%");
        Dataset pool = Dataset.load(mnistNpz("pool.npz", 10));
        assertThat(catchThrowable(() -> pool.select(new DataOptions(SampleRange.parse("5:20", "--test-split"), null, null, null, null,
                null)))).hasMessage("--test-split: 5:20: selects samples 5 to 20 of the test split (10 samples): the range must hold at "
                + "least one sample inside it");
    }

    /** A folder of MNIST digits as images: class folders named after the digits, PNG or JPEG. */
    private Path imageFolder(String name, int n, String format) throws IOException {
        int[][] d = digits(n);
        Path root = Files.createDirectory(dir.resolve(name));
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int p = 0; p < 784; p++) {
                img.getRaster().setSample(p % 28, p / 28, 0, d[0][i * 784 + p]);
            }
            Path cls = Files.createDirectories(root.resolve("digit-" + d[1][i]));
            ImageIO.write(img, format, cls.resolve(String.format("%04d.%s", i, format.equals("jpeg") ? "jpg" : format)).toFile());
        }
        return root;
    }

    @Test
    void anImageFolderOfPngDigitsValidatesLikeTheSameDigitsAsArrays() throws IOException {
        Path png = imageFolder("png", 200, "png");
        Files.writeString(png.resolve("README.txt"), "ignored: not an image");
        Validation.Result images = Validation.run(Validation.Settings.builder(TPU, MLP, png).batch(100).limit(180)
                .dataOptions(DataOptions.defaults()).build(), done -> { });
        // the same digits in class order: the classes are the sorted folder names, digit-0 .. digit-9
        assertThat(images.testImages()).isEqualTo(180);
        assertThat(images.floatAccuracy()).isGreaterThan(90);
        Dataset d = Dataset.load(png, DataOptions.defaults(), size -> Validation.layout(new int[] {-1, 784}, size, DataOptions.defaults(), MLP));
        Dataset.Split all = d.test();
        int[][] digits = digits(200);
        int first = all.labels()[0]; // digit-0's first file: the first 0 in the MNIST order
        int k = 0;
        while (digits[1][k] != first) {
            k++;
        }
        double[] expected = Arrays.stream(Arrays.copyOfRange(digits[0], k * 784, (k + 1) * 784)).mapToDouble(v -> v / 255.0).toArray();
        assertThat(all.images(0, 1)).containsExactly(expected);
    }

    @Test
    void resizingAndNormalizationFollowTheDocumentedSteps() {
        // a 4 x 4 plane halved: each output is the mean of a 2 x 2 block (the triangle filter over twice the support)
        double[] plane = new double[16];
        for (int i = 0; i < 16; i++) {
            plane[i] = i;
        }
        double[] half = ImageFolder.resize(plane, 4, 4, 2, 2);
        assertThat(half[0]).isBetween(2.0, 4.0);
        assertThat(half).containsExactly(ImageFolder.resize(plane, 4, 4, 2, 2)); // deterministic
        double[] same = ImageFolder.resize(plane, 4, 4, 4, 4);
        assertThat(same).containsExactly(plane);
        // upsampling by 2 with half-pixel centers: the corners keep their values, the inside interpolates
        double[] up = ImageFolder.resize(new double[] {0, 8}, 2, 1, 4, 1);
        assertThat(up).containsExactly(0, 2, 6, 8);
    }

    @Test
    void anUnreadableImageIsOneLineNamingTheFile() throws IOException {
        Path png = imageFolder("broken", 20, "png");
        Path bad = png.resolve("digit-7").resolve("zz-broken.png");
        Files.writeString(bad, "this is not a PNG");
        Throwable t = catchThrowable(() -> Dataset.load(png, DataOptions.defaults(), size -> new ImageFolder.Layout(1, 28, 28, false)));
        assertThat(t).isInstanceOf(BadInputException.class);
        assertThat(((BadInputException) t).problems()).singleElement().satisfies(p -> assertThat(p.message())
                .startsWith(bad + ": is not a readable image ("));
    }

    @Test
    void jpegImagesAndASplitIntoTrainAndValFoldersAreRead() throws IOException {
        Path root = Files.createDirectory(dir.resolve("splits"));
        Path train = imageFolder("splits/train", 60, "jpeg");
        Path val = imageFolder("splits/val", 30, "jpeg");
        assertThat(train.getParent()).isEqualTo(root);
        Dataset d = Dataset.load(root, DataOptions.defaults(), size -> new ImageFolder.Layout(1, 28, 28, false)).select(DataOptions.defaults());
        assertThat(d.test().count()).isEqualTo(30);
        assertThat(d.calibrationSplit().count()).isEqualTo(60);
        assertThat(val).exists();
        // JPEG is lossy: the pixels are close to the digits', not equal
        double[] x = d.test().images(0, 1);
        assertThat(Arrays.stream(x).max().orElse(0)).isGreaterThan(0.5);
    }

    @Test
    void aModelWithoutLabelsIsComparedWithItsFloatModelPerOutput() throws IOException {
        int[][] d = digits(50);
        double[] x = Arrays.stream(d[0]).mapToDouble(v -> v / 255.0).toArray();
        Path unlabeled = NpyFiles.npz(dir.resolve("x-only.npz"), new String[] {"x"}, NpyFiles.float64(new int[] {50, 784}, x));
        Validation.Result r = Validation.run(Validation.Settings.builder(TPU, MLP, unlabeled).batch(50).build(), done -> { });
        assertThat(r.floatAccuracy()).isNull();
        assertThat(r.hardwareAccuracy()).isNull();
        assertThat(r.chance()).isNull();
        assertThat(r.outputErrors()).singleElement().satisfies(e -> {
            assertThat(e.output()).isEqualTo("logits");
            assertThat(e.reference()).isEqualTo("float model");
            assertThat(e.exactSqnrDb()).isGreaterThan(20);
            assertThat(e.hardwareSqnrDb()).isEqualTo(e.exactSqnrDb()); // no overflow on a 32-bit accumulator
            assertThat(e.exactMaxAbsError()).isPositive();
        });
        assertThat(r.notes()).contains("the data have no labels: every output is compared with the float model");
    }

    @Test
    void aModelOnDataItWasNotTrainedForIsFlaggedNearChance() {
        Path cnn = HOME.resolve("workloads/models/cnn-fashion-mnist.onnx");
        Validation.Result r = Validation.run(Validation.Settings.builder(TPU, cnn, MNIST).batch(250).limit(500).build(), done -> { });
        assertThat(r.nearChance()).isTrue();
        assertThat(r.chance().accuracy()).isEqualTo(r.floatAccuracy());
        assertThat(r.chance().threshold()).isGreaterThan(r.chance().chance());
        assertThat(r.notes()).anyMatch(n -> n.startsWith("NEAR CHANCE: the float model's top-1"));
        assertThat(Validation.chance(97.5, new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}).near()).isFalse();
        assertThat(Validation.chance(10, new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}).near()).isTrue();
    }
}
