package dev.qasim.explore;

import dev.qasim.config.ArchConfig;
import dev.qasim.config.ArchLoader;
import dev.qasim.energy.EnergyModel;
import dev.qasim.energy.EnergyTables;
import dev.qasim.engine.Engine;
import dev.qasim.engine.NonzeroTermPairs;
import dev.qasim.model.Validation;
import dev.qasim.quant.Calibration;
import dev.qasim.report.ChartRenderer;
import dev.qasim.report.ReportFolder;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * {@code qasim reproduce term-revealing-mlp}: term revealing against conventional quantization on the MNIST MLP,
 * like with like. Both sides get the same data width (a 6-bit table and an 8-bit table), every point is a validate
 * run on the real test images, and term revealing is compared with the hardware it competes with: a bit-parallel
 * MAC array, a term-serial array that skips zero terms of conventional values (Laconic-style), a bit-serial array
 * (Stripes-style) and one that skips zero bits (Pragmatic-style), each with as many PEs as the term-revealing
 * array and with as much array area. Work is compared on one measure at a time: the cost model with the cost
 * model, nonzero term pairs (binary, HESE) with nonzero term pairs.
 */
final class TermRevealingReproduction {
    static final int ROWS = 64;
    static final int COLS = 128;
    static final int GROUP = 16;
    /** Data terms kept by the term-revealing encoders: fewer than any data width here can have, so it truncates. */
    static final int DATA_TERMS = 3;
    static final int TR_WEIGHT_BITS = 4;

    /**
     * What the experiment runs: data widths (a table each), conventional weight widths, budgets.
     *
     * @param dataBits   one table per data width; both sides get it
     * @param weightBits the conventional points' weight widths
     * @param budgets    the term-revealing points' budgets k (and one point without a budget)
     */
    record Plan(List<Integer> dataBits, List<Integer> weightBits, List<Integer> budgets) {
        /** The shipped experiment. */
        static final Plan FULL = new Plan(List.of(6, 8), List.of(2, 3, 4, 5, 6), List.of(6, 8, 10, 12, 14));
    }

    /** How far below a conventional point's accuracy a term-revealing point still counts as equal (points). */
    static final double EQUAL_ACCURACY_POINTS = 0.5;

    /** The hardware a point runs on. */
    enum Hardware {
        MAC("MAC array", "mac"),
        TERM_ZERO_SKIP("zero-skipping term-serial (Laconic-style)", "term-serial-zero-skip"),
        BIT_SERIAL("bit-serial (Stripes-style)", "bit-serial"),
        BIT_ZERO_SKIP("zero-skipping bit-serial (Pragmatic-style)", "bit-serial-zero-skip"),
        TERM_REVEALING("term-serial, term revealing", "term-serial");

        final String label;
        final String kind;

        Hardware(String label, String kind) {
            this.label = label;
            this.kind = kind;
        }
    }

    /** One validate run: its table (data width), hardware, array size, quantization and result. */
    record Point(int dataBits, Hardware hardware, boolean equalArea, String quantization, String setting, int rows,
                 double arrayAreaUm2, Validation.Result result) {

        double perImage(double total) {
            return total / result.testImages();
        }

        double accuracy() {
            return result.hardwareAccuracy() == null ? Double.NaN : result.hardwareAccuracy();
        }

        boolean conventional() {
            return hardware != Hardware.TERM_REVEALING;
        }

        String size() {
            return equalArea ? "equal area" : "equal PEs";
        }
    }

    private final Path home;
    private final Path arch;
    private final Path model;
    private final Path data;
    private final Integer limit;
    private final Consumer<String> progress;
    private final Plan plan;
    private final Validation.Cache cache = new Validation.Cache();
    private final List<Point> points = new ArrayList<>();

    private TermRevealingReproduction(Path home, Integer limit, Consumer<String> progress, Plan plan) {
        this.plan = plan;
        this.home = home;
        this.arch = home.resolve("arch-configs/tr-fpga-64x128.yaml");
        this.model = home.resolve("workloads/models/mlp-784-512-512-10-mnist.onnx");
        this.data = home.resolve("workloads/mnist");
        this.limit = limit;
        this.progress = progress;
    }

