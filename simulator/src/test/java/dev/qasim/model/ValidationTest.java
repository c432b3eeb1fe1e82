package dev.qasim.model;

import static dev.qasim.model.OnnxBuilder.FLOAT;
import static dev.qasim.model.OnnxBuilder.names;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qasim.engine.Engine;
import dev.qasim.input.BadInputException;
import dev.qasim.quant.BitAllocation;
import dev.qasim.quant.Calibration;
import dev.qasim.workload.IdxFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qasim validate} on the shipped reference models and real data: the simulated hardware against the
 * exact quantized model (the oracle: with no overflow they agree image for image), the limits it checks, and the
 * engines agreeing.
 */
class ValidationTest {
    static final Path HOME = Path.of(System.getProperty("qasim.home", ".."));
    static final Path MLP = HOME.resolve("workloads/models/mlp-784-512-512-10-mnist.onnx");
    static final Path CNN = HOME.resolve("workloads/models/cnn-fashion-mnist.onnx");
    static final Path MNIST = HOME.resolve("workloads/mnist");
    static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");
    static final Path TPU = HOME.resolve("arch-configs/tpu-like-int8.yaml");
    static final Path TR = HOME.resolve("arch-configs/tr-fpga-64x128.yaml");

    @TempDir
    Path dir;

    static Validation.Result validate(Path arch, List<String> overrides, Path model, Path data, int bits, int limit) {
        return Validation.run(Validation.Settings.builder(arch, model, data).overrides(overrides).bits(bits, bits).batch(250)
                .limit(limit).build(), done -> { });
    }

    @Test
    void mlpOnTheMnistSplitWithWideAccumulatorsEqualsTheExactQuantizedModel() {
        Validation.Result r = validate(TPU, List.of(), MLP, MNIST, 8, 500);
        assertThat(r.testImages()).isEqualTo(500);
        assertThat(r.quantizedByQasim()).isTrue();
        assertThat(r.overflowEvents()).isZero();
        assertThat(r.violation()).isFalse();
        // the oracle: nothing overflowed, so the hardware computes the exact quantized model
        assertThat(r.hardwareAccuracy()).isEqualTo(r.exactAccuracy());
        // 8-bit quantization costs at most one point on this model
        assertThat(r.exactAccuracy()).isGreaterThanOrEqualTo(r.floatAccuracy() - 1.0);
        // regression pins of this subset (deterministic: fixed data, calibration and rounding)
        assertThat(r.floatAccuracy()).isEqualTo(FLOAT_MLP_500);
        assertThat(r.exactAccuracy()).isEqualTo(EXACT_MLP_500);
        for (Validation.LayerCheck l : r.layers()) {
            assertThat(l.fitsMultiplier()).isTrue();
            // what was observed is within the l1 bound, which is within the data-type worst case
            assertThat(l.observedBits()).isLessThanOrEqualTo(l.l1Bits());
            assertThat(l.l1Bits()).isLessThanOrEqualTo(l.dataTypeBits());
            assertThat(Math.max(-l.observedMin(), l.observedMax())).isLessThanOrEqualTo(l.l1Bound());
            assertThat(l.macs()).isPositive();
            assertThat(l.costModelPairs()).isEqualTo(l.macs() * 64);
            assertThat(l.termPairs()).isNull();
        }
        assertThat(r.layers()).extracting(Validation.LayerCheck::macs).containsExactly(784L * 512 * 500, 512L * 512 * 500, 512L * 10 * 500);
    }

    static final double FLOAT_MLP_500 = 100.0 * 489 / 500;
    static final double EXACT_MLP_500 = 100.0 * 489 / 500;

    @Test
    void accumulatorNarrowerThanTheObservedPartialSumsOverflowsAndIsAViolation() {
        Validation.Result wide = validate(TPU, List.of(), MLP, MNIST, 8, 200);
        int needed = wide.layers().stream().mapToInt(Validation.LayerCheck::observedBits).max().orElseThrow();
        Validation.Result narrow = validate(TPU, List.of("pe.accumulatorBits=" + (needed - 1), "pe.overflow=wrap"), MLP, MNIST, 8, 200);
        assertThat(narrow.overflowEvents()).isPositive();
        assertThat(narrow.violation()).isTrue();
        assertThat(narrow.layers()).anySatisfy(l -> assertThat(l.violations()).anyMatch(v -> v.contains("overflow events on the data")));
        // at exactly the observed width nothing overflows
        Validation.Result exact = validate(TPU, List.of("pe.accumulatorBits=" + needed, "pe.overflow=saturate"), MLP, MNIST, 8, 200);
        assertThat(exact.overflowEvents()).isZero();
        assertThat(exact.hardwareAccuracy()).isEqualTo(wide.hardwareAccuracy());
    }

