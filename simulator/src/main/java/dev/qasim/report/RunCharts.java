package dev.qasim.report;

import dev.qasim.energy.LayerEnergy;
import dev.qasim.engine.LayerResult;
import dev.qasim.engine.RunResult;
import java.awt.BasicStroke;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The charts of one run: per-layer cycles (compute and stall, stacked) with utilization, energy by component
 * per layer, and overflow events per layer. Each has a stable name used for its files and SVG id.
 */
final class RunCharts {
    private RunCharts() {}

    /** Chart name to chart, in page order. */
    static Map<String, JFreeChart> of(RunReport report) {
        Map<String, JFreeChart> charts = new LinkedHashMap<>();
        charts.put("cycles", cycles(report.result()));
        charts.put("energy", energy(report));
        charts.put("overflow", overflow(report.result()));
        return charts;
    }

    private static JFreeChart cycles(RunResult r) {
        DefaultCategoryDataset cycles = new DefaultCategoryDataset();
        DefaultCategoryDataset util = new DefaultCategoryDataset();
        for (LayerResult l : r.layers()) {
            cycles.addValue(l.computeCycles(), "compute cycles", l.name());
            cycles.addValue(l.stallCycles() + l.replayCycles(), "stall and replay cycles", l.name());
            util.addValue(100 * l.utilization(), "utilization %", l.name());
        }
        JFreeChart chart = ChartFactory.createStackedBarChart("Cycles and utilization per layer", null, "cycles", cycles,
                PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        NumberAxis percent = new NumberAxis("utilization %");
        percent.setRange(0, 100);
        plot.setRangeAxis(1, percent);
        plot.setDataset(1, util);
        plot.mapDatasetToRangeAxis(1, 1);
        LineAndShapeRenderer line = new LineAndShapeRenderer(true, true);
        line.setSeriesPaint(0, ChartRenderer.PALETTE[2]);
        line.setSeriesStroke(0, new BasicStroke(2f));
        plot.setRenderer(1, line);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        return finish(chart);
    }

    private static JFreeChart energy(RunReport report) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        RunResult r = report.result();
        for (int i = 0; i < r.layers().size(); i++) {
            LayerEnergy e = report.energy().layers().get(i);
            String layer = r.layers().get(i).name();
            e.breakdownPj().forEach((component, pj) -> data.addValue(pj / 1e6, component, layer));
        }
        JFreeChart chart = ChartFactory.createStackedBarChart("Energy per layer by component (" + report.energy().table().name()
                + ")", null, "energy (uJ)", data, PlotOrientation.VERTICAL, true, false, false);
        return finish(chart);
    }

    private static JFreeChart overflow(RunResult r) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (LayerResult l : r.layers()) {
            data.addValue(l.overflowEvents(), "overflow events", l.name());
            data.addValue(l.overflowedOutputs(), "overflowed outputs", l.name());
        }
        JFreeChart chart = ChartFactory.createBarChart("Overflow events per layer (" + r.arch().pe().accumulatorBits()
                + "-bit accumulators, " + r.arch().pe().overflow().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                + ")", null, "count", data, PlotOrientation.VERTICAL, true, false, false);
        ChartRenderer.countAxis((NumberAxis) chart.getCategoryPlot().getRangeAxis());
        return finish(chart);
    }

    private static JFreeChart finish(JFreeChart chart) {
        CategoryPlot plot = chart.getCategoryPlot();
        CategoryAxis x = plot.getDomainAxis();
        x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        x.setMaximumCategoryLabelWidthRatio(0.6f);
        if (plot.getRenderer() instanceof StackedBarRenderer stacked) {
            stacked.setShadowVisible(false);
        }
        return ChartRenderer.styled(chart);
    }
}
