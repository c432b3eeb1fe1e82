package dev.qasim.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Rectangle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.Range;
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

    /**
     * The chart in a white frame with qasim's palette, ready to draw: number axes labelled in SI steps (1 k, 2.5 M,
     * 10 G rather than 2.5E6), one marker shape per series (kept for its whole line), and a legend below the plot
     * whose rows wrap (the picture grows by a line per extra row, {@link #height}, so the plot keeps its size).
     */
    public static JFreeChart styled(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        Plot plot = chart.getPlot();
        plot.setBackgroundPaint(new Color(0xFA, 0xFA, 0xFA));
        plot.setDrawingSupplier(new DefaultDrawingSupplier(PALETTE, DefaultDrawingSupplier.DEFAULT_FILL_PAINT_SEQUENCE,
                DefaultDrawingSupplier.DEFAULT_OUTLINE_PAINT_SEQUENCE, DefaultDrawingSupplier.DEFAULT_STROKE_SEQUENCE,
                DefaultDrawingSupplier.DEFAULT_OUTLINE_STROKE_SEQUENCE, DefaultDrawingSupplier.DEFAULT_SHAPE_SEQUENCE));
        if (plot instanceof XYPlot xy) {
            siLabels(xy.getDomainAxis());
            siLabels(xy.getRangeAxis());
        } else if (plot instanceof CategoryPlot category) {
            siLabels(category.getRangeAxis());
        }
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setPosition(RectangleEdge.BOTTOM);
            legend.setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            legend.setItemLabelPadding(new RectangleInsets(1, 2, 1, 8));
        }
        return chart;
    }

    /** Tick labels of a number axis in SI steps (a log axis keeps its own powers of ten, labelled the same way). */
    private static void siLabels(org.jfree.chart.axis.ValueAxis axis) {
        if (axis instanceof NumberAxis n && n.getNumberFormatOverride() == null) {
            n.setNumberFormatOverride(SI);
        } else if (axis instanceof LogAxis log) {
            log.setNumberFormatOverride(SI);
        }
    }

    /** Legend rows needed to show every series label in full below the plot at {@link #WIDTH}. */
    static int legendRows(JFreeChart chart) {
        LegendTitle legend = chart.getLegend();
        if (legend == null) {
            return 0;
        }
        int perRow = 125; // characters of 11-point labels, with their markers, that a 900-pixel row holds
        int rows = 1;
        int used = 0;
        for (var item : (Iterable<org.jfree.chart.LegendItem>) legend.getSources()[0].getLegendItems()::iterator) {
            int width = item.getLabel().length() + 5;
            if (used > 0 && used + width > perRow) {
                rows++;
                used = 0;
            }
            used += width;
        }
        return rows;
    }

    /** The picture's height: {@link #HEIGHT}, plus a line for each legend row beyond the first. */
    public static int height(JFreeChart chart) {
        return HEIGHT + Math.max(0, legendRows(chart) - 1) * 16;
    }

    /**
     * Axis labels in SI steps: 1,500 is {@code 1.5 k}, 2,500,000 {@code 2.5 M}, 3.2E9 {@code 3.2 G}; values under
     * 1,000 keep up to three decimals.
     */
    public static final NumberFormat SI = new NumberFormat() {
        private static final String[] PREFIXES = {"", " k", " M", " G", " T", " P", " E"};

        @Override
        public StringBuffer format(double number, StringBuffer out, FieldPosition pos) {
            double magnitude = Math.abs(number);
            int step = 0;
            while (magnitude >= 999.5 && step < PREFIXES.length - 1) {
                magnitude /= 1000;
                step++;
            }
            double scaled = Math.copySign(magnitude, number);
            DecimalFormat digits = new DecimalFormat(step == 0 ? "0.###" : "0.##", DecimalFormatSymbols.getInstance(Locale.ROOT));
            return out.append(digits.format(scaled)).append(PREFIXES[step]);
        }

        @Override
        public StringBuffer format(long number, StringBuffer out, FieldPosition pos) {
            return format((double) number, out, pos);
        }

        @Override
        public Number parse(String source, ParsePosition pos) {
            throw new UnsupportedOperationException("axis labels are only written");
        }
    };

    /** A count axis: integer ticks from zero, at least 0..1 tall so an all-zero series still reads as zero. */
    public static void countAxis(NumberAxis axis) {
        axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        axis.setAutoRangeIncludesZero(true);
        axis.setAutoRangeMinimumSize(1);
    }

    /**
     * Draws a one-bar chart as PNG and SVG and returns the SVG: the first chart of a run costs loading Java2D, the
     * fonts and the chart library, so a command does this on a background thread while it loads and simulates.
     */
    public static String warmUp() {
        org.jfree.data.category.DefaultCategoryDataset data = new org.jfree.data.category.DefaultCategoryDataset();
        data.addValue(1, "warm-up", "warm-up");
        JFreeChart chart = styled(org.jfree.chart.ChartFactory.createBarChart("warm-up", "x", "y", data));
        png(chart);
        return svg(chart, "warm-up");
    }

    public static byte[] png(JFreeChart chart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(out, chart, WIDTH, height(chart));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** An {@code <svg>} element with id {@code id}; its definitions' ids start with {@code id-}. */
    public static String svg(JFreeChart chart, String id) {
        int height = height(chart);
        SVGGraphics2D g = new SVGGraphics2D(WIDTH, height);
        g.setDefsKeyPrefix(id + "-");
        chart.draw(g, new Rectangle(WIDTH, height));
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

    /**
     * A logarithmic x axis with this label, set on the chart's plot: ticks at the powers of ten (1 M, 10 M, 100 M),
     * the range widened to whole decades around the data, minor ticks at 2..9 times each power.
     */
    public static LogAxis logDomain(JFreeChart chart, String label) {
        LogAxis log = new LogAxis(label);
        log.setNumberFormatOverride(SI);
        Range data = org.jfree.data.general.DatasetUtils.findDomainBounds(chart.getXYPlot().getDataset());
        if (data != null && data.getLowerBound() > 0) {
            double lo = Math.pow(10, Math.floor(Math.log10(data.getLowerBound())));
            double hi = Math.pow(10, Math.ceil(Math.log10(data.getUpperBound())));
            log.setRange(lo, Math.max(hi, lo * 10));
        }
        log.setTickUnit(new NumberTickUnit(1), false, false);
        log.setMinorTickCount(9);
        log.setMinorTickMarksVisible(true);
        chart.getXYPlot().setDomainAxis(log);
        return log;
    }

    /**
     * A percentage axis zoomed to the data (not from 0), with the float model's accuracy drawn as a dashed
     * reference line, when it is known.
     */
    public static void accuracyAxis(JFreeChart chart, Double floatAccuracy) {
        XYPlot plot = chart.getXYPlot();
        NumberAxis y = (NumberAxis) plot.getRangeAxis();
        y.setAutoRangeIncludesZero(false);
        Range data = org.jfree.data.general.DatasetUtils.findRangeBounds(plot.getDataset());
        if (data != null) {
            double lo = data.getLowerBound();
            double hi = floatAccuracy == null ? data.getUpperBound() : Math.max(data.getUpperBound(), floatAccuracy);
            double margin = Math.max(0.2, (hi - lo) * 0.08);
            y.setRange(Math.max(0, lo - margin), Math.min(100, hi + margin));
        }
        if (floatAccuracy != null) {
            ValueMarker line = new ValueMarker(floatAccuracy, Color.DARK_GRAY, new BasicStroke(1f, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER, 1f, new float[] {5f, 4f}, 0f));
            line.setLabel(String.format(Locale.ROOT, "float model %.2f %%", floatAccuracy));
            line.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            line.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_LEFT);
            line.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.BOTTOM_LEFT);
            plot.addRangeMarker(line);
        }
    }

    /** A standalone SVG file's text. */
    public static String svgDocument(JFreeChart chart, String id) {
        return svgDocument(svg(chart, id));
    }

    /** A standalone SVG file's text around an element {@link #svg} drew. */
    public static String svgDocument(String svgElement) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svgElement + "\n";
    }
}
