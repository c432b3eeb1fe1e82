package dev.qasim.explore;

import dev.qasim.arith.Rounding;
import dev.qasim.config.ArchLoader;
import dev.qasim.config.TermsConfig;
import dev.qasim.engine.Engine;
import dev.qasim.engine.EngineOptions;
import dev.qasim.engine.LayerResult;
import dev.qasim.engine.OutputCheck;
import dev.qasim.engine.RunResult;
import dev.qasim.input.Problems;
import dev.qasim.input.Section;
import dev.qasim.model.ModelLoader;
import dev.qasim.model.Validation;
import dev.qasim.quant.Calibration;
import dev.qasim.report.RunJob;
import dev.qasim.report.RunReport;
import dev.qasim.terms.Encoding;
import dev.qasim.workload.IntTensor;
import dev.qasim.workload.Layer;
import dev.qasim.workload.LayerValues;
import dev.qasim.workload.Reference;
import dev.qasim.workload.Workload;
import dev.qasim.workload.WorkloadLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * {@code qasim tradeoff}: term-revealing trade-off curves. Every combination of encoding, group size g, budget k
 * (given directly, or per value as k = round(g b)) and data terms s runs the workload on the architecture's
 * array made term-serial, with every value simulated and every output compared with the exact result; each
 * (encoding, g, s) also runs without a budget. Conventional quantization's points (weights rounded to fewer
 * bits, b_w b_a term pairs per MAC) are computed for reference. Points run in parallel; results do not depend
 * on the order they finish in.
 *
 * <p>With a model and data ({@link Accuracy}), every point is a validate run of the model on the data instead
 * (model.Validation, hardware only): the point's accuracy on the simulated term-serial array, its term pairs and
 * cycles over the evaluated images; the conventional points are validate runs with weights of 2.. bits on the
 * same array with MAC PEs.
 */
public final class TradeoffJob {

    /**
     * What to run.
     *
     * @param budgets          k values (may be empty when {@code budgetsPerValue} is given)
     * @param budgetsPerValue  k/g values (k = round(g b), at least 0)
     * @param dataTerms        s values; empty: the architecture's own {@code terms.dataTerms}
     */
    public record Settings(Path arch, List<String> overrides, Path workload, List<Encoding> encodings, List<Integer> groups,
                           List<Integer> budgets, List<Double> budgetsPerValue, List<Integer> dataTerms, Accuracy accuracy) {
        /** Settings for error curves on a workload (no accuracy). */
        public Settings(Path arch, List<String> overrides, Path workload, List<Encoding> encodings, List<Integer> groups,
                        List<Integer> budgets, List<Double> budgetsPerValue, List<Integer> dataTerms) {
            this(arch, overrides, workload, encodings, groups, budgets, budgetsPerValue, dataTerms, null);
        }

        public Settings {
            overrides = List.copyOf(overrides);
            encodings = List.copyOf(encodings);
            groups = List.copyOf(groups);
            budgets = List.copyOf(budgets);
            budgetsPerValue = List.copyOf(budgetsPerValue);
            dataTerms = List.copyOf(dataTerms);
        }
    }

    /**
     * Accuracy curves: the workload is an ONNX model validated on labelled data at every point.
     *
     * @param data       a dataset folder (model.Dataset)
     * @param weightBits the model's weights (a float model is quantized to them)
     * @param dataBits   its activations
     * @param limit      test images evaluated (null: all)
     * @param weightCalibration how each output channel's weight scale is chosen (conventional and term-revealing
     *                   points alike)
     * @param dataOptions how the data are split and images read (as validate's)
     */
    public record Accuracy(Path data, int weightBits, int dataBits, Integer limit, Calibration weightCalibration,
                           dev.qasim.model.DataOptions dataOptions) {
        public Accuracy {
            java.util.Objects.requireNonNull(weightCalibration, "weightCalibration");
            java.util.Objects.requireNonNull(dataOptions, "dataOptions");
        }

        /** Max-calibrated weights, the data's default splits. */
        public Accuracy(Path data, int weightBits, int dataBits, Integer limit) {
            this(data, weightBits, dataBits, limit, Calibration.max(), dev.qasim.model.DataOptions.defaults());
        }
    }