    static Reproductions.Outcome run(Path home, ReportFolder out, String command, Integer limit, Consumer<String> progress) {
        return run(home, out, command, limit, progress, Plan.FULL);
    }

    static Reproductions.Outcome run(Path home, ReportFolder out, String command, Integer limit, Consumer<String> progress,
                                     Plan plan) {
        TermRevealingReproduction r = new TermRevealingReproduction(home, limit, progress, plan);
        for (int bits : plan.dataBits()) {
            r.table(bits);
        }
        List<String> findings = r.findings();
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("results.csv", r.csv().getBytes(StandardCharsets.UTF_8));
        files.put("README.md", r.readme(findings, command).getBytes(StandardCharsets.UTF_8));
        for (int bits : plan.dataBits()) {
            r.chart(files, "accuracy-vs-hese-pairs-" + bits + "bit", "Accuracy against nonzero HESE term pairs, " + bits
                    + "-bit data", "nonzero HESE term pairs per image", bits, p -> p.perImage(p.result().nonzeroTermPairs().hese()), false);
            r.chart(files, "accuracy-vs-cycles-equal-area-" + bits + "bit", "Accuracy against cycles at equal array area, " + bits
                    + "-bit data", "cycles per image", bits, p -> p.perImage(p.result().cycles()), true);
        }
        List<Reproductions.Row> rows = r.points.stream().map(p -> new Reproductions.Row(p.hardware().label + ", " + p.size(),
                p.quantization() + " " + p.setting(), p.result())).toList();
        return new Reproductions.Outcome(rows, out.write(files), findings);
    }

    /** Every point of one data width. */
    private void table(int dataBits) {
        for (Hardware hw : List.of(Hardware.MAC, Hardware.TERM_ZERO_SKIP, Hardware.BIT_SERIAL, Hardware.BIT_ZERO_SKIP)) {
            for (boolean equalArea : hw == Hardware.MAC ? List.of(false) : List.of(false, true)) {
                for (int b : plan.weightBits()) {
                    conventional(dataBits, hw, equalArea, b, Calibration.mse());
                }
            }
        }
        for (int b : plan.weightBits()) { // the paper's quantizer: each channel's largest weight on the top code
            conventional(dataBits, Hardware.MAC, false, b, Calibration.max());
        }
        for (boolean equalArea : List.of(false, true)) {
            for (int k : plan.budgets()) {
                termRevealing(dataBits, equalArea, k);
            }
            termRevealing(dataBits, equalArea, null);
        }
    }

    private void conventional(int dataBits, Hardware hw, boolean equalArea, int weightBits, Calibration weights) {
        List<String> set = new ArrayList<>(hardware(hw, dataBits));
        String quantization = "conventional, " + weights + " weight scales";
        progress.accept(dataBits + "-bit data: " + quantization + ", w" + weightBits + ", " + hw.label + (equalArea ? ", equal area" : ""));
        add(dataBits, hw, equalArea, quantization, "w" + weightBits, set, weightBits, weights);
    }

    private void termRevealing(int dataBits, boolean equalArea, Integer k) {
        List<String> set = new ArrayList<>(hardware(Hardware.TERM_REVEALING, dataBits));
        set.addAll(List.of("terms.groupSize=" + GROUP, "terms.dataTerms=" + DATA_TERMS, "terms.encoding=hese",
                "terms.dataEncoding=hese"));
        set.add("terms.groupBudget=" + (k == null ? "null" : k)); // without a budget: the file's removed
        String quantization = "term revealing (HESE, " + TR_WEIGHT_BITS + "-bit weights, g=" + GROUP + ", s=" + DATA_TERMS + ")";
        progress.accept(dataBits + "-bit data: " + quantization + (k == null ? ", no budget" : ", k=" + k) + (equalArea ? ", equal area" : ""));
        add(dataBits, Hardware.TERM_REVEALING, equalArea, quantization, k == null ? "no budget" : "k=" + k, set, TR_WEIGHT_BITS,
                Calibration.max());
    }

