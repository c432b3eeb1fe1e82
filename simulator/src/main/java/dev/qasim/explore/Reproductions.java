package dev.qasim.explore;

import dev.qasim.model.Validation;
import dev.qasim.quant.Calibration;
import dev.qasim.report.ChartRenderer;
import dev.qasim.report.ReportFiles;
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
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * {@code qasim reproduce}: the papers' results on the shipped reference models and real data (issue 9), each a
 * set of {@code validate} runs written as a CSV, a markdown table and charts.
 * <ul>
 *   <li>{@code term-revealing-mlp}: the term-revealing paper's MNIST MLP, term revealing (HESE, g = 16, 4-bit
 *   weights, 8-bit data truncated to 6 terms, k = 6..14) on the term-serial array against conventional
 *   quantization (weights 2..6 bits with max and with mse weight scales, 6-bit data) on the same array with MAC PEs:
 *   accuracy against term pairs (cost model and nonzero) and term-serial cycles, and the term-pair reduction at equal
 *   accuracy;</li>
 *   <li>{@code accumulator-widths-cnn}: the Fashion-MNIST CNN at accumulator widths 32, 24, 20, 16, 14, 12 under
 *   wrap and saturate with 8-bit operands, and with overflow-aware bit allocation (the widest uniform operand
 *   width whose calibration images cause no overflow at that width): accuracy and overflow events, and the
 *   narrowest width within 0.5 points of the float model.</li>
 * </ul>
 */
public final class Reproductions {
    /** Test images the accumulator-width runs evaluate (Fashion-MNIST's test split is 10,000). */
    public static final int CNN_TEST_IMAGES = 10_000;
    static final int[] ACCUMULATOR_WIDTHS = {32, 24, 20, 16, 14, 12};
    /**
     * How far below a conventional point's accuracy a term-revealing point still counts as equal: about 1.3
     * standard errors of an accuracy near 97 % on the MNIST split's 2,004 test images.
     */
    static final double EQUAL_ACCURACY_POINTS = 0.5;
    static final String MLP_ABOUT = """
            The MLP 784-512-512-10 (668,672 MACs per image) of workloads/models, trained by tools/train-reference-models.py \
            on the shipped MNIST split, quantized and calibrated by qasim (256 train images). Term revealing: HESE, 4-bit \
            weights, g = 16, budget k, 8-bit data truncated to its top 6 HESE terms, on tr-fpga-64x128. Conventional: \
            weights of 2..6 bits and 6-bit data on the same 64x128 array with MAC PEs (pe.kind=mac), each output \
            channel's weight scale chosen two ways: max (its largest weight maps onto the top code, as for the term \
            revealing points) and mse (the scale with the least squared error, clipping outliers).

            The paper (spec: term-revealing.md) reports on the full MNIST test set: conventional 93.32 / 98.34 / 98.39 / \
            98.47 / 98.46 % at 8.0 / 12.0 / 16.0 / 20.1 / 24.1 M term pairs per image; term revealing 97.49 / 98.12 / \
            98.34 / 98.35 / 98.39 % at 1.5 / 2.0 / 2.5 / 3.0 / 3.5 M; equal accuracy (98.34 %) with 4.8x fewer term \
            pairs. The term-pair counts of the cost model here are the same formulas (b_w b_a, k s / g per MAC); the \
            accuracies differ because this model is trained on an 8,000-image split (float 97.55 %).""";
    static final String CNN_ABOUT = """
            The CNN of workloads/models (trained by tools/train-reference-models.py on Fashion-MNIST), quantized and \
            calibrated by qasim on 256 train images, on tpu-like-int8 with the accumulator width and overflow policy \
            set. Overflow-aware allocation: the widest uniform operand width (weights and data) whose 256 calibration \
            images cause no overflow event at that accumulator width (saturating), then evaluated on the test split.""";
    /**
     * Images per simulated batch of the MLP runs: each layer is one GEMM over the batch, and at 250 images the
     * partial sums of a 128-column fold (250 x 128 x 32 bits) just fit half of tr-fpga's 256 KiB ofmap buffer, so
     * neither array spills partial sums to DRAM.
     */
    static final int MLP_BATCH = 250;
    static final String CONVENTIONAL_MLP = "conventional (6-bit data, MAC array)";
    static final String CONVENTIONAL_MSE_MLP = "conventional, mse weight scales (6-bit data, MAC array)";

    private Reproductions() {}

    /** One validate run of an experiment. */
    public record Row(String series, String setting, Validation.Result result) {}