    /**
     * One term-revealing setting of the array.
     *
     * @param groupSize g
     * @param budget    k, or null for the unbudgeted run
     * @param dataTerms s; null: the architecture's
     */
    public record Setting(Encoding encoding, int groupSize, Integer budget, Integer dataTerms) {

        /** k / g, or null without a budget. */
        public Double budgetPerValue() {
            return budget == null ? null : (double) budget / groupSize;
        }

        /** The same setting with the architecture's data terms (null: all) when it names none. */
        Setting withDataTermsOr(Integer archDataTerms) {
            return new Setting(encoding, groupSize, budget, dataTerms != null ? dataTerms : archDataTerms);
        }
    }

    /**
     * One point of the curves.
     *
     * @param setting         the setting, with the data terms it ran with
     * @param termPairs       nonzero term pairs processed (all layers)
     * @param costModelPairs  the cost model: k s / g per MAC for revealed layers, b_w b_a per MAC for the others
     * @param sqnrDb          SQNR of all outputs against the exact, untruncated result (null: no error, or
     *                        accuracy curves)
     * @param accuracy        top-1 accuracy on the simulated hardware (accuracy curves; null otherwise)
     */
    public record Point(Setting setting, long termPairs, long costModelPairs, long cycles, double energyPj, Double sqnrDb,
                        Long maxAbsError, Double accuracy) {}

    /**
     * Conventional quantization with weights of {@code weightBits}: b_w b_a term pairs per MAC; SQNR (error curves)
     * or accuracy and the MAC array's cycles (accuracy curves).
     */
    public record Conventional(int weightBits, long costModelPairs, Double sqnrDb, Double accuracy, Long cycles) {}

    /** All points, in the order of the settings, and the conventional reference. */
    public record Result(String workload, String arch, List<Point> points, List<Conventional> conventional) {}

    private TradeoffJob() {}

    /** Checks the settings (every problem at once) and the files, before anything runs. */
    static void check(Settings s) {
        Problems p = new Problems();
        if (s.encodings().isEmpty()) {
            p.add("--encodings", "", null, "at least one encoding is required");
        }
        if (s.groups().isEmpty() || s.groups().stream().anyMatch(g -> g < 1 || g > TermsConfig.MAX_GROUP)) {
            p.add("--groups", "", s.groups().toString(), "group sizes 1.." + TermsConfig.MAX_GROUP + " are required");
        }
        if (s.budgets().isEmpty() && s.budgetsPerValue().isEmpty()) {
            p.add("--budgets", "", null, "give budgets as k (--budgets) or per value (--budget-per-value)");
        }
        if (!s.budgets().isEmpty() && !s.budgetsPerValue().isEmpty()) {
            p.add("--budget-per-value", "", null, "give budgets either as k (--budgets) or per value (--budget-per-value), not both");
        }
        for (int k : s.budgets()) {
            if (k < 0 || k > TermsConfig.MAX_BUDGET) {
                p.add("--budgets", "", Integer.toString(k), "budgets k must be 0.." + TermsConfig.MAX_BUDGET);
                break;
            }
        }
        for (double b : s.budgetsPerValue()) {
            if (!Double.isFinite(b) || b < 0) {
                p.add("--budget-per-value", "", Double.toString(b), "budgets per value must be finite and >= 0");
                break;
            }
            int g = s.groups().stream().mapToInt(Integer::intValue).max().orElse(1);
            if (budget(g, b) > TermsConfig.MAX_BUDGET) {
                p.add("--budget-per-value", "", Double.toString(b), "k = round(g b) must be at most " + TermsConfig.MAX_BUDGET
                        + " (with g = " + g + ", b at most " + (double) TermsConfig.MAX_BUDGET / g + ")");
                break;
            }
        }
        if (s.dataTerms().stream().anyMatch(t -> t < 1 || t > TermsConfig.MAX_DATA_TERMS)) {
            p.add("--data-terms", "", s.dataTerms().toString(), "data terms 1.." + TermsConfig.MAX_DATA_TERMS + " are required");
        }
        if (s.accuracy() != null && !ModelLoader.isModel(s.workload())) {
            p.add("--workload", "", s.workload().toString(), "accuracy curves (--data) need an ONNX model as the workload");
        }
        p.throwIfAny();
    }