    /**
     * The overrides of a hardware on the 64x128 array: its PE kind, operands as wide as the data; the baselines keep
     * every term (the file's budget and data terms removed) and take groups of g like the term-revealing array.
     */
    private static List<String> hardware(Hardware hw, int dataBits) {
        List<String> set = new ArrayList<>(List.of("pe.kind=" + hw.kind, "pe.multiplierBits=" + dataBits));
        if (hw != Hardware.TERM_REVEALING) {
            set.addAll(List.of("terms.groupBudget=null", "terms.dataTerms=null", "terms.groupSize=" + GROUP));
        }
        return set;
    }

    private void add(int dataBits, Hardware hw, boolean equalArea, String quantization, String setting, List<String> set,
                     int weightBits, Calibration weights) {
        int rows = equalArea ? equalAreaRows(hw, dataBits, set) : ROWS;
        List<String> overrides = new ArrayList<>(set);
        overrides.add("array.rows=" + rows);
        Validation.Result result = cache.run(Validation.Settings.builder(arch, model, data).overrides(overrides)
                .bits(weightBits, dataBits).batch(Reproductions.MLP_BATCH).limit(limit).weightCalibrate(weights).build());
        points.add(new Point(dataBits, hw, equalArea, quantization, setting, rows, area(overrides), result));
    }

    /**
     * Rows of a 128-column array of this hardware with the MAC array's area: 64 times the MAC PE's area over this
     * PE's (rounded). The columns, and so the partial sums a fold leaves in the ofmap buffer, stay as they are; the
     * extra rows take more of the reduction per fold.
     */
    private int equalAreaRows(Hardware hw, int dataBits, List<String> set) {
        double mac = area(List.of("pe.kind=mac", "pe.multiplierBits=" + dataBits, "array.rows=1"));
        double mine = area(concat(set, "array.rows=1"));
        return (int) Math.round(ROWS * mac / mine);
    }

    private static List<String> concat(List<String> list, String more) {
        List<String> out = new ArrayList<>(list);
        out.add(more);
        return out;
    }

    /** The array's area under these overrides, um^2. */
    private double area(List<String> overrides) {
        ArchConfig a = ArchLoader.load(arch, overrides);
        return EnergyModel.forArch(a, arch).area().arrayUm2();
    }

    private List<Point> table(int dataBits, Hardware hw, boolean equalArea, String quantizationPrefix) {
        return points.stream().filter(p -> p.dataBits() == dataBits && p.hardware() == hw && p.equalArea() == equalArea
                && p.quantization().startsWith(quantizationPrefix)).toList();
    }

    private Point find(int dataBits, Hardware hw, boolean equalArea, String quantizationPrefix, String setting) {
        return table(dataBits, hw, equalArea, quantizationPrefix).stream().filter(p -> p.setting().equals(setting)).findFirst()
                .orElseThrow();
    }

    /** Each conventional (mse) MAC point paired with the budgeted term-revealing point that matches its accuracy. */
    private List<Point[]> pairings(int dataBits) {
        List<Point[]> out = new ArrayList<>();
        for (Point c : table(dataBits, Hardware.MAC, false, "conventional, mse")) {
            Point best = null;
            for (Point t : table(dataBits, Hardware.TERM_REVEALING, false, "term revealing")) {
                if (!t.setting().equals("no budget") && t.accuracy() >= c.accuracy() - EQUAL_ACCURACY_POINTS
                        && (best == null || t.result().costModelPairs() < best.result().costModelPairs())) {
                    best = t;
                }
            }
            out.add(new Point[] {c, best});
        }
        return out;
    }

