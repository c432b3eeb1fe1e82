package dev.qasim.explore;

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
 *   <li>{@code term-revealing-mlp}: the term-revealing paper's MNIST MLP, term revealing against conventional
 *   quantization like with like ({@link TermRevealingReproduction});</li>
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

    private Reproductions() {}

    /** One validate run of an experiment. */
    public record Row(String series, String setting, Validation.Result result) {}

    /** What an experiment produced: its rows and the files written. */
    public record Outcome(List<Row> rows, List<Path> files, List<String> findings) {}

    /** The top-level files an experiment writes: results.csv, README.md and the charts. */
    public static final List<String> NAMES = List.of("results.csv", "README.md", "*.png", "*.svg");

    /**
     * The term-revealing MLP experiment.
     *
     * @param home    the project folder (arch-configs/, workloads/)
     * @param command the command line that asked for it, as README.md records it
     */
    public static Outcome termRevealingMlp(Path home, ReportFolder out, String command, Integer limit, Consumer<String> progress) {
        return TermRevealingReproduction.run(home, out, command, limit, progress);
    }

    /** The accumulator-width CNN experiment. */
    public static Outcome accumulatorWidthsCnn(Path home, Path fashion, ReportFolder out, String command, Integer limit,
                                               Consumer<String> progress) {
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
                command).getBytes(StandardCharsets.UTF_8));
        chart(files, "accuracy-vs-accumulator-bits", "Accuracy against accumulator width", "accumulator bits", rows,
                r -> r.arch().pe().accumulatorBits(), false);
        chart(files, "overflow-events-vs-accumulator-bits", "Overflow events against accumulator width", "accumulator bits",
                rows, r -> r.arch().pe().accumulatorBits(), false, true);
        return new Outcome(rows, out.write(files), findings);
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
        StringBuilder md = new StringBuilder("# ").append(title).append("\n\nValues: **real data** (the shipped model on ")
                .append("its data set's test images). Produced by `").append(command)
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