    /** k = round(g b), half to even; beyond the budgets' range (a huge b) just above it, never an overflow. */
    private static long budget(int g, double b) {
        double k = g * b;
        return k > 2.0 * TermsConfig.MAX_BUDGET ? TermsConfig.MAX_BUDGET + 1L : Rounding.halfEven(k);
    }

    /** The runs of the curves: every (encoding, g, s) with every budget, and once without a budget. */
    static List<Integer[]> combinations(Settings s, Encoding e, int g) {
        Set<Integer> ks = new LinkedHashSet<>(s.budgets());
        for (double b : s.budgetsPerValue()) {
            ks.add((int) budget(g, b));
        }
        List<Integer[]> out = new ArrayList<>();
        List<Integer> terms = s.dataTerms().isEmpty() ? java.util.Collections.singletonList(null) : s.dataTerms();
        for (Integer t : terms) {
            for (int k : ks) {
                out.add(new Integer[] {k, t});
            }
            out.add(new Integer[] {null, t});
        }
        return out;
    }

    /**
     * Runs every point (in parallel) and the conventional reference.
     *
     * @param done called with the number of points finished so far (for progress)
     */
    public static Result run(Settings s, IntConsumer done) {
        check(s);
        // the base architecture with the user's overrides must be valid by itself: the points set pe.kind and
        // the terms keys again, which would otherwise hide a bad value given for them
        ArchLoader.load(s.arch(), s.overrides());
        List<Setting> tasks = new ArrayList<>();
        for (Encoding e : s.encodings()) {
            for (int g : s.groups()) {
                for (Integer[] kt : combinations(s, e, g)) {
                    tasks.add(new Setting(e, g, kt[0], kt[1]));
                }
            }
        }
        if (s.accuracy() != null) {
            return runAccuracy(s, tasks, done);
        }
        // every point is checked before any runs: a bad file or override fails at once
        RunJob first = job(s, tasks.get(0));
        AtomicInteger finished = new AtomicInteger();
        List<Point> points = tasks.parallelStream().map(t -> {
            Point p = point(job(s, t).execute(null, null, null), t);
            done.accept(finished.incrementAndGet());
            return p;
        }).toList();
        return new Result(first.workload().name(), first.arch().name(), points, conventional(first.workload()));
    }

    /** The number of points {@link #run} will run, after {@link #check}ing the settings. */
    public static int count(Settings s) {
        check(s);
        int n = 0;
        for (Encoding e : s.encodings()) {
            for (int g : s.groups()) {
                n += combinations(s, e, g).size();
            }
        }
        return n;
    }

    /** Accuracy curves: one validate run per point (hardware only), then the conventional points. */
    private static Result runAccuracy(Settings s, List<Setting> tasks, IntConsumer done) {
        Accuracy a = s.accuracy();
        Validation.Cache cache = new Validation.Cache(); // the points differ in the hardware: data and model loaded once per width
        // the first point runs alone: a bad file, override or model fails before the rest start
        List<Point> points = new ArrayList<>();
        AtomicInteger finished = new AtomicInteger();
        java.util.function.Function<Setting, Point> run = t -> {
            Validation.Result v = validate(cache, s, termSettings(s, t), a.weightBits());
            Point p = new Point(t.withDataTermsOr(v.arch().terms().dataTerms()), v.termPairs(), v.costModelPairs(), v.cycles(),
                    v.energyPj(), null, null, v.hardwareAccuracy());
            done.accept(finished.incrementAndGet());
            return p;
        };
        points.add(run.apply(tasks.get(0)));
        points.addAll(tasks.subList(1, tasks.size()).parallelStream().map(run).toList());
        List<Conventional> conventional = new ArrayList<>();
        Validation.Result last = null;
        for (int b = 2; b <= a.weightBits(); b++) {
            List<String> set = new ArrayList<>(s.overrides());
            set.add("pe.kind=mac");
            last = validate(cache, s, set, b);
            conventional.add(new Conventional(b, last.costModelPairs(), null, last.hardwareAccuracy(), last.cycles()));
        }
        String arch = last != null ? last.arch().name() : s.arch().getFileName().toString();
        String model = last != null ? last.model() : s.workload().getFileName().toString();
        return new Result(model, arch, points, conventional);
    }