    private List<String> findings() {
        List<String> findings = new ArrayList<>();
        for (int bits : plan.dataBits()) {
            for (Point[] pair : pairings(bits)) {
                Point c = pair[0];
                Point t = pair[1];
                if (t == null) {
                    findings.add(String.format(Locale.ROOT, "%d-bit data, conventional %s (%.2f %%): no budgeted term-revealing point "
                            + "within %.1f points: term revealing does not reach it", bits, c.setting(), c.accuracy(), EQUAL_ACCURACY_POINTS));
                    continue;
                }
                NonzeroTermPairs cn = c.result().nonzeroTermPairs();
                NonzeroTermPairs tn = t.result().nonzeroTermPairs();
                Point tArea = find(bits, Hardware.TERM_REVEALING, true, "term revealing", t.setting());
                findings.add(String.format(Locale.ROOT, "%d-bit data, conventional %s (%.2f %%) against term revealing %s (%.2f %%): "
                                + "%.2fx fewer term pairs in the cost model, but %s nonzero term pairs (binary) and %s (HESE); "
                                + "%s; %s", bits, c.setting(), c.accuracy(), t.setting(), t.accuracy(),
                        (double) c.result().costModelPairs() / t.result().costModelPairs(),
                        times(cn.binary(), tn.binary()), times(cn.hese(), tn.hese()),
                        speed("cycles", c, t, tArea, r -> (double) r.cycles()),
                        speed("energy", c, t, tArea, Validation.Result::energyPj)));
            }
            findings.add(withoutBudget(bits));
        }
        Point any = points.get(0);
        double p = any.result().floatAccuracy() / 100;
        double se = 100 * Math.sqrt(p * (1 - p) / any.result().testImages());
        findings.add(String.format(Locale.ROOT, "%d test images: one image is %.3f accuracy points; the standard error of an "
                        + "accuracy near the float model's %.2f %% is %.2f points, so differences under about %.1f points are "
                        + "within sampling noise", any.result().testImages(), any.result().resolutionPoints(), 100 * p, se, 2 * se));
        return findings;
    }

    /**
     * The budgets against the same array without one (every weight term, beats as long as the busiest PE needs):
     * which budgets take as many cycles or more, so that the budget buys no speed there.
     */
    private String withoutBudget(int bits) {
        Point free = find(bits, Hardware.TERM_REVEALING, false, "term revealing", "no budget");
        int n = free.result().testImages();
        List<String> slower = table(bits, Hardware.TERM_REVEALING, false, "term revealing").stream()
                .filter(p -> p != free && p.result().cycles() >= free.result().cycles())
                .map(p -> String.format(Locale.ROOT, "%s (%.2f %%, %,.0f cycles)", p.setting(), p.accuracy(), (double) p.result().cycles() / n))
                .toList();
        return String.format(Locale.ROOT, "%d-bit data, term revealing without a budget (every weight term, beats as long as the "
                        + "busiest PE needs; equal PEs): %.2f %% in %,.0f cycles per image; %s", bits, free.accuracy(),
                (double) free.result().cycles() / n, slower.isEmpty() ? "every budget is faster"
                        : "the budgets " + String.join(", ", slower) + " take as many cycles or more: there the budget-synchronous "
                        + "beat of k s pair cycles is longer than the busiest PE's need, and the budget buys no speed");
    }

    /** "1.49x fewer" or "1.22x more" of a count, conventional over term revealing. */
    private static String times(long conventional, long termRevealing) {
        double r = (double) conventional / termRevealing;
        return r >= 1 ? String.format(Locale.ROOT, "%.2fx fewer", r) : String.format(Locale.ROOT, "%.2fx more", 1 / r);
    }

    /** Term revealing's cycles or energy against each hardware's at its conventional point, equal PEs and equal area. */
    private String speed(String what, Point c, Point t, Point tArea, ToDoubleFunction<Validation.Result> measure) {
        List<String> parts = new ArrayList<>();
        for (Hardware hw : List.of(Hardware.MAC, Hardware.TERM_ZERO_SKIP, Hardware.BIT_SERIAL, Hardware.BIT_ZERO_SKIP)) {
            for (boolean equalArea : hw == Hardware.MAC ? List.of(false) : List.of(false, true)) {
                Point base = find(c.dataBits(), hw, equalArea, "conventional, mse", c.setting());
                Point mine = equalArea ? tArea : t;
                double r = measure.applyAsDouble(base.result()) / measure.applyAsDouble(mine.result());
                parts.add(String.format(Locale.ROOT, "%s %s %.2fx", hw.label, equalArea ? "(equal area)" : "(equal PEs)", r));
            }
        }
        return what + " of each baseline over term revealing's (above 1: term revealing wins): " + String.join(", ", parts);
    }

