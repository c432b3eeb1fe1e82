package dev.qasim.model;

import dev.qasim.quant.AccumulatorBounds;
import dev.qasim.config.ArchConfig;
import dev.qasim.config.ArchLoader;
import dev.qasim.engine.ProcessingElement;
import dev.qasim.energy.EnergyModel;
import dev.qasim.engine.Engine;
import dev.qasim.engine.EngineOptions;
import dev.qasim.engine.LayerResult;
import dev.qasim.engine.NonzeroTermPairs;
import dev.qasim.engine.PartialSumBounds;
import dev.qasim.input.BadInputException;
import dev.qasim.quant.BitAllocation;
import dev.qasim.quant.Calibration;
import dev.qasim.workload.Layer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;

/**
 * {@code qasim validate}: a quantized model against a hardware's limits, on real data. A float model is
 * quantized first (weights and data to the given widths, calibrated on the first images of the train split); a
 * quantized model keeps its own types. The test split then runs three ways, in batches: the float model, the
 * quantized model with exact arithmetic, and the model on the simulated hardware (its accumulator and policy,
 * lanes, term revealing). Per array layer: operand widths against the multiplier (each in its own signedness),
 * the static accumulator bounds against the accumulator, the partial sums and overflow events observed on the
 * data, the smallest safe accumulator width, cycles and energy. A layer violates the hardware's limits when an
 * operand is wider than the multiplier (MAC PEs), when an overflow happened on the data, or, with
 * {@code strict}, when the l1 bound says one could.
 */
public final class Validation {

    /**
     * What to validate; built with {@link #builder} (every setting has a default but the three files).
     */
    public static final class Settings {
        private final Path arch;
        private final List<String> overrides;
        private final Path model;
        private final Path data;
        private final int weightBits;
        private final int dataBits;
        private final int calibration;
        private final int batch;
        private final Integer limit;
        private final boolean strict;
        private final Engine.Kind engine;
        private final boolean onCalibration;
        private final boolean references;
        private final Calibration calibrate;
        private final boolean allocate;
        private final Calibration weightCalibrate;
        private final DataOptions dataOptions;
        private final boolean allowNearChance;

        private Settings(Builder b) {
            this.arch = java.util.Objects.requireNonNull(b.arch, "arch");
            this.overrides = List.copyOf(b.overrides);
            this.model = java.util.Objects.requireNonNull(b.model, "model");
            this.data = java.util.Objects.requireNonNull(b.data, "data");
            this.weightBits = b.weightBits;
            this.dataBits = b.dataBits;
            this.calibration = b.calibration;
            this.batch = b.batch;
            this.limit = b.limit;
            this.strict = b.strict;
            this.engine = java.util.Objects.requireNonNull(b.engine, "engine");
            this.onCalibration = b.onCalibration;
            this.references = b.references;
            this.calibrate = java.util.Objects.requireNonNull(b.calibrate, "calibrate");
            this.allocate = b.allocate;
            this.weightCalibrate = java.util.Objects.requireNonNull(b.weightCalibrate, "weightCalibrate");
            this.dataOptions = java.util.Objects.requireNonNull(b.dataOptions, "dataOptions");
            this.allowNearChance = b.allowNearChance;
        }

        /** Settings for a model on data on an architecture: 8-bit weights and data, max calibration, the test split. */
        public static Builder builder(Path arch, Path model, Path data) {
            return new Builder(arch, model, data);
        }

        /** A builder holding these settings (to change some). */
        public Builder toBuilder() {
            return new Builder(arch, model, data).overrides(overrides).bits(weightBits, dataBits).calibration(calibration).batch(batch)
                    .limit(limit).strict(strict).engine(engine).onCalibration(onCalibration).references(references).calibrate(calibrate)
                    .allocate(allocate).weightCalibrate(weightCalibrate).dataOptions(dataOptions).allowNearChance(allowNearChance);
        }

        public Path arch() {
            return arch;
        }

        /** {@code --set} overrides of architecture keys. */
        public List<String> overrides() {
            return overrides;
        }

        public Path model() {
            return model;
        }

        public Path data() {
            return data;
        }

        /** Weights of a float model quantized by qasim. */
        public int weightBits() {
            return weightBits;
        }

        /** Activations of a float model quantized by qasim. */
        public int dataBits() {
            return dataBits;
        }

        /** Samples of the calibration split that calibrate a float model (at most). */
        public int calibration() {
            return calibration;
        }

        /** Samples per simulated batch. */
        public int batch() {
            return batch;
        }

        /** Evaluate only the first this many test samples (null: all). */
        public Integer limit() {
            return limit;
        }

        /** Also a violation: an overflow the l1 bound says is possible. */
        public boolean strict() {
            return strict;
        }

        public Engine.Kind engine() {
            return engine;
        }

        /** Evaluate the first samples of the calibration split instead of the test split (to choose bit widths). */
        public boolean onCalibration() {
            return onCalibration;
        }

        /** Also run the float model and the exact quantized model (false: the hardware only). */
        public boolean references() {
            return references;
        }

        /** How a float model's activation scales are chosen on the calibration samples. */
        public Calibration calibrate() {
            return calibrate;
        }

        /** Also allocate bits per layer for the hardware's accumulator ({@link BitAllocation}). */
        public boolean allocate() {
            return allocate;
        }