    /** What an experiment produced: its rows and the files written. */
    public record Outcome(List<Row> rows, List<Path> files, List<String> findings) {}

    /**
     * The term-revealing MLP experiment.
     *
     * @param home the project folder (arch-configs/, workloads/)
     */
    public static Outcome termRevealingMlp(Path home, Path out, Integer limit, Consumer<String> progress) {
        Path model = home.resolve("workloads/models/mlp-784-512-512-10-mnist.onnx");
        Path data = home.resolve("workloads/mnist");
        Validation.Cache cache = new Validation.Cache(); // the runs differ in the hardware: data and model loaded once per setting
        List<Row> rows = new ArrayList<>();
        for (int k = 6; k <= 14; k += 2) {
            progress.accept("term revealing k=" + k);
            rows.add(new Row("term revealing (HESE, g=16, s=6)", "k=" + k, cache.run(Validation.Settings.builder(
                    home.resolve("arch-configs/tr-fpga-64x128.yaml"), model, data).overrides(List.of("terms.groupSize=16",
                    "terms.groupBudget=" + k, "terms.dataTerms=6", "terms.encoding=hese", "terms.dataEncoding=hese")).bits(4, 8)
                    .batch(MLP_BATCH).limit(limit).build())));
        }
        for (Calibration weights : List.of(Calibration.max(), Calibration.mse())) {
            String series = weights.equals(Calibration.max()) ? CONVENTIONAL_MLP : CONVENTIONAL_MSE_MLP;
            for (int b = 2; b <= 6; b++) {
                progress.accept("conventional " + b + "-bit weights, " + weights + " scales");
                rows.add(new Row(series, "w" + b, cache.run(Validation.Settings.builder(
                        home.resolve("arch-configs/tr-fpga-64x128.yaml"), model, data).overrides(List.of("pe.kind=mac")).bits(b, 6)
                        .batch(MLP_BATCH).limit(limit).weightCalibrate(weights).build())));
            }
        }
        List<String> findings = new ArrayList<>(equalAccuracy(rows, EQUAL_ACCURACY_POINTS));
        Row any = rows.get(0);
        findings.add(String.format(Locale.ROOT, "%d test images: one image is %.3f accuracy points; float model %.2f %%",
                any.result().testImages(), any.result().resolutionPoints(), any.result().floatAccuracy()));
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("results.csv", csv(rows).getBytes(StandardCharsets.UTF_8));
        files.put("README.md", markdown("Term revealing on the MNIST MLP", MLP_ABOUT, rows, findings,
                command(home, "term-revealing-mlp", out)).getBytes(StandardCharsets.UTF_8));
        chart(files, "accuracy-vs-cost-model-pairs", "Accuracy against term pairs (cost model)", "term pairs, cost model", rows,
                r -> (double) r.costModelPairs(), true);
        chart(files, "accuracy-vs-cycles", "Accuracy against cycles", "array cycles (test split)", rows, r -> (double) r.cycles(), true);
        return new Outcome(rows, ReportFiles.writeAll(out, files), findings);
    }

