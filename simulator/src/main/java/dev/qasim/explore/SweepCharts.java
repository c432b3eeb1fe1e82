package dev.qasim.explore;

import dev.qasim.report.ChartRenderer;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A sweep's charts, drawn with JFreeChart through {@link ChartRenderer}: for every pair of objectives, the points
 * with the front of that pair and the points on the front of all objectives ({@code pareto-<a>-<b>}); and one
 * chart per plot of the grid file, one line per combination of the other grid keys that vary.
 */
final class SweepCharts {
    /** Objective column to its short name in chart names, its axis label and the factor its values are shown in. */
    private record Objective(String name, String label, double scale) {}

    private static final Map<String, Objective> OBJECTIVES = Map.of(
            "cycles", new Objective("cycles", "cycles", 1),
            "energyPj", new Objective("energy", "energy (uJ)", 1e-6),
            "areaUm2", new Objective("area", "area (mm^2)", 1e-6),
            SweepResults.ERROR, new Objective("error", "error: max |output - exact|", 1));

    /**
     * One plot's data, also the markdown's table: series label to x to y.
     *
     * @param varying the grid columns whose values tell the series apart
     * @param xs      every x of a point that ran, whether or not it has a y
     * @param series  one line per combination of the varying columns, in the grid's order; a point without a y
     *                (output.sqnrDb of exact outputs) is not in its line
     */
    record PlotData(Grid.Plot plot, List<String> varying, TreeSet<Double> xs, Map<String, TreeMap<Double, Double>> series) {

        boolean isEmpty() {
            return series.values().stream().allMatch(Map::isEmpty);
        }
    }

    private SweepCharts() {}

    /** Chart name to chart, Pareto charts first; none when no point could be plotted. */
    static Map<String, JFreeChart> of(SweepResults r) {
        Map<String, JFreeChart> charts = new LinkedHashMap<>();
        List<String> objectives = r.objectives();
        if (!r.eligible().isEmpty()) {
            for (int a = 0; a < objectives.size(); a++) {
                for (int b = a + 1; b < objectives.size(); b++) {
                    Objective x = OBJECTIVES.get(objectives.get(a));
                    Objective y = OBJECTIVES.get(objectives.get(b));
                    charts.put("pareto-" + x.name() + "-" + y.name(), pareto(r, objectives.get(a), objectives.get(b)));
                }
            }
        }
        for (PlotData data : plots(r)) {
            if (!data.isEmpty()) {
                charts.put(data.plot().name(), plot(data));
            }
        }
        return charts;
    }

