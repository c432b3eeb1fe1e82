package dev.qasim.explore;

import dev.qasim.input.Section;
import dev.qasim.report.ChartRenderer;
import dev.qasim.report.ReportFiles;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The trade-off's files: {@code tradeoff.csv} (one row per point: the term-revealing runs, then conventional
 * quantization's reference points) and charts of SQNR against the cost model's term pairs, against the term
 * pairs actually processed and against the term-serial array's cycles, one line per encoding, group size and
 * data terms (PNG and SVG, drawn by report.ChartRenderer). Accuracy curves (a model validated on data) draw
 * top-1 accuracy instead of SQNR.
 */
public final class TradeoffFiles {
    static final List<String> COLUMNS = List.of("kind", "encoding", "groupSize", "budget", "budgetPerValue", "dataTerms",
            "weightBits", "termPairs", "costModelTermPairs", "cycles", "energyPj", "sqnrDb", "maxAbsError", "accuracy");

    /** The top-level files {@link #write} writes: the CSV and the charts. */
    public static final List<String> NAMES = List.of("tradeoff.csv", "*.png", "*.svg");

    private TradeoffFiles() {}

    /** Writes the CSV and the charts into {@code dir}, atomically; returns the files written. */
    public static List<Path> write(TradeoffJob.Result r, Path dir) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("tradeoff.csv", csv(r).getBytes(StandardCharsets.UTF_8));
        boolean accuracy = r.points().stream().anyMatch(p -> p.accuracy() != null);
        String y = accuracy ? "accuracy" : "sqnr";
        chart(files, y + "-vs-cost-model-pairs", r, "term pairs, cost model (k s / g per MAC; conventional b_w b_a)",
                p -> p.costModelPairs(), c -> (double) c.costModelPairs(), accuracy);
        chart(files, y + "-vs-term-pairs", r, "nonzero term pairs processed", p -> p.termPairs(), null, accuracy);
        chart(files, y + "-vs-cycles", r, accuracy ? "cycles (term-serial; conventional: MAC PEs)" : "term-serial array cycles",
                p -> p.cycles(), accuracy ? c -> (double) c.cycles() : null, accuracy);
        return ReportFiles.writeAll(dir, files);
    }

    static String csv(TradeoffJob.Result r) {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get())) {
            csv.printRecord(COLUMNS);
            for (TradeoffJob.Point p : r.points()) {
                TradeoffJob.Setting t = p.setting();
                csv.printRecord("term-revealing", Section.yamlName(t.encoding()), t.groupSize(), t.budget(), t.budgetPerValue(),
                        t.dataTerms(), null, p.termPairs(), p.costModelPairs(), p.cycles(), p.energyPj(), p.sqnrDb(),
                        p.maxAbsError(), p.accuracy());
            }
            for (TradeoffJob.Conventional c : r.conventional()) {
                csv.printRecord("conventional", null, null, null, null, null, c.weightBits(), null, c.costModelPairs(), c.cycles(),
                        null, c.sqnrDb(), null, c.accuracy());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * One chart: a line per encoding, g and s over the budgeted points, and the conventional points where
     * {@code conventionalX} gives them an x.
     */
    private static void chart(Map<String, byte[]> files, String name, TradeoffJob.Result r, String xLabel,
                              ToDoubleFunction<TradeoffJob.Point> x, ToDoubleFunction<TradeoffJob.Conventional> conventionalX,
                              boolean accuracy) {
        XYSeriesCollection data = new XYSeriesCollection();
        Map<String, XYSeries> lines = new LinkedHashMap<>();
        for (TradeoffJob.Point p : r.points()) {
            Double y = accuracy ? p.accuracy() : p.sqnrDb();
            TradeoffJob.Setting t = p.setting();
            if (t.budget() == null || y == null) {
                continue; // the unbudgeted runs and error-free points have no place on a curve of error
            }
            String key = Section.yamlName(t.encoding()) + ", g=" + t.groupSize() + (t.dataTerms() == null ? "" : ", s=" + t.dataTerms());
            lines.computeIfAbsent(key, k -> new XYSeries(k, true, true)).add(x.applyAsDouble(p), y);
        }
        lines.values().forEach(data::addSeries);
        if (conventionalX != null) {
            XYSeries conv = new XYSeries("conventional, weight bits 2..", true, true);
            for (TradeoffJob.Conventional c : r.conventional()) {
                Double y = accuracy ? c.accuracy() : c.sqnrDb();
                if (y != null) {
                    conv.add(conventionalX.applyAsDouble(c), y);
                }
            }
            data.addSeries(conv);
        }
        String yLabel = accuracy ? "top-1 accuracy % (simulated hardware)" : "SQNR (dB) against the exact result";
        JFreeChart chart = ChartFactory.createXYLineChart((accuracy ? "Accuracy" : "SQNR") + " against " + xLabel + " (" + r.workload()
                + ")", xLabel, yLabel, data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        ChartRenderer.logDomain(chart, xLabel).setSmallestValue(1);
        plot.setRenderer(new XYLineAndShapeRenderer(true, true));
        ChartRenderer.styled(chart);
        if (accuracy) {
            ChartRenderer.accuracyAxis(chart, null);
        }
        ChartRenderer.putFiles(files, "", name, chart);
    }
}
