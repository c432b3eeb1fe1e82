package dev.qasim.report;

import java.util.List;

/** The console summary: one aligned row per layer and a totals row. */
final class TableRenderer implements ReportFormat.Renderer {
    @Override
    public String render(RunReport run, ReportDocument report) {
        List<String> headers = Columns.headers(report);
        List<List<String>> rows = Columns.rows(report);
        int[] width = new int[headers.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = headers.get(i).length();
            for (List<String> row : rows) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(report.workload().name()).append(" on ").append(report.arch().name()).append('\n');
        line(out, headers, width);
        for (int r = 0; r < rows.size(); r++) {
            if (r == rows.size() - 1) {
                StringBuilder rule = new StringBuilder();
                for (int w : width) {
                    rule.append("-".repeat(w)).append("  ");
                }
                out.append(rule.toString().stripTrailing()).append('\n');
            }
            line(out, rows.get(r), width);
        }
        for (String note : report.notes()) {
            out.append("note: ").append(note).append('\n');
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            boolean left = i < 3 || i == cells.size() - 1;
            b.append(left ? String.format("%-" + width[i] + "s", c) : String.format("%" + width[i] + "s", c)).append("  ");
        }
        out.append(b.toString().stripTrailing()).append('\n');
    }
}