    @Test
    void strictCountsAnL1BoundAboveTheAccumulatorAsAViolationEvenWithoutOverflow() {
        Validation.Result wide = validate(TPU, List.of(), MLP, MNIST, 8, 100);
        int observed = wide.layers().stream().mapToInt(Validation.LayerCheck::observedBits).max().orElseThrow();
        int l1 = wide.layers().stream().mapToInt(Validation.LayerCheck::l1Bits).max().orElseThrow();
        assertThat(observed).isLessThan(l1);
        List<String> at = List.of("pe.accumulatorBits=" + observed, "pe.overflow=saturate");
        Validation.Result lenient = validate(TPU, at, MLP, MNIST, 8, 100);
        Validation.Result strict = Validation.run(Validation.Settings.builder(TPU, MLP, MNIST).overrides(at).batch(250).limit(100)
                .strict(true).build(), done -> { });
        assertThat(lenient.violation()).isFalse();
        assertThat(strict.violation()).isTrue();
        assertThat(strict.layers()).anySatisfy(l -> assertThat(l.violations()).anyMatch(v -> v.contains("the l1 bound needs")));
    }

    @Test
    void operandsWiderThanTheMultiplierAreAViolationOnEveryLayer() {
        Validation.Result r = validate(TPU, List.of("pe.multiplierBits=4"), MLP, MNIST, 8, 50);
        assertThat(r.violation()).isTrue();
        assertThat(r.layers()).allSatisfy(l -> {
            assertThat(l.fitsMultiplier()).isFalse();
            assertThat(l.violations()).anyMatch(v -> v.contains("wider than the 4-bit multiplier"));
        });
        // 4-bit operands fit
        assertThat(validate(TPU, List.of("pe.multiplierBits=4"), MLP, MNIST, 4, 50).violation()).isFalse();
    }

    @Test
    void aTrappingAccumulatorStopsTheHardwareRunAndGivesNoAccuracy() {
        Validation.Result r = validate(TPU, List.of("pe.accumulatorBits=12", "pe.overflow=trap"), MLP, MNIST, 8, 600);
        assertThat(r.hardwareAccuracy()).isNull();
        assertThat(r.exactAccuracy()).isNotNull();
        assertThat(r.notes()).anyMatch(n -> n.contains("trapped"));
        assertThat(r.violation()).isTrue();
    }

    @Test
    void runsSharingACacheGiveWhatSeparateRunsGive() {
        Validation.Cache cache = new Validation.Cache();
        for (List<String> hardware : List.<List<String>>of(List.of(), List.of("pe.accumulatorBits=16", "pe.overflow=wrap"), List.of())) {
            Validation.Settings s = Validation.Settings.builder(TPU, MLP, MNIST).overrides(hardware).batch(250).limit(100).build();
            Validation.Result alone = Validation.run(s, done -> { });
            Validation.Result shared = cache.run(s);
            assertThat(shared.floatAccuracy()).isEqualTo(alone.floatAccuracy());
            assertThat(shared.exactAccuracy()).isEqualTo(alone.exactAccuracy());
            assertThat(shared.hardwareAccuracy()).isEqualTo(alone.hardwareAccuracy());
            assertThat(shared.layers()).usingRecursiveFieldByFieldElementComparator().isEqualTo(alone.layers());
            assertThat(shared.notes()).isEqualTo(alone.notes());
        }
    }