        /** How a float model's weight scales are chosen, one per output channel. */
        public Calibration weightCalibrate() {
            return weightCalibrate;
        }

        /** How the data are split and images read. */
        public DataOptions dataOptions() {
            return dataOptions;
        }

        /** Accept a float model whose accuracy on the data is near chance (else that is a finding: exit 3). */
        public boolean allowNearChance() {
            return allowNearChance;
        }

        /** Builds {@link Settings}; the defaults are validate's. */
        public static final class Builder {
            private final Path arch;
            private final Path model;
            private final Path data;
            private List<String> overrides = List.of();
            private int weightBits = 8;
            private int dataBits = 8;
            private int calibration = 256;
            private int batch = 500;
            private Integer limit;
            private boolean strict;
            private Engine.Kind engine = Engine.Kind.FAST;
            private boolean onCalibration;
            private boolean references = true;
            private Calibration calibrate = Calibration.max();
            private boolean allocate;
            private Calibration weightCalibrate = Calibration.max();
            private DataOptions dataOptions = DataOptions.defaults();
            private boolean allowNearChance;

            private Builder(Path arch, Path model, Path data) {
                this.arch = arch;
                this.model = model;
                this.data = data;
            }

            public Builder overrides(List<String> v) {
                this.overrides = List.copyOf(v);
                return this;
            }

            /** Weight and data widths of a float model quantized by qasim. */
            public Builder bits(int weights, int activations) {
                this.weightBits = weights;
                this.dataBits = activations;
                return this;
            }

            public Builder calibration(int samples) {
                this.calibration = samples;
                return this;
            }

            public Builder batch(int samples) {
                this.batch = samples;
                return this;
            }

            public Builder limit(Integer samples) {
                this.limit = samples;
                return this;
            }

            public Builder strict(boolean v) {
                this.strict = v;
                return this;
            }

            public Builder engine(Engine.Kind v) {
                this.engine = v;
                return this;
            }

            public Builder onCalibration(boolean v) {
                this.onCalibration = v;
                return this;
            }

            public Builder references(boolean v) {
                this.references = v;
                return this;
            }

            public Builder calibrate(Calibration v) {
                this.calibrate = v;
                return this;
            }

            public Builder allocate(boolean v) {
                this.allocate = v;
                return this;
            }

            public Builder weightCalibrate(Calibration v) {
                this.weightCalibrate = v;
                return this;
            }

            public Builder dataOptions(DataOptions v) {
                this.dataOptions = v;
                return this;
            }

            public Builder allowNearChance(boolean v) {
                this.allowNearChance = v;
                return this;
            }

            public Settings build() {
                return new Settings(this);
            }
        }
    }

    /**
     * One array layer, summed over the test split.
     *
     * @param observedBits   the smallest accumulator that holds every partial sum seen (safe under every policy)
     * @param termPairs      nonzero term pairs processed (term-serial PEs; null for MAC PEs)
     * @param costModelPairs term pairs in the cost model: b_w b_a per MAC (MAC PEs, and unrevealed term-serial
     *                       layers), k s / g per MAC with a budget
     * @param allocation     overflow-aware bit allocation for the hardware's accumulator on the calibration images
     *                       (null unless asked for, or for a layer of a pre-quantized model)
     */
    public record LayerCheck(String name, String type, Operands operands, Bounds bounds, Work work, BitAllocation allocation,
                             List<String> violations) {
        public LayerCheck {
            violations = List.copyOf(violations);
        }

        /** The layer's operand types and whether they fit the multiplier. */
        public record Operands(String weightType, String dataType, boolean fitsMultiplier) {}

        /** The accumulator widths the layer asks for, from the types, the weights and the partial sums seen. */
        public record Bounds(long dataTypeWorstCase, int dataTypeBits, long l1Bound, int l1Bits, int a2qDataTypeBits,
                             int a2qWeightBits, Long observedMin, Long observedMax, Integer observedBits) {}

        /** What the layer did over the test split. */
        public record Work(long overflowEvents, long overflowedOutputs, long macs, long cycles, double energyPj, Long termPairs,
                           long costModelPairs, NonzeroTermPairs nonzeroTermPairs) {}

        public String weightType() {
            return operands.weightType();
        }

        public String dataType() {
            return operands.dataType();
        }

        public boolean fitsMultiplier() {
            return operands.fitsMultiplier();
        }

        public long dataTypeWorstCase() {
            return bounds.dataTypeWorstCase();
        }

        public int dataTypeBits() {
            return bounds.dataTypeBits();
        }

        public long l1Bound() {
            return bounds.l1Bound();
        }

        public int l1Bits() {
            return bounds.l1Bits();
        }

        public int a2qDataTypeBits() {
            return bounds.a2qDataTypeBits();
        }

        public int a2qWeightBits() {
            return bounds.a2qWeightBits();
        }

        public Long observedMin() {
            return bounds.observedMin();
        }

        public Long observedMax() {
            return bounds.observedMax();
        }

        public Integer observedBits() {
            return bounds.observedBits();
        }

        public long overflowEvents() {
            return work.overflowEvents();
        }

        public long overflowedOutputs() {
            return work.overflowedOutputs();
        }

        public long macs() {
            return work.macs();
        }

        public long cycles() {
            return work.cycles();
        }

        public double energyPj() {
            return work.energyPj();
        }

        public Long termPairs() {
            return work.termPairs();
        }

        public long costModelPairs() {
            return work.costModelPairs();
        }

        public NonzeroTermPairs nonzeroTermPairs() {
            return work.nonzeroTermPairs();
        }
    }

