package dev.qasim.report;

import com.google.common.escape.Escaper;
import com.google.common.html.HtmlEscapers;
import dev.qasim.config.ArchLoader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * report.html: one self-contained page (no network, nothing but a browser needed): headline figures, the
 * charts as inline SVG, the per-layer table, energy by component with the table's source, the architecture,
 * notes, the first overflow events and the provenance. A few lines of script mark on the page how many charts
 * the browser actually laid out ({@code data-charts-rendered}), which the browser test reads.
 */
final class HtmlRenderer implements ReportFormat.Renderer {
    private static final Escaper HTML = HtmlEscapers.htmlEscaper();

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2em auto;max-width:1200px;color:#222;padding:0 1em}
            h1{margin-bottom:.2em}h2{margin-top:1.6em;border-bottom:1px solid #ddd;padding-bottom:.2em}
            .sub{color:#666;margin-top:0}
            .cards{display:flex;flex-wrap:wrap;gap:.8em}.card{border:1px solid #ddd;border-radius:6px;padding:.6em 1em;min-width:9em}
            .card b{display:block;font-size:1.3em}.card span{color:#666;font-size:.85em}
            table{border-collapse:collapse;font-size:.85em;margin:.5em 0}th,td{border:1px solid #ddd;padding:.25em .5em;text-align:right}
            th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}
            figure.chart{margin:1em 0}figure.chart svg{max-width:100%;height:auto}
            pre{background:#f7f7f7;padding:.8em;overflow:auto;font-size:.85em}
            """;

    private static final String CHECK = """
            (function(){var n=0;document.querySelectorAll('figure.chart svg').forEach(function(s){var b=s.getBBox();
            if(b.width>0&&b.height>0){n++;}});document.body.setAttribute('data-charts-rendered',String(n));})();
            """;

    @Override
    public String render(RunReport run, ReportDocument report) {
        Map<String, String> svgs = new LinkedHashMap<>();
        RunCharts.of(report).forEach((name, chart) -> svgs.put(name, ChartRenderer.svg(chart, "chart-" + name)));
        return render(run, report, svgs);
    }

    /** The page with the charts' SVG elements already rendered (name -> element of id chart-NAME), in order. */
    String render(RunReport run, ReportDocument report, Map<String, String> charts) {
        StringBuilder h = new StringBuilder();
        String title = report.workload().name() + " on " + report.arch().name();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>qasim: ").append(esc(title))
                .append("</title>\n<style>").append(STYLE).append("</style></head>\n<body data-charts-expected=\"")
                .append(charts.size()).append("\">\n");
        h.append("<h1>").append(esc(title)).append("</h1>\n<p class=\"sub\">qasim ").append(esc(report.qasimVersion()))
                .append(", ").append(esc(report.provenance().engine())).append(" engine, ")
                .append(esc(report.provenance().startedAt())).append("</p>\n");
        cards(h, report);
        h.append("<h2>Charts</h2>\n");
        for (String svg : charts.values()) {
            h.append("<figure class=\"chart\">").append(svg).append("</figure>\n");
        }
        h.append("<h2>Layers</h2>\n");
        table(h, Columns.headers(report), Columns.rows(report));
        energy(h, report);
        h.append("<h2>Architecture</h2>\n<pre>").append(esc(ArchLoader.toYaml(run.result().arch()))).append("</pre>\n");
        if (!report.notes().isEmpty()) {
            h.append("<h2>Notes</h2>\n<ul>\n");
            for (String n : report.notes()) {
                h.append("<li>").append(esc(n)).append("</li>\n");
            }
            h.append("</ul>\n");
        }
        events(h, report);
        h.append("<h2>Provenance</h2>\n<pre>").append(esc(JsonRenderer.json(report.provenance()))).append("</pre>\n");
        h.append("<script>").append(CHECK).append("</script>\n</body></html>\n");
        return h.toString();
    }

    private static void cards(StringBuilder h, ReportDocument report) {
        Totals r = report.totals();
        long exact = report.layers().stream().filter(l -> Boolean.TRUE.equals(l.checks().output().bitExact())).count();
        boolean anyValues = report.layers().stream().anyMatch(l -> l.overflow().valuesSimulated());
        double energyPj = r.power().energyPj();
        double latencyUs = r.work().latencyUs();
        List<String[]> cards = List.of(
                new String[] {Columns.count(r.cycles().cycles()), "cycles"},
                new String[] {String.format(Locale.ROOT, "%.1f us", latencyUs), "latency"},
                new String[] {Columns.fixed(r.work().throughputGops()), "GOPS"},
                new String[] {Columns.percent(r.work().utilization()) + " %", "utilization"},
                new String[] {String.format(Locale.ROOT, "%.2f uJ", energyPj / 1e6), "energy"},
                new String[] {String.format(Locale.ROOT, "%.2f uJ", r.power().dynamicEnergyPj() / 1e6), "dynamic energy"},
                new String[] {String.format(Locale.ROOT, "%.2f uJ", r.power().staticEnergyPj() / 1e6), "static energy"},
                new String[] {String.format(Locale.ROOT, "%.1f mW", energyPj / (latencyUs * 1000)), "average power"},
                new String[] {String.format(Locale.ROOT, "%.2f mm^2", report.energyModel().area().totalUm2() / 1e6), "area"},
                new String[] {Columns.simulated(r.overflowEvents()), "overflow events"},
                new String[] {anyValues ? exact + " of " + report.layers().size() : Columns.NOT_SIMULATED, "layers bit-exact"});
        h.append("<div class=\"cards\">\n");
        for (String[] c : cards) {
            h.append("<div class=\"card\"><b>").append(esc(c[0])).append("</b><span>").append(esc(c[1])).append("</span></div>\n");
        }
        h.append("</div>\n");
    }

    private static void energy(StringBuilder h, ReportDocument report) {
        ReportDocument.EnergyModel e = report.energyModel();
        double total = report.totals().power().energyPj();
        h.append("<h2>Energy</h2>\n<p>Table <b>").append(esc(e.table())).append("</b>: ").append(esc(e.source()))
                .append(", ").append(esc(e.node())).append(", ").append(e.voltageV()).append(" V, ")
                .append(esc(e.scope())).append(". Every figure is a count times a per-event energy (report.json, energyEvents). ")
                .append(esc(MarkdownRenderer.technology(e))).append("</p>\n");
        table(h, List.of("uJ", "compute", "registers", "SRAM", "DRAM", "total"), MarkdownRenderer.splitRows(report.totals().power()));
        List<List<String>> rows = report.totals().energyBreakdownPj().entrySet().stream().map(c -> List.of(c.getKey(),
                String.format(Locale.ROOT, "%.2f", c.getValue() / 1e6),
                String.format(Locale.ROOT, "%.1f", total == 0 ? 0 : 100 * c.getValue() / total))).toList();
        table(h, List.of("component", "energy uJ", "share %"), rows);
        if (!e.notes().isEmpty()) {
            h.append("<ul>\n");
            for (String n : e.notes()) {
                h.append("<li>").append(esc(n)).append("</li>\n");
            }
            h.append("</ul>\n");
        }
    }

    private static void events(StringBuilder h, ReportDocument report) {
        List<List<String>> rows = new java.util.ArrayList<>();
        for (LayerEntry l : report.layers()) {
            for (LayerEntry.OverflowEvent e : l.checks().firstOverflowEvents()) {
                var w = e.where();
                var i = e.index();
                rows.add(List.of(l.shape().name(), Integer.toString(w.fold()), "(" + w.peRow() + ", " + w.peCol() + ", " + w.lane() + ")",
                        Long.toString(w.cycle()), "(" + i.group() + ", " + i.m() + ", " + i.n() + ")", Integer.toString(i.k()),
                        Long.toString(e.values().before()), Long.toString(e.values().addend()), Long.toString(e.values().result())));
            }
        }
        if (!rows.isEmpty()) {
            h.append("<h2>First overflow events</h2>\n");
            table(h, List.of("layer", "fold", "PE (row, col, lane)", "cycle", "output (g, m, n)", "k", "before", "addend", "result"), rows);
        }
    }

    /** An HTML table of text cells, escaped. */
    static void table(StringBuilder h, List<String> headers, List<List<String>> rows) {
        h.append("<table><thead><tr>");
        for (String c : headers) {
            h.append("<th>").append(esc(c)).append("</th>");
        }
        h.append("</tr></thead><tbody>\n");
        for (List<String> row : rows) {
            h.append("<tr>");
            for (String c : row) {
                h.append("<td>").append(esc(c)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    private static String esc(String s) {
        return HTML.escape(s == null ? "" : s);
    }
}