    /** The accumulator-width CNN experiment. */
    public static Outcome accumulatorWidthsCnn(Path home, Path fashion, Path out, Integer limit, Consumer<String> progress) {
        Path model = home.resolve("workloads/models/cnn-fashion-mnist.onnx");
        Path arch = home.resolve("arch-configs/tpu-like-int8.yaml");
        int images = limit == null ? CNN_TEST_IMAGES : limit;
        Validation.Cache cache = new Validation.Cache(); // the runs differ in the hardware: data and model loaded once per setting
        List<Row> rows = new ArrayList<>();
        progress.accept("float and exact 8-bit references");
        Validation.Result reference = cache.run(Validation.Settings.builder(arch, model, fashion).limit(images).build());
        rows.add(new Row("reference (32-bit accumulators)", "P=32", reference));
        for (String policy : List.of("wrap", "saturate")) {
            for (int p : ACCUMULATOR_WIDTHS) {
                progress.accept(policy + " P=" + p);
                rows.add(new Row(policy + " (8-bit operands)", "P=" + p, hardware(cache, arch, model, fashion, p, policy, 8, images)));
            }
        }
        for (int p : ACCUMULATOR_WIDTHS) {
            progress.accept("overflow-aware bits at P=" + p);
            int bits = 8;
            while (bits > 2 && hardwareOnCalibration(cache, arch, model, fashion, p, bits).overflowEvents() > 0) {
                bits--;
            }
            rows.add(new Row("overflow-aware allocation", "P=" + p + " b=" + bits,
                    hardware(cache, arch, model, fashion, p, "saturate", bits, images)));
        }
        List<String> findings = new ArrayList<>();
        double floatAcc = reference.floatAccuracy();
        for (String series : List.of("wrap (8-bit operands)", "saturate (8-bit operands)", "overflow-aware allocation")) {
            Integer narrowest = null;
            for (Row r : rows) {
                if (r.series().equals(series) && r.result().hardwareAccuracy() != null && r.result().hardwareAccuracy() >= floatAcc - 0.5) {
                    int p = r.result().arch().pe().accumulatorBits();
                    narrowest = narrowest == null ? p : Math.min(narrowest, p);
                }
            }
            findings.add(series + ": the narrowest accumulator within 0.5 points of the float model (" + String.format(Locale.ROOT,
                    "%.2f %%", floatAcc) + ") is " + (narrowest == null ? "none of those run" : narrowest + " bits"));
        }
        findings.add(String.format(Locale.ROOT, "%d test images: one image is %.3f accuracy points", reference.testImages(),
                reference.resolutionPoints()));
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("results.csv", csv(rows).getBytes(StandardCharsets.UTF_8));
        files.put("README.md", markdown("Accumulator width on the Fashion-MNIST CNN", CNN_ABOUT, rows, findings,
                command(home, "accumulator-widths-cnn", out)).getBytes(StandardCharsets.UTF_8));
        chart(files, "accuracy-vs-accumulator-bits", "Accuracy against accumulator width", "accumulator bits", rows,
                r -> r.arch().pe().accumulatorBits(), false);
        chart(files, "overflow-events-vs-accumulator-bits", "Overflow events against accumulator width", "accumulator bits",
                rows, r -> r.arch().pe().accumulatorBits(), false, true);
        return new Outcome(rows, ReportFiles.writeAll(out, files), findings);
    }

    /**
     * For each conventional point, the term-revealing point with the fewest cost-model term pairs whose accuracy is
     * at most {@code tolerance} points below it (the paper's "equal accuracy", with the sampling error of a few
     * thousand test images allowed for).
     */
    static List<String> equalAccuracy(List<Row> rows, double tolerance) {
        List<String> findings = new ArrayList<>();
        for (Row c : rows) {
            if (!conventional(c)) {
                continue;
            }
            Row best = null;
            for (Row t : rows) {
                if (!conventional(t) && t.result().hardwareAccuracy() >= c.result().hardwareAccuracy() - tolerance
                        && (best == null || t.result().costModelPairs() < best.result().costModelPairs())) {
                    best = t;
                }
            }
            int images = c.result().testImages();
            String setting = c.setting() + (c.series().equals(CONVENTIONAL_MSE_MLP) ? ", mse weight scales" : "");
            findings.add(best == null
                    ? String.format(Locale.ROOT, "conventional %s (%.2f %%, %.1f M term pairs per image): no term-revealing point within "
                            + "%.1f points", setting, c.result().hardwareAccuracy(), c.result().costModelPairs() / 1e6 / images, tolerance)
                    : String.format(Locale.ROOT, "conventional %s (%.2f %%, %.1f M term pairs per image): term revealing %s reaches %.2f %% "
                            + "with %.2f M term pairs per image in the cost model (%.1fx fewer; %.2f M nonzero, %.1fx fewer) "
                            + "in %.2fx the cycles and %.2fx the energy of the MAC array", setting, c.result().hardwareAccuracy(),
                            c.result().costModelPairs() / 1e6 / images, best.setting(), best.result().hardwareAccuracy(),
                            best.result().costModelPairs() / 1e6 / images,
                            (double) c.result().costModelPairs() / best.result().costModelPairs(),
                            best.result().termPairs() / 1e6 / images, (double) c.result().costModelPairs() / best.result().termPairs(),
                            (double) best.result().cycles() / c.result().cycles(), best.result().energyPj() / c.result().energyPj()));
        }
        return findings;
    }

    private static boolean conventional(Row r) {
        return r.series().equals(CONVENTIONAL_MLP) || r.series().equals(CONVENTIONAL_MSE_MLP);
    }

    private static Validation.Result hardware(Validation.Cache cache, Path arch, Path model, Path data, int p, String policy,
                                              int bits, int images) {
        return cache.run(Validation.Settings.builder(arch, model, data).overrides(List.of("pe.accumulatorBits=" + p,
                "pe.overflow=" + policy)).bits(bits, bits).limit(images).references(false).build());
    }