    /**
     * Top-5 accuracies (classifiers with at least five classes), in percent.
     *
     * @param floatModel the float model's (null for a pre-quantized model)
     * @param exact      the quantized model's with exact arithmetic
     * @param hardware   on the simulated hardware (null when a layer trapped)
     */
    public record Top5(Double floatModel, Double exact, Double hardware) {}

    /**
     * Ties among a classifier's top scores. The final logits of a model qasim quantizes are requantized to the data
     * width like every activation, so at few bits several classes can share the highest score; the prediction is
     * then the lowest such class (the first highest score), and the accuracy counts it.
     *
     * @param exactTied          samples whose top score is shared by two or more classes, exact quantized model
     * @param hardwareTied       the same on the simulated hardware (null when a layer trapped)
     * @param exactUnroundedAccuracy top-1 of the exact quantized model with its logits taken before their last rounding
     *                           (dequantized accumulations): what the ties cost (null without references)
     */
    public record Ties(int exactTied, Integer hardwareTied, Double exactUnroundedAccuracy) {}

    /**
     * How far one model output is from its reference over the test samples: the float model's output (a float model
     * quantized by qasim) or the exact quantized model's (a pre-quantized one, which has no float original here).
     *
     * @param reference        {@code float model} or {@code exact arithmetic}
     * @param exactMaxAbsError the exact quantized model's largest absolute difference (null when it is the reference)
     * @param exactSqnrDb      its signal-to-quantization-noise ratio, 10 log10(sum ref^2 / sum (out - ref)^2), in dB
     *                         (null: equal to the reference, or it is the reference)
     * @param hardwareMaxAbsError the simulated hardware's (null when a layer trapped)
     * @param hardwareSqnrDb   the hardware's SQNR in dB (null: equal, or trapped)
     */
    public record OutputError(String output, String reference, Double exactMaxAbsError, Double exactSqnrDb, Double hardwareMaxAbsError,
                              Double hardwareSqnrDb) {}

    /**
     * Whether the reference model's top-1 (the float model's, else the exact quantized model's) is near chance on the
     * data: not above the share of the most frequent label by more than three binomial standard errors (and not
     * 100 %). Not checked when the labels are the model's own expected outputs (an ONNX test case).
     *
     * @param accuracy  the reference top-1, percent
     * @param chance    the most frequent label's share of the test samples, percent
     * @param threshold chance plus three standard errors, percent
     */
    public record Chance(double accuracy, double chance, double threshold, boolean near) {}

    /**
     * The outcome.
     *
     * @param calibration      the activation calibration policy of a model quantized by qasim ({@code max}, ...)
     * @param weightCalibration its weight calibration policy, per output channel
     * @param floatAccuracy    top-1 of the float model (null for a pre-quantized model, or data without labels)
     * @param exactAccuracy    top-1 of the quantized model with exact arithmetic (null: data without labels)
     * @param hardwareAccuracy top-1 on the simulated hardware (null when a layer trapped, or data without labels)
     * @param top5             top-5 accuracies (null: not a classifier of five classes or more)
     * @param outputErrors     every output's error against its reference (empty without references)
     * @param chance           the near-chance check of a classifier (null: no labels, or no reference run)
     */
    public record Result(Run run, Accuracy accuracy, List<LayerCheck> layers, long postCycles, List<String> notes,
                         List<OutputError> outputErrors, Chance chance) {
        public Result {
            layers = List.copyOf(layers);
            notes = List.copyOf(notes);
            outputErrors = List.copyOf(outputErrors);
        }

        /**
         * What was validated on what.
         *
         * @param calibration       the activation calibration policy of a model quantized by qasim ({@code max}, ...)
         * @param weightCalibration its weight calibration policy, per output channel
         */
        public record Run(String model, ArchConfig arch, String dataset, int testImages, int calibrationImages,
                          String calibration, String weightCalibration, boolean quantizedByQasim) {}

        /**
         * Top-1 accuracies in percent, and what ties did to them.
         *
         * @param floatModel the float model's (null for a pre-quantized model, or data without labels)
         * @param exact      the quantized model's with exact arithmetic (null: data without labels)
         * @param hardware   on the simulated hardware (null when a layer trapped, or data without labels)
         * @param top5       top-5 accuracies (null: not a classifier of five classes or more)
         * @param ties       tied top scores and the exact model's accuracy before its last rounding (null: no labels)
         */
        public record Accuracy(Double floatModel, Double exact, Double hardware, Top5 top5, Ties ties) {}

        public String model() {
            return run.model();
        }

        public ArchConfig arch() {
            return run.arch();
        }

        public String dataset() {
            return run.dataset();
        }

        public int testImages() {
            return run.testImages();
        }

        public int calibrationImages() {
            return run.calibrationImages();
        }

        public String calibration() {
            return run.calibration();
        }

        public String weightCalibration() {
            return run.weightCalibration();
        }

        public boolean quantizedByQasim() {
            return run.quantizedByQasim();
        }

        public Double floatAccuracy() {
            return accuracy.floatModel();
        }

        public Double exactAccuracy() {
            return accuracy.exact();
        }

        public Double hardwareAccuracy() {
            return accuracy.hardware();
        }

        public Top5 top5() {
            return accuracy.top5();
        }

        /** Whether the float model's accuracy is near chance (the model and the data probably do not belong together). */
        public boolean nearChance() {
            return chance != null && chance.near();
        }

        public boolean violation() {
            return layers.stream().anyMatch(l -> !l.violations().isEmpty());
        }

        public long cycles() {
            return layers.stream().mapToLong(LayerCheck::cycles).sum();
        }

        public double energyPj() {
            return layers.stream().mapToDouble(LayerCheck::energyPj).sum();
        }

        public long overflowEvents() {
            return layers.stream().mapToLong(LayerCheck::overflowEvents).sum();
        }

        /** Nonzero term pairs of all layers (null for MAC PEs). */
        public Long termPairs() {
            return layers.stream().anyMatch(l -> l.termPairs() == null) ? null
                    : layers.stream().mapToLong(LayerCheck::termPairs).sum();
        }

        public long costModelPairs() {
            return layers.stream().mapToLong(LayerCheck::costModelPairs).sum();
        }

        /** The nonzero term pairs of every layer's operands, binary and HESE, summed over the test images. */
        public NonzeroTermPairs nonzeroTermPairs() {
            return layers.stream().map(LayerCheck::nonzeroTermPairs).reduce(NonzeroTermPairs.NONE, NonzeroTermPairs::plus);
        }

        /** The statistical resolution of an accuracy on this many test images: one image, in percent points. */
        public double resolutionPoints() {
            return 100.0 / testImages();
        }
    }