    private String csv() {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get())) {
            csv.printRecord("dataBits", "hardware", "size", "quantization", "setting", "peKind", "rows", "cols", "arrayAreaUm2",
                    "weights", "weightCalibration", "data", "testImages", "floatAccuracy", "exactAccuracy", "hardwareAccuracy",
                    "overflowEvents", "costModelTermPairs", "nonzeroTermPairsBinary", "nonzeroTermPairsHese", "termPairs",
                    "cycles", "energyPj");
            for (Point p : points) {
                Validation.Result v = p.result();
                csv.printRecord(p.dataBits(), p.hardware().label, p.size(), p.quantization(), p.setting(), p.hardware().kind,
                        p.rows(), COLS, p.arrayAreaUm2(), v.layers().get(0).weightType(), v.weightCalibration(),
                        v.layers().get(0).dataType(), v.testImages(), v.floatAccuracy(), v.exactAccuracy(), v.hardwareAccuracy(),
                        v.overflowEvents(), v.costModelPairs(), v.nonzeroTermPairs().binary(), v.nonzeroTermPairs().hese(),
                        v.termPairs(), v.cycles(), v.energyPj());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private String readme(List<String> findings, String command) {
        Validation.Result any = points.get(0).result();
        StringBuilder md = new StringBuilder("# Term revealing on the MNIST MLP, like with like\n\n");
        md.append("Values: **real data** (the MNIST test images of workloads/mnist and the shipped model "
                + "workloads/models/mlp-784-512-512-10-mnist.onnx). Produced by `").append(command)
                .append("`: every row is a `qasim validate` run, results.csv holds every figure summed over the ")
                .append(any.testImages()).append(" test images.\n\n");
        md.append(String.format(Locale.ROOT, """
                The MLP 784-512-512-10 (668,672 MACs per image), trained by tools/train-reference-models.py on the shipped \
                MNIST split (float %.2f %%), quantized and calibrated by qasim on 256 train images. Each table gives both \
                sides the same data width. Conventional quantization: weights of 2..6 bits (each output channel's scale \
                chosen by least squared error, mse; and as a second series by its largest weight, max) on four kinds of \
                hardware: a bit-parallel MAC array, a term-serial array that skips zero terms of the conventional values \
                (`pe.kind: term-serial-zero-skip`, the Laconic-style baseline), a bit-serial array (`bit-serial`, \
                Stripes-style, b_a cycles per MAC) and one that skips zero bits (`bit-serial-zero-skip`, Pragmatic-style). \
                Term revealing: HESE, %d-bit weights (max scales), g = %d, budget k (budget-synchronous beats), data \
                truncated to its top s = %d HESE terms (a u6 value has up to 4, a u8 value up to 6: the limit binds), and \
                the same without a budget (every weight term, data-dependent beats). Every array has 128 columns; "equal \
                PEs" is 64 x 128, "equal area" gives each array the MAC array's area (rows scaled by the MAC PE's area over \
                its own, areas from the horowitz-45nm table: multipliers, adders; registers are not priced). Multipliers \
                are as wide as the data.

                Measures, one at a time: the cost model (b_w b_a term pairs per MAC for conventional values, k s / g with a \
                budget); nonzero term pairs of the operands the hardware computes with, under binary and under HESE \
                (`nonzeroTermPairs`: what a PE that skips zero terms does); cycles and energy of the simulated hardware. \
                A ratio always divides a measure by the same measure.
                """, any.floatAccuracy(), TR_WEIGHT_BITS, GROUP, DATA_TERMS));
        tables(md);
        md.append("\n## Pairings at equal accuracy\n\nFor each conventional point (mse scales, MAC array), the budgeted "
                + "term-revealing point with the fewest cost-model pairs whose accuracy is at most ").append(EQUAL_ACCURACY_POINTS)
                .append(" points lower. Ratios are conventional over term revealing: above 1, term revealing does less.\n\n");
        findings.forEach(f -> md.append("- ").append(f).append('\n'));
        md.append("""

                ## Against the paper

                The paper (Kung, McDanel and Zhang, SC 2020) reports on the full MNIST test set: conventional 6-bit data at \
                93.32 / 98.34 / 98.39 / 98.47 / 98.46 %% with 2..6-bit weights at 8.0 / 12.0 / 16.0 / 20.1 / 24.1 M term \
                pairs per image, term revealing at 97.49 / 98.12 / 98.34 / 98.35 / 98.39 %% with k = 6..14 at 1.5 .. 3.5 M, \
                and equal accuracy (98.34 %%) at 2.5 M against 12.0 M: 4.8x fewer. Those counts are the cost model on both \
                sides (b_w b_a per MAC, zeros included; k s / g with 8-bit data truncated to 6 terms), and the \
                cost-model ratios above reproduce that kind of figure. The actual work of a PE that skips zero terms is \
                the nonzero term pairs: conventional values of few bits are mostly zero bits, so the conventional side \
                shrinks far more than the budgeted side, and the gap closes or reverses. This model's float accuracy is \
                %.2f %% (trained on an 8,000-image split), not the paper's 98.5 %%, so its accuracies are lower throughout.
                """.formatted(any.floatAccuracy()));
        md.append("\nCharts: accuracy against nonzero HESE term pairs per image and against cycles at equal area, per data width "
                + "(PNG and SVG).\n");
        return md.toString();
    }

    /** One table per data width: every point's measures per image. */
    private void tables(StringBuilder md) {
        for (int bits : plan.dataBits()) {
            md.append("\n## ").append(bits).append("-bit data\n\n");
            md.append("| hardware | size | quantization | setting | accuracy % | cost model pairs / image (M) | nonzero binary / image (M) "
                    + "| nonzero HESE / image (M) | cycles / image | energy / image (uJ) | array mm^2 |\n");
            md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
            for (Point p : points) {
                if (p.dataBits() != bits) {
                    continue;
                }
                Validation.Result v = p.result();
                md.append(String.format(Locale.ROOT, "| %s | %s (%dx%d) | %s | %s | %.2f | %.2f | %.3f | %.3f | %,.0f | %.3f | %.2f |%n",
                        p.hardware().label, p.size(), p.rows(), COLS, p.quantization(), p.setting(), p.accuracy(),
                        p.perImage(v.costModelPairs()) / 1e6, p.perImage(v.nonzeroTermPairs().binary()) / 1e6,
                        p.perImage(v.nonzeroTermPairs().hese()) / 1e6, p.perImage(v.cycles()), p.perImage(v.energyPj()) / 1e6,
                        p.arrayAreaUm2() / 1e6));
            }
        }
    }

    private void chart(Map<String, byte[]> files, String name, String title, String xLabel, int dataBits,
                       ToDoubleFunction<Point> x, boolean equalArea) {
        Map<String, XYSeries> series = new LinkedHashMap<>();
        Double floatAccuracy = null;
        for (Point p : points) {
            if (p.dataBits() != dataBits || p.equalArea() != equalArea && p.hardware() != Hardware.MAC
                    || p.setting().equals("no budget") || Double.isNaN(p.accuracy())) {
                continue;
            }
            if (!equalArea && p.hardware() != Hardware.MAC && p.hardware() != Hardware.TERM_REVEALING) {
                continue; // the nonzero pairs of conventional values are the same on every hardware
            }
            String key = p.hardware() == Hardware.TERM_REVEALING ? p.quantization() : p.quantization() + ", " + p.hardware().label;
            series.computeIfAbsent(key, k -> new XYSeries(k, true, true)).add(x.applyAsDouble(p), p.accuracy());
            floatAccuracy = p.result().floatAccuracy();
        }
        XYSeriesCollection data = new XYSeriesCollection();
        series.values().forEach(data::addSeries);
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, "top-1 accuracy %", data, PlotOrientation.VERTICAL,
                true, false, false);
        ChartRenderer.logDomain(chart, xLabel);
        chart.getXYPlot().setRenderer(new XYLineAndShapeRenderer(true, true));
        ChartRenderer.styled(chart);
        ChartRenderer.accuracyAxis(chart, floatAccuracy);
        ChartRenderer.putFiles(files, "", name, chart);
    }
}