    private static Validation.Result hardwareOnCalibration(Validation.Cache cache, Path arch, Path model, Path data, int p, int bits) {
        return cache.run(Validation.Settings.builder(arch, model, data).overrides(List.of("pe.accumulatorBits=" + p,
                "pe.overflow=saturate")).bits(bits, bits).batch(256).limit(256).onCalibration(true).references(false).build());
    }

    /** The command that reproduces an experiment, with its output folder relative to the project when inside it. */
    static String command(Path home, String name, Path out) {
        Path h = home.toAbsolutePath().normalize();
        Path o = out.toAbsolutePath().normalize();
        return "tools/qasim reproduce " + name + " --out " + (o.startsWith(h) ? h.relativize(o) : o);
    }

    static String csv(List<Row> rows) {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get())) {
            csv.printRecord("series", "setting", "arch", "accumulatorBits", "overflow", "weights", "weightCalibration", "data", "testImages",
                    "floatAccuracy", "exactAccuracy", "hardwareAccuracy", "overflowEvents", "termPairs", "costModelTermPairs",
                    "cycles", "energyPj");
            for (Row r : rows) {
                Validation.Result v = r.result();
                csv.printRecord(r.series(), r.setting(), v.arch().name(), v.arch().pe().accumulatorBits(),
                        v.arch().pe().overflow().name().toLowerCase(Locale.ROOT).replace('_', '-'), v.layers().get(0).weightType(),
                        v.weightCalibration(), v.layers().get(0).dataType(), v.testImages(), v.floatAccuracy(), v.exactAccuracy(), v.hardwareAccuracy(),
                        v.overflowEvents(), v.termPairs(), v.costModelPairs(), v.cycles(), v.energyPj());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static String markdown(String title, String about, List<Row> rows, List<String> findings, String command) {
        StringBuilder md = new StringBuilder("# ").append(title).append("\n\nProduced by `").append(command)
                .append("` (qasim validate runs; results.csv holds every figure, summed over the test images).\n\n")
                .append(about).append("\n\n");
        md.append("| series | setting | hardware accuracy % | overflow events | term pairs per image, cost model (M) "
                + "| nonzero term pairs per image (M) | cycles per image | energy per image (uJ) |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Row r : rows) {
            Validation.Result v = r.result();
            int n = v.testImages();
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %,d | %.2f | %s | %,.0f | %.3f |%n", r.series(), r.setting(),
                    v.hardwareAccuracy() == null ? "-" : String.format(Locale.ROOT, "%.2f", v.hardwareAccuracy()), v.overflowEvents(),
                    v.costModelPairs() / 1e6 / n, v.termPairs() == null ? "-" : String.format(Locale.ROOT, "%.3f", v.termPairs() / 1e6 / n),
                    (double) v.cycles() / n, v.energyPj() / 1e6 / n));
        }
        md.append('\n');
        findings.forEach(f -> md.append("- ").append(f).append('\n'));
        return md.toString();
    }

    private static void chart(Map<String, byte[]> files, String name, String title, String xLabel, List<Row> rows,
                              java.util.function.ToDoubleFunction<Validation.Result> x, boolean logX) {
        chart(files, name, title, xLabel, rows, x, logX, false);
    }

    private static void chart(Map<String, byte[]> files, String name, String title, String xLabel, List<Row> rows,
                              java.util.function.ToDoubleFunction<Validation.Result> x, boolean logX, boolean events) {
        XYSeriesCollection data = new XYSeriesCollection();
        Map<String, XYSeries> series = new LinkedHashMap<>();
        for (Row r : rows) {
            Double y = events ? (Double) (double) r.result().overflowEvents() : r.result().hardwareAccuracy();
            if (y != null && !r.series().startsWith("reference")) {
                series.computeIfAbsent(r.series(), s -> new XYSeries(s, true, true)).add(x.applyAsDouble(r.result()), y);
            }
        }
        series.values().forEach(data::addSeries);
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, events ? "overflow events (test split)" : "top-1 accuracy %",
                data, PlotOrientation.VERTICAL, true, false, false);
        if (logX) {
            ChartRenderer.logDomain(chart, xLabel);
        }
        chart.getXYPlot().setRenderer(new XYLineAndShapeRenderer(true, true));
        ChartRenderer.styled(chart);
        ChartRenderer.putFiles(files, "", name, chart);
    }
}