    private Validation() {}

    /**
     * Runs the validation.
     *
     * @param progress called with the number of test images done
     */
    public static Result run(Settings s, IntConsumer progress) {
        return run(s, total -> { }, progress);
    }

    /**
     * Runs the validation.
     *
     * @param total    called once with the number of test images, before the first batch
     * @param progress called with the number of test images done
     */
    public static Result run(Settings s, IntConsumer total, IntConsumer progress) {
        return run(s, null, total, progress);
    }

    /**
     * What a validation needs that does not depend on the hardware: the data, and the model quantized and calibrated
     * on it; plus the float and exact-arithmetic answers per batch once computed. Runs that differ only in the
     * architecture share one (see {@link Cache}).
     */
    private static final class Prepared {
        final Dataset data;
        final Dataset.Split cal;
        final Dataset.Split test;
        final int n;
        final int calibration;
        final String input;
        final int[] declared;
        final ModelOptions options;
        final Model model;
        /** Scores per sample of the first output, when the data are labelled: the model is a classifier. */
        final int classes;
        /** Per batch (first, count): the float model's and the exact model's answers. */
        private final Map<List<Integer>, References> references = new ConcurrentHashMap<>();

        Prepared(Settings s) {
            this(s, null);
        }

        /** @param datasets the data sets loaded so far, shared by the runs of a {@link Cache}; null: load it here */
        Prepared(Settings s, Map<List<Object>, Dataset> datasets) {
            Model probe = ModelLoader.load(s.model(), ModelOptions.defaults());
            if (probe.inputShapes().size() != 1) {
                throw BadInputException.of(s.model().toString(), "graph.input", probe.inputShapes().size() + " inputs",
                        "validate takes models with one input");
            }
            this.input = probe.inputShapes().get(0).getKey();
            this.declared = probe.inputShapes().get(0).getValue();
            // how images become samples depends on the model's input, so a data set is shared by the runs of one model
            java.util.function.Function<List<Object>, Dataset> load = key -> Dataset.load(s.data(), s.dataOptions(),
                    image -> layout(declared, image, s.dataOptions(), s.model()));
            List<Object> key = List.of(s.model(), s.data(), s.dataOptions());
            Dataset loaded = datasets == null ? load.apply(key) : datasets.computeIfAbsent(key, load);
            this.data = loaded.select(s.dataOptions());
            this.cal = data.calibrationSplit();
            this.test = s.onCalibration() ? cal : data.test();
            this.n = s.limit() == null ? test.count() : Math.min(test.count(), s.limit());
            this.calibration = Math.min(s.calibration(), cal.count());
            ModelOutput out = probe.exactOutputs().get(0);
            int sampleBatch = declared != null && declared.length > 0 && declared[0] > 0 ? declared[0] : 1;
            boolean scores = out.shape().length == 2 && out.shape()[1] >= 2;
            this.classes = test.labels() != null && scores ? out.values().length / sampleBatch : 0;
            if (classes > 0) {
                // the labels must be classes of the model's output (else every answer is wrong and the accuracy means nothing)
                Dataset.checkLabels(test, classes, s.model().toString(), out.name() + " " + java.util.Arrays.toString(out.shape()));
            }
            this.options = ModelOptions.defaults().withBits(s.weightBits(), s.dataBits()).withCalibration(s.calibrate())
                    .withWeightCalibration(s.weightCalibrate());
            this.model = ModelLoader.load(s.model(), options,
                    Map.of(input, cal.images(0, calibration)), Map.of(input, shapeFor(declared, calibration, cal, s.model())));
        }

        /** The float model's and the exact model's outputs on one batch, computed once. */
        References references(int first, int count, Map<String, double[]> batch, Map<String, int[]> shape) {
            return references.computeIfAbsent(List.of(first, count), k -> new References(model.floatOutputs(batch, shape),
                    model.exactOutputs(batch, shape), model.exactOutputsUnrounded(batch, shape)));
        }
    }

