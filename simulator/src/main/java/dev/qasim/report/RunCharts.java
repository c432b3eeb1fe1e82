package dev.qasim.report;

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
 * per layer, the run's energy by kind and part (dynamic and static; compute, registers, SRAM, DRAM), and overflow
 * events per layer (not for a run without values). Each has a stable name used for its files and SVG id.
 */
final class RunCharts {
    private RunCharts() {}

    /** Chart name to chart, in page order. */
    static Map<String, JFreeChart> of(ReportDocument report) {
        Map<String, JFreeChart> charts = new LinkedHashMap<>();
        charts.put("cycles", cycles(report));
        charts.put("energy", energy(report));
        charts.put("breakdown", breakdown(report));
        if (report.layers().stream().anyMatch(l -> l.overflow().valuesSimulated())) { // a shape-only run has no events to draw
            charts.put("overflow", overflow(report));
        }
        return charts;
    }

    private static JFreeChart cycles(ReportDocument report) {
        DefaultCategoryDataset cycles = new DefaultCategoryDataset();
        DefaultCategoryDataset util = new DefaultCategoryDataset();
        for (LayerEntry l : report.layers()) {
            Counters.Cycles c = l.cycles();
            cycles.addValue(c.computeCycles(), "compute cycles", l.shape().name());
            cycles.addValue(c.stallCycles() + c.replayCycles(), "stall and replay cycles", l.shape().name());
            util.addValue(100 * l.work().utilization(), "utilization %", l.shape().name());
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

    private static JFreeChart energy(ReportDocument report) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (LayerEntry l : report.layers()) {
            l.energyBreakdownPj().forEach((component, pj) -> data.addValue(pj / 1e6, component, l.shape().name()));
        }
        JFreeChart chart = ChartFactory.createStackedBarChart("Energy per layer by component (" + report.energyModel().table()
                + ")", null, "energy (uJ)", data, PlotOrientation.VERTICAL, true, false, false);
        return finish(chart);
    }

    /** The run's energy by kind (dynamic, static), each stacked by what it is spent on (compute, registers, SRAM, DRAM). */
    private static JFreeChart breakdown(ReportDocument report) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        Counters.Split split = report.totals().power().energySplitPj();
        spent(data, "dynamic", split.dynamic());
        spent(data, "static", split.statik());
        ReportDocument.EnergyModel e = report.energyModel();
        JFreeChart chart = ChartFactory.createStackedBarChart("Energy of the run: dynamic and static, by part (" + e.table() + ", "
                + MarkdownRenderer.at(e) + ")", null, "energy (uJ)", data, PlotOrientation.VERTICAL, true, false, false);
        return finish(chart);
    }

    private static void spent(DefaultCategoryDataset data, String kind, Counters.Spent s) {
        data.addValue(s.compute() / 1e6, "compute", kind);
        data.addValue(s.registers() / 1e6, "registers", kind);
        data.addValue(s.sram() / 1e6, "SRAM", kind);
        data.addValue(s.dram() / 1e6, "DRAM", kind);
    }

    private static JFreeChart overflow(ReportDocument report) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (LayerEntry l : report.layers()) {
            // a layer that ran without values has no bar (null), never a bar of 0
            data.addValue(l.overflow().overflowEvents(), "overflow events", l.shape().name());
            data.addValue(l.overflow().overflowedOutputs(), "overflowed outputs", l.shape().name());
        }
        JFreeChart chart = ChartFactory.createBarChart("Overflow events per layer (" + report.arch().pe().accumulatorBits()
                + "-bit accumulators, " + report.arch().pe().overflow() + ")", null, "count", data, PlotOrientation.VERTICAL,
                true, false, false);
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