    @Test
    void settingsCalibratingOnMoreImagesThanTheCachedDataSetHoldsGiveWhatSeparateRunsGiveAlsoConcurrently() throws Exception {
        Validation.Cache cache = new Validation.Cache();
        java.util.function.IntFunction<Validation.Settings> calibrating = n -> Validation.Settings.builder(TPU, MLP, MNIST).calibration(n)
                .batch(250).limit(100).build();
        List<Validation.Settings> settings = List.of(calibrating.apply(16), calibrating.apply(600), calibrating.apply(64),
                calibrating.apply(300));
        List<Validation.Result> shared = new ArrayList<>();
        shared.add(cache.run(settings.get(0))); // the cached data set now holds the first 16 train images
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            List<java.util.concurrent.Future<Validation.Result>> later = new ArrayList<>();
            settings.subList(1, settings.size()).forEach(s -> later.add(pool.submit(() -> cache.run(s))));
            for (java.util.concurrent.Future<Validation.Result> f : later) {
                shared.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < settings.size(); i++) {
            Validation.Result alone = Validation.run(settings.get(i), done -> { });
            assertThat(shared.get(i).calibrationImages()).isEqualTo(settings.get(i).calibration());
            assertThat(shared.get(i).floatAccuracy()).isEqualTo(alone.floatAccuracy());
            assertThat(shared.get(i).exactAccuracy()).isEqualTo(alone.exactAccuracy());
            assertThat(shared.get(i).hardwareAccuracy()).isEqualTo(alone.hardwareAccuracy());
            assertThat(shared.get(i).outputErrors()).usingRecursiveFieldByFieldElementComparator().isEqualTo(alone.outputErrors());
            assertThat(shared.get(i).layers()).usingRecursiveFieldByFieldElementComparator().isEqualTo(alone.layers());
        }
        // the calibration images matter: 16 and 600 images calibrate the model differently
        assertThat(shared.get(0).outputErrors()).usingRecursiveFieldByFieldElementComparator().isNotEqualTo(shared.get(1).outputErrors());
    }

    @Test
    void steppedAndFastEnginesGiveTheSameChecksCyclesAndAccuracy() {
        List<String> small = List.of("array.rows=16", "array.cols=16", "pe.accumulatorBits=16", "pe.overflow=saturate");
        Validation.Result[] runs = new Validation.Result[2];
        Engine.Kind[] kinds = {Engine.Kind.FAST, Engine.Kind.STEPPED};
        for (int i = 0; i < 2; i++) {
            runs[i] = Validation.run(Validation.Settings.builder(TPU, MLP, MNIST).overrides(small).calibration(64).batch(4).limit(8)
                    .engine(kinds[i]).build(), done -> { });
        }
        assertThat(runs[0].overflowEvents()).isPositive();
        assertThat(runs[1].hardwareAccuracy()).isEqualTo(runs[0].hardwareAccuracy());
        assertThat(runs[1].layers()).usingRecursiveFieldByFieldElementComparator().isEqualTo(runs[0].layers());
    }

    @Test
    void termRevealingCountsNonzeroTermPairsWithinTheBudgetOfTheCostModel() {
        Validation.Result r = validate(TR, List.of("terms.groupSize=16", "terms.groupBudget=10", "terms.dataTerms=6"), MLP, MNIST, 4,
                100);
        for (Validation.LayerCheck l : r.layers()) {
            // k s / g term pairs per MAC: 10 x 6 / 16 (every layer's fan-in is a multiple of 16)
            assertThat(l.costModelPairs() * 16).isEqualTo(l.macs() * 10 * 6);
            assertThat(l.termPairs()).isPositive().isLessThanOrEqualTo(l.costModelPairs());
        }
        assertThat(r.termPairs()).isEqualTo(r.layers().stream().mapToLong(Validation.LayerCheck::termPairs).sum());
        assertThat(r.hardwareAccuracy()).isGreaterThan(90.0);
    }

    @Test
    void anotherCalibrationPolicyIsUsedAndReported() {
        Validation.Result max = validate(TPU, List.of(), MLP, MNIST, 4, 200);
        Validation.Result mse = Validation.run(Validation.Settings.builder(TPU, MLP, MNIST).bits(4, 4).batch(250).limit(200)
                .calibrate(Calibration.mse()).build(), done -> { });
        assertThat(max.calibration()).isEqualTo("max");
        assertThat(mse.calibration()).isEqualTo("mse");
        assertThat(mse.layers()).extracting(Validation.LayerCheck::observedMax)
                .isNotEqualTo(max.layers().stream().map(Validation.LayerCheck::observedMax).toList());
    }