    /**
     * A batch's outputs of the float model (null for a pre-quantized model) and of the exact quantized model, with its
     * graph outputs requantized (as the hardware writes them) and before that last rounding.
     */
    private record References(List<ModelOutput> floatOutputs, List<ModelOutput> exactOutputs, List<ModelOutput> unrounded) {}

    /**
     * How images become samples for a model input: [N, C, H, W] or [N, H, W, C] with C 1 or 3, [N, H, W] (gray) or
     * [N, D] (gray, flattened); the height and width the model declares, else the --image-size, else the first
     * image's own.
     */
    static ImageFolder.Layout layout(int[] declared, int[] firstImage, DataOptions o, Path model) {
        String where = model.toString();
        if (declared == null) {
            throw BadInputException.of(where, "graph.input", null, "declares no input shape, which image folders need");
        }
        int channels = 1;
        int h = -1;
        int w = -1;
        boolean last = false;
        if (declared.length == 4 && (declared[1] == 1 || declared[1] == 3)) {
            channels = declared[1];
            h = declared[2];
            w = declared[3];
        } else if (declared.length == 4 && (declared[3] == 1 || declared[3] == 3)) {
            channels = declared[3];
            h = declared[1];
            w = declared[2];
            last = true;
        } else if (declared.length == 3) {
            h = declared[1];
            w = declared[2];
        } else if (declared.length != 2) {
            throw BadInputException.of(where, "graph.input", java.util.Arrays.toString(declared), "image folders feed inputs of "
                    + "[N, C, H, W] or [N, H, W, C] with C 1 or 3, [N, H, W] or [N, D]");
        }
        int[] size = o.imageSize();
        if (size != null) {
            if (h > 0 && w > 0 && (size[0] != h || size[1] != w)) {
                throw BadInputException.of("--image-size", "", size[0] + "x" + size[1], "the model takes images of " + h + "x" + w);
            }
            h = size[0];
            w = size[1];
        }
        h = h > 0 ? h : firstImage[1];
        w = w > 0 ? w : firstImage[0];
        if (declared.length == 2 && declared[1] > 0 && declared[1] != h * w) {
            throw BadInputException.of(where, "graph.input", java.util.Arrays.toString(declared), "takes " + declared[1] + " values per "
                    + "sample; gray images of " + h + "x" + w + " have " + h * w + " (give --image-size)");
        }
        return new ImageFolder.Layout(channels, h, w, last);
    }

    /** What makes two validations share their {@link Prepared} part: everything but the hardware and the run's own options. */
    private record PreparedKey(Path model, Path data, int weightBits, int dataBits, int calibration, Calibration calibrate,
                               Calibration weightCalibrate, boolean onCalibration, Integer limit, DataOptions dataOptions) {
        static PreparedKey of(Settings s) {
            return new PreparedKey(s.model(), s.data(), s.weightBits(), s.dataBits(), s.calibration(), s.calibrate(),
                    s.weightCalibrate(), s.onCalibration(), s.limit(), s.dataOptions());
        }
    }

    /**
     * Validations that share their data and quantized model: a set of runs that differ in the hardware (the points
     * of a trade-off or a reproduction) loads the data, imports and calibrates the model, and runs the float and exact
     * references once per setting instead of once per run. Thread-safe; the results equal {@link #run}'s.
     */
    public static final class Cache {
        private final Map<PreparedKey, Prepared> prepared = new ConcurrentHashMap<>();
        /**
         * The data sets read, by model, folder and options: settings that differ in operand widths or calibration
         * share one, and with it the images read so far (an IDX split holds those only and reads more when a setting
         * calibrates or evaluates on more; a reproduction prepares a dozen settings).
         */
        private final Map<List<Object>, Dataset> datasets = new ConcurrentHashMap<>();

        public Result run(Settings s) {
            return Validation.run(s, this, done -> { }, done -> { });
        }

        private Prepared prepared(Settings s) {
            return prepared.computeIfAbsent(PreparedKey.of(s), k -> new Prepared(s, datasets));
        }
    }

    /** Sums of a model output's error against its reference over the batches. */
    private static final class ErrorSum {
        double signal;
        double noise;
        double maxAbs;

        void add(double[] out, double[] ref) {
            for (int k = 0; k < ref.length; k++) {
                double e = out[k] - ref[k];
                signal += ref[k] * ref[k];
                noise += e * e;
                maxAbs = Math.max(maxAbs, Math.abs(e));
            }
        }

        Double sqnr() {
            return noise == 0 ? null : 10 * Math.log10(signal / noise);
        }
    }

    /**
     * What the batches add up to: the right answers and ties of the float, exact and hardware models, the outputs'
     * errors against their references, and the hardware's layer results per layer.
     */
    private static final class Tally {
        final boolean classifier;
        /** Whether the float model is the reference (a model qasim quantized), else the exact quantized model. */
        final boolean floatReference;
        // top-1 and top-5
        final int[] floatRight = new int[2];
        final int[] exactRight = new int[2];
        final int[] hardwareRight = new int[2];
        /** Samples whose top score is shared: the exact model's, the hardware's. */
        final int[] tied = new int[2];
        int unroundedRight;
        boolean trapped;
        long postCycles;
        final List<List<LayerResult>> perLayer = new ArrayList<>();
        final Map<String, ErrorSum> exactErrors = new LinkedHashMap<>();
        final Map<String, ErrorSum> hardwareErrors = new LinkedHashMap<>();