    private static Validation.Result validate(Validation.Cache cache, Settings s, List<String> overrides, int weightBits) {
        Accuracy a = s.accuracy();
        return cache.run(Validation.Settings.builder(s.arch(), s.workload(), a.data()).overrides(overrides).bits(weightBits, a.dataBits())
                .calibration(VALIDATE_CALIBRATION).batch(VALIDATE_BATCH).limit(a.limit()).references(false)
                .weightCalibrate(a.weightCalibration()).dataOptions(a.dataOptions()).build());
    }

    /** Calibration images and batch of the accuracy curves' validate runs (as {@code qasim reproduce}). */
    static final int VALIDATE_CALIBRATION = 256;
    static final int VALIDATE_BATCH = 250;

    private static List<String> termSettings(Settings s, Setting t) {
        List<String> set = new ArrayList<>(s.overrides());
        set.add("pe.kind=term-serial");
        set.add("terms.encoding=" + Section.yamlName(t.encoding()));
        set.add("terms.dataEncoding=" + Section.yamlName(t.encoding()));
        set.add("terms.groupSize=" + t.groupSize());
        set.add("terms.groupBudget=" + (t.budget() == null ? "null" : t.budget().toString()));
        if (t.dataTerms() != null) {
            set.add("terms.dataTerms=" + t.dataTerms());
        }
        return set;
    }

    private static RunJob job(Settings s, Setting t) {
        List<String> set = termSettings(s, t);
        return RunJob.prepare(s.arch(), set, s.workload(), Engine.Kind.FAST, EngineOptions.defaults(), true, "qasim tradeoff");
    }

    private static Point point(RunReport report, Setting t) {
        RunResult r = report.result();
        long pairs = 0;
        long cost = 0;
        long maxErr = 0;
        List<OutputCheck> checks = new ArrayList<>();
        for (LayerResult l : r.layers()) {
            pairs += l.terms().pairs();
            cost += l.terms().costModelPairs();
            maxErr = Math.max(maxErr, l.output().maxAbsError());
            checks.add(l.output());
        }
        return new Point(t.withDataTermsOr(r.arch().terms().dataTerms()), pairs, cost, r.cycles(), report.energyPj(),
                OutputCheck.combinedSqnrDb(checks), maxErr, null);
    }

    /**
     * Conventional quantization at every weight width from 2 to the layers' own: weights rounded half to even to
     * the coarser grid (w -> round(w / 2^(B-b)) 2^(B-b), clamped), data unchanged, compared with the exact result.
     */
    static List<Conventional> conventional(Workload w) {
        int maxBits = w.layers().stream().mapToInt(l -> l.spec().weights().bits()).max().orElse(8);
        List<LayerValues> values = new ArrayList<>();
        List<long[]> exact = new ArrayList<>();
        for (Layer l : w.layers()) {
            LayerValues v = WorkloadLoader.values(l);
            values.add(v);
            exact.add(Reference.outputs(l, v));
        }
        List<Conventional> out = new ArrayList<>();
        for (int b = 2; b <= maxBits; b++) {
            long cost = 0;
            List<OutputCheck> checks = new ArrayList<>();
            for (int i = 0; i < w.layers().size(); i++) {
                Layer l = w.layers().get(i);
                int bits = Math.min(b, l.spec().weights().bits());
                int shift = l.spec().weights().bits() - bits;
                int[] wt = values.get(i).weights().data();
                int[] coarse = new int[wt.length];
                long max = l.spec().weights().max();
                long min = l.spec().weights().min();
                for (int j = 0; j < wt.length; j++) {
                    long q = Rounding.shiftRightHalfEven(wt[j], shift) << shift;
                    coarse[j] = (int) Math.max(min, Math.min(max, q));
                }
                LayerValues v = new LayerValues(new IntTensor(values.get(i).weights().shape(), coarse), values.get(i).data());
                long[] out2 = Reference.outputs(l, v);
                checks.add(OutputCheck.compare(out2, exact.get(i)));
                cost += l.matrixForm().macs() * bits * l.spec().data().bits();
            }
            out.add(new Conventional(b, cost, OutputCheck.combinedSqnrDb(checks), null, null));
        }
        return out;
    }
}
