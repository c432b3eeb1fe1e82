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
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The trade-off's files: {@code tradeoff.csv} (one row per point: the term-revealing runs, then conventional
 * quantization's reference points) and charts of SQNR against the cost model's term pairs, against the term
 * pairs actually processed and against the term-serial array's cycles, one line per encoding, group size and
 * data terms (PNG and SVG, drawn by report.ChartRenderer).
 */
public final class TradeoffFiles {
    static final List<String> COLUMNS = List.of("kind", "encoding", "groupSize", "budget", "budgetPerValue", "dataTerms",
            "weightBits", "termPairs", "costModelTermPairs", "cycles", "energyPj", "sqnrDb", "maxAbsError");

    private TradeoffFiles() {}

    /** Writes the CSV and the charts into {@code dir}, atomically; returns the files written. */
    public static List<Path> write(TradeoffJob.Result r, Path dir) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("tradeoff.csv", csv(r).getBytes(StandardCharsets.UTF_8));
        chart(files, "sqnr-vs-cost-model-pairs", r, "term pairs, cost model (k s / g per MAC; conventional b_w b_a)",
                p -> p.costModelPairs(), true);
        chart(files, "sqnr-vs-term-pairs", r, "nonzero term pairs processed", p -> p.termPairs(), false);
        chart(files, "sqnr-vs-cycles", r, "term-serial array cycles", p -> p.cycles(), false);
        return ReportFiles.writeAll(dir, files);
    }

    static String csv(TradeoffJob.Result r) {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get())) {
            csv.printRecord(COLUMNS);
            for (TradeoffJob.Point p : r.points()) {
                csv.printRecord("term-revealing", Section.yamlName(p.encoding()), p.groupSize(), p.budget(), p.budgetPerValue(),
                        p.dataTerms(), null, p.termPairs(), p.costModelPairs(), p.cycles(), p.energyPj(), p.sqnrDb(),
                        p.maxAbsError());
            }
            for (TradeoffJob.Conventional c : r.conventional()) {
                csv.printRecord("conventional", null, null, null, null, null, c.weightBits(), null, c.costModelPairs(), null,
                        null, c.sqnrDb(), null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void chart(Map<String, byte[]> files, String name, TradeoffJob.Result r, String xLabel,
                              ToDoubleFunction<TradeoffJob.Point> x, boolean withConventional) {
        XYSeriesCollection data = new XYSeriesCollection();
        Map<String, XYSeries> lines = new LinkedHashMap<>();
        for (TradeoffJob.Point p : r.points()) {
            if (p.budget() == null || p.sqnrDb() == null) {
                continue; // the unbudgeted runs and error-free points have no place on a curve of error
            }
            String key = Section.yamlName(p.encoding()) + ", g=" + p.groupSize() + (p.dataTerms() == null ? "" : ", s=" + p.dataTerms());
            lines.computeIfAbsent(key, k -> new XYSeries(k, true, true)).add(x.applyAsDouble(p), p.sqnrDb());
        }
        lines.values().forEach(data::addSeries);
        if (withConventional) {
            XYSeries conv = new XYSeries("conventional, weight bits 2..", true, true);
            r.conventional().stream().filter(c -> c.sqnrDb() != null).forEach(c -> conv.add(c.costModelPairs(), c.sqnrDb()));
            data.addSeries(conv);
        }
        JFreeChart chart = ChartFactory.createXYLineChart("SQNR against " + xLabel + " (" + r.workload() + ")", xLabel,
                "SQNR (dB) against the exact result", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        LogAxis log = new LogAxis(xLabel);
        log.setSmallestValue(1);
        log.setNumberFormatOverride(new java.text.DecimalFormat("0.#E0"));
        plot.setDomainAxis(log);
        plot.setRenderer(new XYLineAndShapeRenderer(true, true));
        ChartRenderer.styled(chart);
        files.put(name + ".png", ChartRenderer.png(chart));
        files.put(name + ".svg", ChartRenderer.svgDocument(chart, "chart-" + name).getBytes(StandardCharsets.UTF_8));
    }
}