        Tally(boolean classifier, boolean floatReference) {
            this.classifier = classifier;
            this.floatReference = floatReference;
        }

        /** A batch's float and exact references. */
        void references(References refs, int[] labels, int count) {
            if (classifier) {
                if (refs.floatOutputs() != null) {
                    add(floatRight, refs.floatOutputs().get(0), labels);
                }
                add(exactRight, refs.exactOutputs().get(0), labels);
                tied[0] += tied(refs.exactOutputs().get(0), count);
                unroundedRight += correct(refs.unrounded().get(0), labels);
            }
            if (floatReference) {
                addErrors(exactErrors, refs.exactOutputs(), refs.floatOutputs());
            }
        }

        /** A batch's hardware run; {@code refs} null when the run computes no references. */
        void hardware(ModelRun hw, References refs, int[] labels, int count) {
            postCycles += hw.postCycles();
            if (hw.outputs().isEmpty()) {
                trapped = true;
            } else {
                if (classifier) {
                    add(hardwareRight, hw.outputs().get(0), labels);
                    tied[1] += tied(hw.outputs().get(0), count);
                }
                if (refs != null) {
                    addErrors(hardwareErrors, hw.outputs(), floatReference ? refs.floatOutputs() : refs.exactOutputs());
                }
            }
            List<LayerResult> results = hw.array().layers();
            for (int i = 0; i < results.size(); i++) {
                if (perLayer.size() <= i) {
                    perLayer.add(new ArrayList<>());
                }
                perLayer.get(i).add(results.get(i));
            }
        }

        /** Every output's error against its reference, of the exact model and of the hardware (none after a trap). */
        List<OutputError> errors() {
            List<OutputError> errors = new ArrayList<>();
            for (String name : hardwareErrors.isEmpty() ? exactErrors.keySet() : hardwareErrors.keySet()) {
                ErrorSum e = exactErrors.get(name);
                ErrorSum h = trapped ? null : hardwareErrors.get(name);
                errors.add(new OutputError(name, floatReference ? "float model" : "exact arithmetic", e == null ? null : e.maxAbs,
                        e == null ? null : e.sqnr(), h == null ? null : h.maxAbs, h == null ? null : h.sqnr()));
            }
            return errors;
        }

        /** The accuracies over n samples (null where not measured: no classifier, no references, a trap). */
        Result.Accuracy accuracy(boolean references, int n, boolean top5) {
            Double floatAcc = classifier && floatReference && references ? 100.0 * floatRight[0] / n : null;
            Double exactAcc = classifier && references ? 100.0 * exactRight[0] / n : null;
            Double hwAcc = classifier && !trapped ? 100.0 * hardwareRight[0] / n : null;
            Top5 five = top5 ? new Top5(floatAcc == null ? null : 100.0 * floatRight[1] / n,
                    exactAcc == null ? null : 100.0 * exactRight[1] / n, hwAcc == null ? null : 100.0 * hardwareRight[1] / n) : null;
            Ties ties = classifier && references ? new Ties(tied[0], trapped ? null : tied[1], 100.0 * unroundedRight / n) : null;
            return new Result.Accuracy(floatAcc, exactAcc, hwAcc, five, ties);
        }
    }

    private static Result run(Settings s, Cache cache, IntConsumer total, IntConsumer progress) {
        ArchConfig arch = ArchLoader.load(s.arch(), s.overrides());
        EnergyModel energy = EnergyModel.forArch(arch, s.arch());
        Prepared p = cache == null ? new Prepared(s) : cache.prepared(s);
        int n = p.n;
        Model m = p.model;
        total.accept(n);
        Tally tally = new Tally(p.classes > 0, m.quantizedByQasim());
        int[] allLabels = p.test.labels();
        for (int first = 0; first < n && !tally.trapped; first += s.batch()) {
            int count = Math.min(s.batch(), n - first);
            Map<String, double[]> batch = Map.of(p.input, p.test.images(first, count));
            Map<String, int[]> shape = Map.of(p.input, shapeFor(p.declared, count, p.test, s.model()));
            int[] labels = allLabels == null ? null : java.util.Arrays.copyOfRange(allLabels, first, first + count);
            References refs = s.references() ? p.references(first, count, batch, shape) : null;
            if (refs != null) {
                tally.references(refs, labels, count);
            }
            tally.hardware(m.run(arch, s.engine(), EngineOptions.defaults(), false, batch, shape), refs, labels, count);
            progress.accept(first + count);
        }
        List<Layer> layers = m.workload().layers();
        Map<String, BitAllocation> allocations = s.allocate()
                ? m.bitAllocations(arch.pe().accumulator(), Math.max(s.weightBits(), s.dataBits())) : Map.of();
        List<LayerCheck> checks = new ArrayList<>();
        for (int i = 0; i < tally.perLayer.size(); i++) {
            checks.add(check(layers.get(i), tally.perLayer.get(i), arch, energy, s.strict(), allocations.get(layers.get(i).name())));
        }
        List<OutputError> errors = s.references() ? tally.errors() : List.of();
        Result.Accuracy accuracy = tally.accuracy(s.references(), n, tally.classifier && p.classes >= 5);
        Chance chance = null;
        Double reference = accuracy.floatModel() != null ? accuracy.floatModel() : accuracy.exact();
        if (reference != null && !p.data.labelsFromOutputs()) { // labels from the outputs are the model's own answers
            chance = chance(reference, java.util.Arrays.copyOfRange(allLabels, 0, n));
        }
        List<String> notes = notes(s, p, tally, accuracy, chance);
        notes.addAll(dev.qasim.engine.Simulator.layerNotes(arch, layers));
        notes.add(String.format(java.util.Locale.ROOT, "%d test images: one image is %.3f accuracy points", n, 100.0 / n));
        Ties ties = accuracy.ties();
        if (ties != null && ties.exactTied() > 0) {
            notes.add(String.format(java.util.Locale.ROOT, "%d of %d samples have two or more classes sharing the exact model's top "
                    + "score (logits requantized to %d bits; the lowest such class is the prediction); with its logits taken before "
                    + "that rounding the exact model scores %.2f %%", ties.exactTied(), n, s.dataBits(), ties.exactUnroundedAccuracy()));
        }
        return new Result(new Result.Run(m.name(), arch, s.data().toString(), n, p.calibration, s.calibrate().toString(),
                m.quantizedByQasim() ? p.options.effectiveWeightCalibration().toString() : null, m.quantizedByQasim()),
                accuracy, checks, tally.postCycles, notes, errors, chance);
    }

