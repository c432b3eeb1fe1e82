package dev.qasim.report;

import java.awt.Color;
import java.awt.Paint;
import java.awt.Rectangle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.Plot;
import org.jfree.svg.SVGGraphics2D;

/**
 * Renders a chart as PNG bytes or as an SVG element with stable ids: the element's id is given and every
 * definition inside it (clip paths, gradients) is prefixed by it, so the same chart gives the same SVG text.
 * The sweep and trade-off commands draw their charts through this class too.
 */
public final class ChartRenderer {
    public static final int WIDTH = 900;
    public static final int HEIGHT = 420;

    static {
        System.setProperty("java.awt.headless", "true"); // charts are drawn without a display
    }

    private ChartRenderer() {}

    /** A quiet palette (Tableau 10), so series read apart in print and on screen. */
    static final Paint[] PALETTE = {new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759), new Color(0x76B7B2),
        new Color(0x59A14F), new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7), new Color(0x9C755F),
        new Color(0xBAB0AC)};

    /** The chart in a white frame with qasim's palette, ready to draw. */
    public static JFreeChart styled(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        Plot plot = chart.getPlot();
        plot.setBackgroundPaint(new Color(0xFA, 0xFA, 0xFA));
        plot.setDrawingSupplier(new DefaultDrawingSupplier(PALETTE, DefaultDrawingSupplier.DEFAULT_FILL_PAINT_SEQUENCE,
                DefaultDrawingSupplier.DEFAULT_OUTLINE_PAINT_SEQUENCE, DefaultDrawingSupplier.DEFAULT_STROKE_SEQUENCE,
                DefaultDrawingSupplier.DEFAULT_OUTLINE_STROKE_SEQUENCE, DefaultDrawingSupplier.DEFAULT_SHAPE_SEQUENCE));
        return chart;
    }

    /** A count axis: integer ticks from zero, at least 0..1 tall so an all-zero series still reads as zero. */
    public static void countAxis(NumberAxis axis) {
        axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        axis.setAutoRangeIncludesZero(true);
        axis.setAutoRangeMinimumSize(1);
    }

    public static byte[] png(JFreeChart chart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** An {@code <svg>} element with id {@code id}; its definitions' ids start with {@code id-}. */
    public static String svg(JFreeChart chart, String id) {
        SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
        g.setDefsKeyPrefix(id + "-");
        chart.draw(g, new Rectangle(WIDTH, HEIGHT));
        return g.getSVGElement(id);
    }

    /**
     * A chart's two files: {@code folder + name + ".png"} and {@code .svg} (its element id {@code chart-NAME}), put
     * into {@code files} (path to bytes).
     */
    public static void putFiles(java.util.Map<String, byte[]> files, String folder, String name, JFreeChart chart) {
        files.put(folder + name + ".png", png(chart));
        files.put(folder + name + ".svg", svgDocument(chart, "chart-" + name).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A logarithmic x axis with this label and tick labels such as 2E6, set on the chart's plot; returned to adjust. */
    public static org.jfree.chart.axis.LogAxis logDomain(JFreeChart chart, String label) {
        org.jfree.chart.axis.LogAxis log = new org.jfree.chart.axis.LogAxis(label);
        log.setNumberFormatOverride(new java.text.DecimalFormat("0.#E0"));
        chart.getXYPlot().setDomainAxis(log);
        return log;
    }

    /** A standalone SVG file's text. */
    public static String svgDocument(JFreeChart chart, String id) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg(chart, id) + "\n";
    }
}