    @Test
    void bitAllocationOfTheFirstLayerIsTheWidestWidthWithoutOverflowWhenTheModelRunsOnItsCalibrationImages() {
        // the first layer sees the images themselves, so its allocation on the calibration images is exact: at the
        // allocated width the hardware has no event there on those images, one bit wider it has
        List<String> acc = List.of("pe.accumulatorBits=16", "pe.overflow=saturate");
        Validation.Result r = Validation.run(Validation.Settings.builder(TPU, MLP, MNIST).overrides(acc).batch(250).limit(256)
                .onCalibration(true).references(false).allocate(true).build(), done -> { });
        assertThat(r.layers()).allSatisfy(l -> {
            BitAllocation a = l.allocation();
            assertThat(a.accumulator().bits()).isEqualTo(16);
            assertThat(a.choices()).extracting(BitAllocation.Choice::dataBits).containsExactly(2, 3, 4, 5, 6, 7, 8);
            // what the l1 bound guarantees for any data holds on these data
            assertThat(a.observedEqual()).isGreaterThanOrEqualTo(a.guaranteedEqual());
            assertThat(a.choices()).allSatisfy(c -> assertThat(c.observedWeightBits()).isGreaterThanOrEqualTo(c.guaranteedWeightBits()));
        });
        int b = r.layers().get(0).allocation().observedEqual();
        assertThat(b).isBetween(3, 7);
        assertThat(firstLayerEvents(acc, b)).isZero();
        assertThat(firstLayerEvents(acc, b + 1)).isPositive();
        // without the option nothing is allocated
        assertThat(validate(TPU, acc, MLP, MNIST, 8, 20).layers()).allSatisfy(l -> assertThat(l.allocation()).isNull());
    }

    private static long firstLayerEvents(List<String> acc, int bits) {
        return Validation.run(Validation.Settings.builder(TPU, MLP, MNIST).overrides(acc).bits(bits, bits).batch(250).limit(256)
                .onCalibration(true).references(false).build(), done -> { }).layers().get(0).overflowEvents();
    }

    @Test
    void mseWeightScalesKeepTwoBitWeightsAccurateWhereMaxScalesCollapse() {
        Validation.Result[] runs = new Validation.Result[2];
        Calibration[] weights = {Calibration.max(), Calibration.mse()};
        for (int i = 0; i < 2; i++) {
            runs[i] = Validation.run(Validation.Settings.builder(TPU, MLP, MNIST).bits(2, 6).batch(250).limit(200)
                    .weightCalibrate(weights[i]).build(), done -> { });
        }
        assertThat(runs[0].weightCalibration()).isEqualTo("max");
        assertThat(runs[1].weightCalibration()).isEqualTo("mse");
        // one max scale per channel leaves most 2-bit weights at zero; mse clips the outliers instead
        assertThat(runs[0].exactAccuracy()).isLessThan(50.0);
        assertThat(runs[1].exactAccuracy()).isGreaterThan(90.0);
        assertThat(runs[1].hardwareAccuracy()).isEqualTo(runs[1].exactAccuracy());
        // power-of-two activations make the weight scales powers of two too
        Validation.Result pow2 = Validation.run(Validation.Settings.builder(TPU, MLP, MNIST).bits(4, 6).batch(250).limit(20)
                .references(false).calibrate(Calibration.max().withPowerOfTwo()).weightCalibrate(Calibration.mse()).build(), done -> { });
        assertThat(pow2.weightCalibration()).isEqualTo("mse-pow2");
    }

