package dev.qasim.model;

import dev.qasim.arith.AccumulatorBounds;
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
     * What to validate.
     *
     * @param onCalibration evaluate the first images of the calibration split instead of the test split (to
     *                      choose bit widths on calibration data)
     * @param references    also run the float model and the exact quantized model (false: the hardware only)
     * @param calibrate     how a float model's activation scales are chosen on the calibration images
     * @param allocate      also allocate bits per layer for the hardware's accumulator ({@link BitAllocation})
     * @param weightCalibrate how a float model's weight scales are chosen, one per output channel
     */
    public record Settings(Path arch, List<String> overrides, Path model, Path data, int weightBits, int dataBits,
                           int calibration, int batch, Integer limit, boolean strict, Engine.Kind engine,
                           boolean onCalibration, boolean references, Calibration calibrate, boolean allocate,
                           Calibration weightCalibrate) {
        public Settings {
            overrides = List.copyOf(overrides);
            java.util.Objects.requireNonNull(calibrate, "calibrate");
            java.util.Objects.requireNonNull(weightCalibrate, "weightCalibrate");
        }

        /** Max-calibrated weights. */
        public Settings(Path arch, List<String> overrides, Path model, Path data, int weightBits, int dataBits,
                        int calibration, int batch, Integer limit, boolean strict, Engine.Kind engine,
                        boolean onCalibration, boolean references, Calibration calibrate, boolean allocate) {
            this(arch, overrides, model, data, weightBits, dataBits, calibration, batch, limit, strict, engine, onCalibration,
                    references, calibrate, allocate, Calibration.max());
        }

        /** Without bit allocation. */
        public Settings(Path arch, List<String> overrides, Path model, Path data, int weightBits, int dataBits,
                        int calibration, int batch, Integer limit, boolean strict, Engine.Kind engine,
                        boolean onCalibration, boolean references, Calibration calibrate) {
            this(arch, overrides, model, data, weightBits, dataBits, calibration, batch, limit, strict, engine, onCalibration,
                    references, calibrate, false);
        }

        /** The test split or the calibration images, with or without the references, max calibration. */
        public Settings(Path arch, List<String> overrides, Path model, Path data, int weightBits, int dataBits,
                        int calibration, int batch, Integer limit, boolean strict, Engine.Kind engine,
                        boolean onCalibration, boolean references) {
            this(arch, overrides, model, data, weightBits, dataBits, calibration, batch, limit, strict, engine, onCalibration,
                    references, Calibration.max());
        }

        /** The usual settings: the test split, all three accuracies, max calibration. */
        public Settings(Path arch, List<String> overrides, Path model, Path data, int weightBits, int dataBits,
                        int calibration, int batch, Integer limit, boolean strict, Engine.Kind engine) {
            this(arch, overrides, model, data, weightBits, dataBits, calibration, batch, limit, strict, engine, false, true);
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
    public record LayerCheck(String name, String type, String weightType, String dataType, boolean fitsMultiplier,
                             long dataTypeWorstCase, int dataTypeBits, long l1Bound, int l1Bits, int a2qDataTypeBits,
                             int a2qWeightBits, Long observedMin, Long observedMax, Integer observedBits, long overflowEvents,
                             long overflowedOutputs, long macs, long cycles, double energyPj, Long termPairs,
                             long costModelPairs, NonzeroTermPairs nonzeroTermPairs, BitAllocation allocation,
                             List<String> violations) {
        public LayerCheck {
            violations = List.copyOf(violations);
        }
    }

    /**
     * The outcome.
     *
     * @param calibration      the activation calibration policy of a model quantized by qasim ({@code max}, ...)
     * @param weightCalibration its weight calibration policy, per output channel
     * @param floatAccuracy    top-1 of the float model (null for a pre-quantized model)
     * @param exactAccuracy    top-1 of the quantized model with exact arithmetic
     * @param hardwareAccuracy top-1 on the simulated hardware (null when a layer trapped)
     */
    public record Result(String model, ArchConfig arch, String dataset, int testImages, int calibrationImages,
                         String calibration, String weightCalibration, boolean quantizedByQasim, Double floatAccuracy, Double exactAccuracy, Double hardwareAccuracy,
                         List<LayerCheck> layers, long postCycles, List<String> notes) {
        public Result {
            layers = List.copyOf(layers);
            notes = List.copyOf(notes);
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
            return 100.0 / testImages;
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
        /** Per batch (first, count): the float model's and the exact model's correct answers. */
        private final Map<List<Integer>, int[]> references = new ConcurrentHashMap<>();

        Prepared(Settings s) {
            this.data = Dataset.load(s.data());
            this.cal = data.calibrationSplit();
            this.test = s.onCalibration() ? cal : data.test();
            this.n = s.limit() == null ? test.count() : Math.min(test.count(), s.limit());
            this.calibration = Math.min(s.calibration(), cal.count());
            // the model, calibrated on the first images of the calibration split
            Model probe = ModelLoader.load(s.model(), ModelOptions.defaults());
            if (probe.inputShapes().size() != 1) {
                throw BadInputException.of(s.model().toString(), "graph.input", probe.inputShapes().size() + " inputs",
                        "validate takes models with one image input");
            }
            this.input = probe.inputShapes().get(0).getKey();
            this.declared = probe.inputShapes().get(0).getValue();
            // the labels must be classes of the model's output (else every answer is wrong and the accuracy means nothing)
            ModelOutput out = probe.exactOutputs().get(0);
            int sampleBatch = declared != null && declared.length > 0 && declared[0] > 0 ? declared[0] : 1;
            Dataset.checkLabels(test, out.values().length / sampleBatch, s.model().toString(),
                    out.name() + " " + java.util.Arrays.toString(out.shape()));
            this.options = ModelOptions.defaults().withBits(s.weightBits(), s.dataBits()).withCalibration(s.calibrate())
                    .withWeightCalibration(s.weightCalibrate());
            this.model = ModelLoader.load(s.model(), options,
                    Map.of(input, cal.images(0, calibration)), Map.of(input, shapeFor(declared, calibration, cal, s.model())));
        }

        /** The float model's and the exact model's correct answers on one batch, computed once. */
        int[] references(int first, int count, Map<String, double[]> batch, Map<String, int[]> shape, int[] labels) {
            return references.computeIfAbsent(List.of(first, count), k -> {
                List<ModelOutput> f = model.floatOutputs(batch, shape);
                return new int[] {f == null ? 0 : correct(f.get(0), labels), correct(model.exactOutputs(batch, shape).get(0), labels)};
            });
        }
    }

    /** What makes two validations share their {@link Prepared} part: everything but the hardware and the run's own options. */
    private record PreparedKey(Path model, Path data, int weightBits, int dataBits, int calibration, Calibration calibrate,
                               Calibration weightCalibrate, boolean onCalibration, Integer limit) {
        static PreparedKey of(Settings s) {
            return new PreparedKey(s.model(), s.data(), s.weightBits(), s.dataBits(), s.calibration(), s.calibrate(),
                    s.weightCalibrate(), s.onCalibration(), s.limit());
        }
    }

    /**
     * Validations that share their data and quantized model: a set of runs that differ in the hardware (the points
     * of a trade-off or a reproduction) loads the data, imports and calibrates the model, and runs the float and exact
     * references once per setting instead of once per run. Thread-safe; the results equal {@link #run}'s.
     */
    public static final class Cache {
        private final Map<PreparedKey, Prepared> prepared = new ConcurrentHashMap<>();

        public Result run(Settings s) {
            return Validation.run(s, this, done -> { }, done -> { });
        }

        private Prepared prepared(Settings s) {
            return prepared.computeIfAbsent(PreparedKey.of(s), k -> new Prepared(s));
        }
    }

    private static Result run(Settings s, Cache cache, IntConsumer total, IntConsumer progress) {
        ArchConfig arch = ArchLoader.load(s.arch(), s.overrides());
        EnergyModel energy = EnergyModel.forArch(arch, s.arch());
        Prepared p = cache == null ? new Prepared(s) : cache.prepared(s);
        int n = p.n;
        Model m = p.model;
        total.accept(n);
        int floatRight = 0;
        int exactRight = 0;
        int hardwareRight = 0;
        boolean trapped = false;
        long postCycles = 0;
        List<List<LayerResult>> perLayer = new ArrayList<>();
        List<Layer> layers = m.workload().layers();
        for (int first = 0; first < n; first += s.batch()) {
            int count = Math.min(s.batch(), n - first);
            Map<String, double[]> batch = Map.of(p.input, p.test.images(first, count));
            Map<String, int[]> shape = Map.of(p.input, shapeFor(p.declared, count, p.test, s.model()));
            int[] labels = java.util.Arrays.copyOfRange(p.test.labels(), first, first + count);
            if (s.references()) {
                int[] right = p.references(first, count, batch, shape, labels);
                floatRight += right[0];
                exactRight += right[1];
            }
            ModelRun hw = m.run(arch, s.engine(), EngineOptions.defaults(), false, batch, shape);
            postCycles += hw.postCycles();
            if (hw.outputs().isEmpty()) {
                trapped = true;
            } else {
                hardwareRight += correct(hw.outputs().get(0), labels);
            }
            List<LayerResult> results = hw.array().layers();
            for (int i = 0; i < results.size(); i++) {
                if (perLayer.size() <= i) {
                    perLayer.add(new ArrayList<>());
                }
                perLayer.get(i).add(results.get(i));
            }
            progress.accept(first + count);
            if (trapped) {
                break;
            }
        }
        Map<String, BitAllocation> allocations = s.allocate()
                ? m.bitAllocations(arch.pe().accumulator(), Math.max(s.weightBits(), s.dataBits())) : Map.of();
        List<LayerCheck> checks = new ArrayList<>();
        for (int i = 0; i < perLayer.size(); i++) {
            checks.add(check(layers.get(i), perLayer.get(i), arch, energy, s.strict(), allocations.get(layers.get(i).name())));
        }
        List<String> notes = new ArrayList<>();
        if (trapped) {
            notes.add("a layer trapped (pe.overflow trap): the hardware run stopped; hardware accuracy is not given");
        }
        if (p.data.labelsFromOutputs()) {
            notes.add("labels are the argmax of the test data's expected outputs: accuracy is top-1 agreement with the tool chain "
                    + "that made them");
        }
        if (m.quantizedByQasim() && p.cal == p.data.test() && !p.data.labelsFromOutputs()) {
            notes.add("the dataset has no train split: the model was calibrated on the first " + p.calibration
                    + " test images, which are also evaluated");
        }
        notes.addAll(dev.qasim.engine.Simulator.layerNotes(arch, layers));
        notes.add(String.format(java.util.Locale.ROOT, "%d test images: one image is %.3f accuracy points", n, 100.0 / n));
        return new Result(m.name(), arch, s.data().toString(), n, p.calibration, s.calibrate().toString(),
                m.quantizedByQasim() ? p.options.effectiveWeightCalibration().toString() : null, m.quantizedByQasim(),
                m.quantizedByQasim() && s.references() ? 100.0 * floatRight / n : null,
                s.references() ? 100.0 * exactRight / n : null, trapped ? null : 100.0 * hardwareRight / n, checks, postCycles, notes);
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

    /** How many rows of the output's argmax equal the label. */
    static int correct(ModelOutput out, int[] labels) {
        int classes = out.values().length / labels.length;
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (out.values()[i * classes + c] > out.values()[i * classes + best]) {
                    best = c;
                }
            }
            right += best == labels[i] ? 1 : 0;
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
        return new LayerCheck(layer.name(), layer.type(), layer.spec().weights().toString(), layer.spec().data().toString(), fits,
                b.dataTypeWorstCase(), b.dataTypeBits(), b.l1Bound(), b.l1Bits(), b.a2qDataTypeBits(), b.a2qWeightBits(),
                min, max, observedBits, events, overflowed, macs, cycles, pj, pairs, cost, nonzero, allocation, violations);
    }

    /** Summary of the per-layer results of a run, by layer name (for tests and reports). */
    public static Map<String, LayerCheck> byName(Result r) {
        Map<String, LayerCheck> out = new LinkedHashMap<>();
        r.layers().forEach(l -> out.put(l.name(), l));
        return out;
    }
}