    /** The notes on the run, the data and the references, before those on the layers. */
    private static List<String> notes(Settings s, Prepared p, Tally tally, Result.Accuracy accuracy, Chance chance) {
        List<String> notes = new ArrayList<>();
        if (tally.trapped) {
            notes.add("a layer trapped (pe.overflow trap): the hardware run stopped; hardware accuracy is not given");
        }
        if (chance != null && chance.near()) {
            notes.add(String.format(java.util.Locale.ROOT, "NEAR CHANCE: the %s model's top-1 (%.2f %%) is not above chance (%.2f %%: "
                            + "always answering the most frequent label) by three standard errors (%.2f %%): the model and the data "
                            + "probably do not belong together (another data set, class order or preprocessing); validate exits 3 "
                            + "unless --allow-near-chance", accuracy.floatModel() != null ? "float" : "quantized", chance.accuracy(),
                    chance.chance(), chance.threshold()));
        }
        if (!tally.classifier && s.references()) {
            notes.add(p.test.labels() == null ? "the data have no labels: every output is compared with the "
                    + (tally.floatReference ? "float model" : "exact quantized model (a pre-quantized model has no float original here)")
                    : "the labels are not used: the model's first output is not one score per class");
        }
        if (p.data.labelsFromOutputs()) {
            notes.add("labels are the argmax of the test data's expected outputs: accuracy is top-1 agreement with the tool chain "
                    + "that made them");
        }
        if (p.model.quantizedByQasim() && p.cal == p.data.test() && !p.data.labelsFromOutputs()) {
            notes.add("the dataset has no train split: the model was calibrated on the first " + p.calibration
                    + " test images, which are also evaluated");
        }
        if (p.data.holdOut() && p.cal != null && p.cal != p.test) {
            int[] t = span(p.test);
            int[] c = span(p.cal);
            notes.add(String.format(java.util.Locale.ROOT, "one pool of %d samples: calibration on samples %d to %d (the first %d used), "
                    + "evaluation on samples %d to %d%s", t[2], c[0], c[1], p.calibration, t[0], t[1],
                    t[0] < c[1] && c[0] < t[1] ? " (the two overlap)" : ""));
        }
        return notes;
    }

    /** A split's first and end sample in its pool, and the pool's size. */
    private static int[] span(Dataset.Split split) {
        return split instanceof Dataset.RangeSplit r ? new int[] {r.from(), r.to(), r.base().count()}
                : new int[] {0, split.count(), split.count()};
    }

    /** Counts a batch's right answers at top-1 and top-5. */
    private static void add(int[] right, ModelOutput out, int[] labels) {
        right[0] += correct(out, labels);
        right[1] += correct(out, labels, 5);
    }

    private static void addErrors(Map<String, ErrorSum> sums, List<ModelOutput> outputs, List<ModelOutput> reference) {
        for (int i = 0; i < outputs.size(); i++) {
            sums.computeIfAbsent(outputs.get(i).name(), k -> new ErrorSum()).add(outputs.get(i).values(), reference.get(i).values());
        }
    }

    /** The near-chance check: top-1 against the most frequent label's share plus three binomial standard errors. */
    static Chance chance(double accuracy, int[] labels) {
        Map<Integer, Integer> counts = new java.util.HashMap<>();
        int most = 0;
        for (int l : labels) {
            most = Math.max(most, counts.merge(l, 1, Integer::sum));
        }
        double c = (double) most / labels.length;
        double threshold = c + 3 * Math.sqrt(c * (1 - c) / labels.length);
        // every answer right is never near chance (however few the samples, or one class only)
        return new Chance(accuracy, 100 * c, 100 * threshold, accuracy <= 100 * threshold && accuracy < 100);
    }