    private static JFreeChart pareto(SweepResults r, String xColumn, String yColumn) {
        Objective x = OBJECTIVES.get(xColumn);
        Objective y = OBJECTIVES.get(yColumn);
        XYSeries points = new XYSeries("design points", false);
        XYSeries pair = new XYSeries("front of these two", false);
        XYSeries all = new XYSeries("front of all " + r.objectives().size() + " objectives", false);
        for (SweepFile.Group p : r.eligible()) {
            points.add(r.number(p, xColumn) * x.scale(), r.number(p, yColumn) * y.scale());
        }
        List<SweepFile.Group> front = new ArrayList<>(r.frontOf(r.eligible(), List.of(xColumn, yColumn)));
        front.sort(Comparator.comparing((SweepFile.Group p) -> r.number(p, xColumn)).thenComparing(p -> r.number(p, yColumn)));
        front.forEach(p -> pair.add(r.number(p, xColumn) * x.scale(), r.number(p, yColumn) * y.scale()));
        r.front().forEach(p -> all.add(r.number(p, xColumn) * x.scale(), r.number(p, yColumn) * y.scale()));
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(points);
        data.addSeries(pair);
        data.addSeries(all);
        JFreeChart chart = ChartFactory.createScatterPlot("Pareto front: " + x.label() + " and " + y.label()
                + " (lower is better)", x.label(), y.label(), data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
        renderer.setSeriesLinesVisible(0, false);
        renderer.setSeriesShape(0, new Ellipse2D.Double(-3, -3, 6, 6));
        renderer.setSeriesPaint(0, new Color(0x4E79A7));
        renderer.setSeriesLinesVisible(1, true);
        renderer.setSeriesStroke(1, new BasicStroke(2f));
        renderer.setSeriesShape(1, new Ellipse2D.Double(-4, -4, 8, 8));
        renderer.setSeriesPaint(1, new Color(0xF28E2B));
        renderer.setSeriesLinesVisible(2, false);
        renderer.setSeriesShape(2, new Rectangle2D.Double(-4, -4, 8, 8));
        renderer.setSeriesShapesFilled(2, false);
        renderer.setSeriesPaint(2, new Color(0xE15759));
        plot.setRenderer(renderer);
        plot.setDomainAxis(axis(x.label(), points, true));
        plot.setRangeAxis(axis(y.label(), points, false));
        return ChartRenderer.styled(chart);
    }

    /** A log axis when the values are positive and span two decades or more, else a linear one from the data. */
    private static ValueAxis axis(String label, XYSeries values, boolean domain) {
        double min = domain ? values.getMinX() : values.getMinY();
        double max = domain ? values.getMaxX() : values.getMaxY();
        if (min > 0 && max / min >= 100) {
            LogAxis log = new LogAxis(label);
            log.setSmallestValue(min / 2);
            return log;
        }
        NumberAxis linear = new NumberAxis(label);
        linear.setAutoRangeIncludesZero(false);
        return linear;
    }

    /** The data of the grid file's plots, from the points that ran and did not trap. */
    static List<PlotData> plots(SweepResults r) {
        List<SweepFile.Group> points = r.points().stream()
                .filter(p -> p.status() == Status.OK && !"true".equals(r.cell(p, "trapped"))).toList();
        List<PlotData> out = new ArrayList<>();
        for (Grid.Plot plot : r.meta().selection().plots()) {
            // the keys x's grid key sets with it (array.cols beside array.rows) change along the line, not between lines
            List<String> alongX = r.meta().selection().axes().stream().filter(a -> a.leaves().contains(plot.x()))
                    .flatMap(a -> a.leaves().stream()).toList();
            List<String> others = r.table().gridColumns().stream().filter(c -> !alongX.contains(c)).toList();
            List<String> varying = others.stream()
                    .filter(c -> points.stream().map(p -> r.cell(p, c)).distinct().count() > 1).toList();
            Map<String, Double> baselineCycles = new HashMap<>();
            if (plot.baseline() != null) {
                for (SweepFile.Group p : points) {
                    Double x = r.number(p, plot.x());
                    if (x != null && x.doubleValue() == plot.baseline()) {
                        baselineCycles.put(key(r, p, others), r.number(p, "cycles"));
                    }
                }
            }
            Map<String, String> names = shortNames(varying);
            Map<String, TreeMap<Double, Double>> series = new LinkedHashMap<>(); // lines in the grid's order
            TreeSet<Double> xs = new TreeSet<>();
            for (SweepFile.Group p : points) {
                Double x = r.number(p, plot.x());
                if (x == null) {
                    continue;
                }
                Double y = plot.y().equals(Grid.SPEEDUP) ? speedup(baselineCycles.get(key(r, p, others)), r.number(p, "cycles"))
                        : r.number(p, plot.y());
                String label = varying.isEmpty() ? plot.y() : varying.stream().map(c -> names.get(c) + "=" + r.cell(p, c))
                        .collect(Collectors.joining(", "));
                TreeMap<Double, Double> line = series.computeIfAbsent(label, k -> new TreeMap<>());
                xs.add(x);
                if (y != null) {
                    line.put(x, y);
                }
            }
            out.add(new PlotData(plot, varying, xs, series));
        }
        return out;
    }

    /**
     * Each column by the shortest end of its path that no other column ends with ({@code overflow} for
     * {@code pe.overflow}, {@code defaults.weightBits} beside {@code layers.weightBits}), for legends that fit.
     */
    static Map<String, String> shortNames(List<String> columns) {
        Map<String, String> names = new LinkedHashMap<>();
        for (String c : columns) {
            String[] parts = c.split("\\.");
            String name = c;
            for (int n = 1; n <= parts.length; n++) {
                String end = String.join(".", List.of(parts).subList(parts.length - n, parts.length));
                if (columns.stream().filter(o -> o.equals(end) || o.endsWith("." + end)).count() == 1) {
                    name = end;
                    break;
                }
            }
            names.put(c, name);
        }
        return names;
    }

    private static Double speedup(Double baseline, Double cycles) {
        return baseline == null || cycles == null || cycles == 0 ? null : baseline / cycles;
    }

    /** The values of the other grid columns: which points share a line and a baseline. */
    private static String key(SweepResults r, SweepFile.Group p, List<String> columns) {
        return columns.stream().map(c -> r.cell(p, c)).collect(Collectors.joining("\u0000"));
    }

    private static JFreeChart plot(PlotData data) {
        XYSeriesCollection dataset = new XYSeriesCollection();
        Set<Double> xs = new LinkedHashSet<>();
        data.series().forEach((label, points) -> {
            if (points.isEmpty()) {
                return; // a line without a value (exact outputs have no SQNR) stays out of the legend
            }
            XYSeries s = new XYSeries(label, true, false);
            points.forEach(s::add);
            xs.addAll(points.keySet());
            dataset.addSeries(s);
        });
        Grid.Plot plot = data.plot();
        JFreeChart chart = ChartFactory.createXYLineChart(plot.title(), plot.x(), plot.y().equals(Grid.SPEEDUP)
                ? "speedup (x)" : plot.y(), dataset, PlotOrientation.VERTICAL, true, false, false);
        XYPlot xy = chart.getXYPlot();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < dataset.getSeriesCount(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(1.8f));
        }
        xy.setRenderer(renderer);
        double min = xs.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = xs.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        if (min > 0 && max / min >= 16) {
            LogAxis log = new LogAxis(plot.x()); // sizes doubling along the grid, e.g. 8 .. 128
            log.setBase(2);
            log.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            log.setSmallestValue(min / 2);
            xy.setDomainAxis(log);
        } else {
            NumberAxis x = (NumberAxis) xy.getDomainAxis();
            if (xs.stream().allMatch(v -> v == Math.rint(v))) {
                x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            }
            x.setAutoRangeIncludesZero(false);
        }
        ((NumberAxis) xy.getRangeAxis()).setAutoRangeIncludesZero(plot.y().equals(Grid.SPEEDUP) || plot.y().contains("overflow"));
        return ChartRenderer.styled(chart);
    }
}
