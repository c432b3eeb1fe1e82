package dev.qasim.report;

import dev.qasim.config.ArchConfig;
import dev.qasim.engine.LayerResult;
import dev.qasim.engine.OverflowRecord;
import dev.qasim.engine.RunResult;
import java.util.List;
import java.util.Locale;

/** report.md: a readable page: architecture, per-layer table, totals, notes, first overflow events. */
final class MarkdownRenderer implements ReportFormat.Renderer {
    @Override
    public String render(RunReport report) {
        RunResult r = report.result();
        ArchConfig a = r.arch();
        StringBuilder md = new StringBuilder();
        md.append("# ").append(r.workload()).append(" on ").append(a.name()).append("\n\n");
        md.append(String.format(Locale.ROOT, "%dx%d %s array, %s PEs, %d-bit multipliers, %d-bit accumulators (%s, %d lane%s), %s MHz.%n%n",
                a.array().rows(), a.array().cols(), a.array().dataflow().name().toLowerCase(Locale.ROOT),
                a.pe().kind().name().toLowerCase(Locale.ROOT).replace('_', '-'), a.pe().multiplierBits(),
                a.pe().accumulatorBits(), a.pe().overflow().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                a.pe().lanes(), a.pe().lanes() == 1 ? "" : "s", Columns.fixed(a.clockMHz())));
        md.append("Folds ").append(a.array().overlapFolds() ? "overlapped" : "back to back (SCALE-Sim parity)")
                .append("; engine ").append(report.provenance().engine()).append("; qasim ").append(Version.get()).append(".\n\n");
        List<String> headers = Columns.headers();
        md.append("| ").append(String.join(" | ", headers)).append(" |\n|");
        md.append(" --- |".repeat(headers.size())).append('\n');
        List<List<String>> rows = Columns.rows(r);
        for (int i = 0; i < rows.size(); i++) {
            List<String> row = rows.get(i);
            if (i == rows.size() - 1) {
                row = row.stream().map(c -> c.isEmpty() ? c : "**" + c + "**").toList();
            }
            md.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        md.append(String.format(Locale.ROOT, "%nLatency %.1f us; %s cycles, of which %s stalled; initial fill %s cycles (apart).%n",
                r.latencyUs(), Columns.count(r.cycles()), Columns.count(r.stallCycles()), Columns.count(r.prefetchCycles())));
        md.append("Energy and area: not priced by this version.\n");
        for (String note : r.notes()) {
            md.append("\n- ").append(note);
        }
        boolean header = false;
        for (LayerResult l : r.layers()) {
            for (OverflowRecord e : l.firstEvents()) {
                if (!header) {
                    md.append("\n\n## First overflow events\n\n| layer | fold | PE (row, col, lane) | cycle | output (g, m, n) | k | before | addend | result |\n");
                    md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
                    header = true;
                }
                md.append(String.format(Locale.ROOT, "| %s | %d | (%d, %d, %d) | %d | (%d, %d, %d) | %d | %d | %d | %d |%n",
                        l.name(), e.fold(), e.row(), e.col(), e.lane(), e.cycle(), e.group(), e.m(), e.n(), e.k(), e.before(),
                        e.addend(), e.result()));
            }
        }
        return md.append('\n').toString();
    }
}