    /** The input shape for {@code count} samples: the declared shape with the batch dimension set. */
    static int[] shapeFor(int[] declared, int count, Dataset.Split split, Path model) {
        int size = split.sampleSize();
        if (declared == null) {
            int[] shape = new int[1 + split.sampleShape().length];
            shape[0] = count;
            System.arraycopy(split.sampleShape(), 0, shape, 1, split.sampleShape().length);
            return shape;
        }
        int[] shape = declared.clone();
        shape[0] = count;
        long per = 1;
        for (int d = 1; d < shape.length; d++) {
            if (shape[d] < 0) {
                throw BadInputException.of(model.toString(), "graph.input", java.util.Arrays.toString(declared),
                        "only the batch dimension may be symbolic");
            }
            per *= shape[d];
        }
        if (per != size) {
            throw BadInputException.of(model.toString(), "graph.input", java.util.Arrays.toString(declared),
                    "takes " + per + " values per sample; the data has " + java.util.Arrays.toString(split.sampleShape()) + " = " + size);
        }
        if (declared[0] >= 0 && declared[0] != count) {
            throw BadInputException.of(model.toString(), "graph.input", java.util.Arrays.toString(declared),
                    "has a fixed batch of " + declared[0] + "; validate needs a symbolic batch dimension (or --batch "
                            + declared[0] + " and a multiple of it in samples)");
        }
        return shape;
    }

    /** How many of the {@code rows} samples have their highest score shared by two or more classes. */
    static int tied(ModelOutput out, int rows) {
        int classes = out.values().length / rows;
        int count = 0;
        for (int i = 0; i < rows; i++) {
            double best = Double.NEGATIVE_INFINITY;
            int at = 0;
            for (int c = 0; c < classes; c++) {
                double v = out.values()[i * classes + c];
                if (v > best) {
                    best = v;
                    at = 1;
                } else if (v == best) {
                    at++;
                }
            }
            count += at > 1 ? 1 : 0;
        }
        return count;
    }

    /** How many rows of the output's argmax (the first highest score) equal the label. */
    static int correct(ModelOutput out, int[] labels) {
        return correct(out, labels, 1);
    }

    /**
     * How many rows have their label among the k highest scores, ranked by score and then by class (so k = 1 is
     * the argmax, the first highest score).
     */
    static int correct(ModelOutput out, int[] labels, int k) {
        int classes = out.values().length / labels.length;
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            double own = out.values()[i * classes + labels[i]];
            int ahead = 0;
            for (int c = 0; c < classes && ahead < k; c++) {
                double v = out.values()[i * classes + c];
                ahead += v > own || v == own && c < labels[i] ? 1 : 0;
            }
            right += ahead < k ? 1 : 0;
        }
        return right;
    }

    private static LayerCheck check(Layer layer, List<LayerResult> runs, ArchConfig arch, EnergyModel energy, boolean strict,
                                    BitAllocation allocation) {
        PartialSumBounds b = runs.get(0).bounds();
        Long min = null;
        Long max = null;
        long events = 0;
        long overflowed = 0;
        long macs = 0;
        long cycles = 0;
        double pj = 0;
        Long pairs = runs.get(0).terms() == null ? null : 0L;
        long cost = 0;
        NonzeroTermPairs nonzero = NonzeroTermPairs.NONE;
        for (LayerResult r : runs) {
            nonzero = nonzero.plus(r.nonzeroTermPairs());
            if (r.terms() != null) {
                pairs += r.terms().pairs();
                cost += r.terms().costModelPairs();
            } else {
                cost += r.macs() * r.weightBits() * r.dataBits();
            }
            if (r.bounds().observedMin() != null) {
                min = min == null ? r.bounds().observedMin() : Math.min(min, r.bounds().observedMin());
                max = max == null ? r.bounds().observedMax() : Math.max(max, r.bounds().observedMax());
            }
            events += r.overflowEvents();
            overflowed += r.overflowedOutputs();
            macs += r.macs();
            cycles += r.cycles();
            pj += energy.price(r).totalPj();
        }
        Integer observedBits = min == null ? null : AccumulatorBounds.bitsFor(min, max);
        int mb = arch.pe().multiplierBits();
        dev.qasim.input.Problems operands = new dev.qasim.input.Problems();
        ProcessingElement.of(arch).checkOperands(operands, "", "", layer);
        boolean fits = operands.isEmpty();
        List<String> violations = new ArrayList<>();
        if (!fits) {
            violations.add("operand wider than the " + mb + "-bit multiplier (" + layer.spec().weights() + " x " + layer.spec().data() + ")");
        }
        if (events > 0) {
            violations.add(events + " overflow events on the data (" + arch.pe().accumulatorBits() + "-bit accumulator)");
        }
        if (strict && b.l1Bits() != null && b.l1Bits() > arch.pe().accumulatorBits()) {
            violations.add("overflow possible: the l1 bound needs " + b.l1Bits() + " bits (--strict)");
        }
        return new LayerCheck(layer.name(), layer.type(),
                new LayerCheck.Operands(layer.spec().weights().toString(), layer.spec().data().toString(), fits),
                new LayerCheck.Bounds(b.dataTypeWorstCase(), b.dataTypeBits(), b.l1Bound(), b.l1Bits(), b.a2qDataTypeBits(),
                        b.a2qWeightBits(), min, max, observedBits),
                new LayerCheck.Work(events, overflowed, macs, cycles, pj, pairs, cost, nonzero), allocation, violations);
    }

    /** Summary of the per-layer results of a run, by layer name (for tests and reports). */
    public static Map<String, LayerCheck> byName(Result r) {
        Map<String, LayerCheck> out = new LinkedHashMap<>();
        r.layers().forEach(l -> out.put(l.name(), l));
        return out;
    }
}