    @Test
    void cnnOnFashionMnistWithWideAccumulatorsEqualsTheExactQuantizedModel() {
        boolean present = Files.isRegularFile(FASHION.resolve("t10k-images-idx3-ubyte.gz"));
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but Fashion-MNIST is missing at " + FASHION + "; .ci/run installs dataset-fashion-mnist");
        }
        Assumptions.assumeTrue(present, "Fashion-MNIST not installed at " + FASHION + " (apt-get install dataset-fashion-mnist)");
        Validation.Result r = validate(TPU, List.of(), CNN, FASHION, 8, 300);
        assertThat(r.overflowEvents()).isZero();
        assertThat(r.hardwareAccuracy()).isEqualTo(r.exactAccuracy());
        assertThat(r.exactAccuracy()).isGreaterThanOrEqualTo(r.floatAccuracy() - 2.0);
        assertThat(r.floatAccuracy()).isEqualTo(FLOAT_CNN_300);
        assertThat(r.exactAccuracy()).isEqualTo(EXACT_CNN_300);
        assertThat(r.layers()).hasSizeGreaterThanOrEqualTo(3);
    }

    static final double FLOAT_CNN_300 = 100.0 * 274 / 300;
    static final double EXACT_CNN_300 = 100.0 * 274 / 300;

    @Test
    void correctCountsRowsWhoseArgmaxIsTheLabel() {
        ModelOutput out = new ModelOutput("y", new int[] {3, 3}, new double[] {0.1, 0.7, 0.2, 5, -1, 4, 0, 0, 1}, false);
        assertThat(Validation.correct(out, new int[] {1, 0, 2})).isEqualTo(3);
        assertThat(Validation.correct(out, new int[] {0, 0, 0})).isEqualTo(1);
    }

    @Test
    void aModelInputThatDoesNotMatchTheImagesIsRefusedNamingBothShapes() {
        Dataset.Split split = new Dataset.TensorSplit(1, new int[] {28, 28}, new double[784], new int[1], "labels", -1);
        Path model = Path.of("m.onnx");
        assertThat(Validation.shapeFor(new int[] {-1, 1, 28, 28}, 5, split, model)).containsExactly(5, 1, 28, 28);
        assertThatThrownBy(() -> Validation.shapeFor(new int[] {-1, 3, 32, 32}, 5, split, model))
                .isInstanceOf(BadInputException.class).hasMessageContaining("takes 3072 values per sample; the data has [28, 28] = 784");
        assertThatThrownBy(() -> Validation.shapeFor(new int[] {1, 784}, 5, split, model))
                .isInstanceOf(BadInputException.class).hasMessageContaining("fixed batch of 1");
        assertThatThrownBy(() -> Validation.shapeFor(new int[] {-1, -1}, 5, split, model))
                .isInstanceOf(BadInputException.class).hasMessageContaining("only the batch dimension may be symbolic");
    }

    @Test
    void aDatasetFolderWithoutLabelsOrWithDisagreeingCountsIsRefused() throws Exception {
        assertThatThrownBy(() -> Dataset.load(dir.resolve("absent"))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("not found: --data takes a folder");
        Path only = Files.createDirectory(dir.resolve("only-images"));
        IdxFiles.images(only.resolve("t10k-images-idx3-ubyte"), 2, 2, 2);
        assertThatThrownBy(() -> Dataset.load(only)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("has images of the test split but no labels");
        Path mismatch = Files.createDirectory(dir.resolve("mismatch"));
        IdxFiles.images(mismatch.resolve("t10k-images-idx3-ubyte"), 3, 2, 2);
        IdxFiles.labels(mismatch.resolve("t10k-labels-idx1-ubyte"), 2);
        assertThatThrownBy(() -> Dataset.load(mismatch)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("must agree: [3, 2, 2] and [2]");
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThatThrownBy(() -> Dataset.load(empty)).isInstanceOf(BadInputException.class).hasMessageContaining("holds no data qasim reads: IDX images and labels");
    }

    @Test
    void aDatasetWithoutATrainSplitCalibratesOnTestImagesAndTheNotesSaySo() throws Exception {
        Path testOnly = Files.createDirectory(dir.resolve("test-only"));
        for (String f : List.of("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")) {
            Files.copy(MNIST.resolve(f), testOnly.resolve(f));
        }
        Validation.Result r = Validation.run(Validation.Settings.builder(TPU, MLP, testOnly).calibration(16).batch(250).limit(20).build(),
                done -> { });
        assertThat(r.notes()).contains("the dataset has no train split: the model was calibrated on the first 16 test images, "
                + "which are also evaluated");
        assertThat(validate(TPU, List.of(), MLP, MNIST, 8, 20).notes()).noneMatch(n -> n.contains("no train split"));
    }

    @Test
    void theTestSplitIsEvaluatedAndCalibrationDrawsFromTheTrainSplit() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("set"));
        IdxFiles.images(folder.resolve("t10k-images-idx3-ubyte"), 3, 2, 2);
        IdxFiles.labels(folder.resolve("t10k-labels-idx1-ubyte"), 3);
        IdxFiles.images(folder.resolve("train-images-idx3-ubyte"), 5, 2, 2);
        IdxFiles.labels(folder.resolve("train-labels-idx1-ubyte"), 5);
        Dataset d = Dataset.load(folder);
        assertThat(d.test().count()).isEqualTo(3);
        assertThat(d.calibrationSplit().count()).isEqualTo(5);
        // pixel / 255, row-major
        assertThat(d.test().images(1, 1)).containsExactly(4 / 255.0, 5 / 255.0, 6 / 255.0, 7 / 255.0);
        List<Integer> labels = new ArrayList<>();
        for (int l : d.test().labels()) {
            labels.add(l);
        }
        assertThat(labels).containsExactly(0, 1, 2);
    }

    /** x [N, 4] -> Gemm -> y [N, 3]: a 3-class model for 2 x 2 images. */
    private Path threeClassModel() throws java.io.IOException {
        OnnxBuilder b = new OnnxBuilder(21);
        b.input("x", FLOAT, -1, 4).output("y", FLOAT, -1, 3);
        b.weights("w", new int[] {3, 4}, -1, 1).weights("b", new int[] {3}, -0.1, 0.1);
        b.node("Gemm", "fc", names("x", "w", "b"), names("y"), "transB", 1);
        return b.write(dir.resolve("three.onnx"));
    }

    @Test
    void idxLabelsOutsideTheModelsClassesAreRefusedNamingTheFileTheFirstBadLabelAndTheRange() throws Exception {
        Path model = threeClassModel();
        Path good = Files.createDirectory(dir.resolve("good"));
        IdxFiles.images(good.resolve("t10k-images-idx3-ubyte"), 4, 2, 2);
        IdxFiles.write(good.resolve("t10k-labels-idx1-ubyte"), 0x801, new int[] {4}, new byte[] {0, 2, 1, 1});
        assertThat(validate(TPU, List.of(), model, good, 8, 4).testImages()).isEqualTo(4);
        Path bad = Files.createDirectory(dir.resolve("bad"));
        IdxFiles.images(bad.resolve("t10k-images-idx3-ubyte"), 4, 2, 2);
        Path labels = IdxFiles.write(bad.resolve("t10k-labels-idx1-ubyte"), 0x801, new int[] {4}, new byte[] {0, 2, (byte) 200, 7});
        assertThatThrownBy(() -> validate(TPU, List.of(), model, bad, 8, 4)).isInstanceOf(BadInputException.class)
                .hasMessage(labels + ": labels[2] = 200: the model " + model + " has 3 output classes (output y [1, 3]), so labels "
                        + "must be 0..2");
    }

    @Test
    void anOnnxTestCaseWhoseExpectedOutputsHaveOtherClassesThanTheModelIsRefused() throws Exception {
        Path model = threeClassModel();
        Path set = Files.createDirectories(dir.resolve("case/test_data_set_0"));
        Files.write(set.resolve("input_0.pb"), OnnxBuilder.floats("x", new int[] {2, 4}, new double[8]).toByteArray());
        Files.write(set.resolve("output_0.pb"), OnnxBuilder.floats("y", new int[] {2, 5}, new double[10]).toByteArray());
        assertThatThrownBy(() -> validate(TPU, List.of(), model, dir.resolve("case"), 8, 2)).isInstanceOf(BadInputException.class)
                .hasMessage(set.resolve("output_0.pb") + ": 5 values per sample: the model " + model + " has 3 per sample (output y "
                        + "[1, 3]); the expected outputs must have as many");
    }

    @Test
    void anOnnxTestCaseWithNanOrInfiniteExpectedOutputsIsRefusedNamingTheValue() throws Exception {
        Path set = Files.createDirectories(dir.resolve("nan/test_data_set_0"));
        Files.write(set.resolve("input_0.pb"), OnnxBuilder.floats("x", new int[] {2, 4}, new double[8]).toByteArray());
        Files.write(set.resolve("output_0.pb"), OnnxBuilder.floats("y", new int[] {2, 3},
                new double[] {0, 1, 2, 3, Double.NaN, 5}).toByteArray());
        assertThatThrownBy(() -> Dataset.load(dir.resolve("nan"))).isInstanceOf(BadInputException.class)
                .hasMessage(set.resolve("output_0.pb") + ": values[1][1] = NaN: expected outputs must be finite numbers: a sample's "
                        + "label is the argmax of its expected output");
        Files.write(set.resolve("output_0.pb"), OnnxBuilder.floats("y", new int[] {2, 3},
                new double[] {0, Double.POSITIVE_INFINITY, 2, 3, 4, 5}).toByteArray());
        assertThatThrownBy(() -> Dataset.load(dir.resolve("nan"))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("values[0][1] = Infinity: expected outputs must be finite numbers");
    }
}
