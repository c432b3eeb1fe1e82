package dev.qasim.report;

import dev.qasim.config.ArchConfig;
import dev.qasim.engine.LayerResult;
import dev.qasim.engine.OverflowRecord;
import dev.qasim.engine.RunResult;
import java.util.List;
import java.util.Locale;

/** report.md: a readable page: architecture, per-layer table, totals, notes, first overflow events. */
final class MarkdownRenderer implements ReportFormat.Renderer {
    /** Energy, power and area, with the table's source. */
    static String energy(RunReport report) {
        RunResult r = report.result();
        var e = report.energy();
        StringBuilder md = new StringBuilder();
        double total = e.totalPj();
        md.append(String.format(Locale.ROOT, "Energy %.2f uJ, average power %.1f mW; area %.3f mm^2 (array %.3f, SRAM %s); %.1f GOPS/mm^2.%n",
                total / 1e6, total / (r.latencyUs() * 1000), e.area().totalUm2() / 1e6, e.area().arrayUm2() / 1e6,
                Double.isNaN(e.area().sramUm2()) ? "unpriced" : String.format(Locale.ROOT, "%.3f", e.area().sramUm2() / 1e6),
                r.throughputGops() / (e.area().totalUm2() / 1e6)));
        md.append("Energy by component: ");
        md.append(String.join(", ", e.breakdownPj().entrySet().stream().map(c -> String.format(Locale.ROOT, "%s %.1f %%",
                c.getKey(), total == 0 ? 0 : 100 * c.getValue() / total)).toList()));
        md.append(".\nTable ").append(e.table().name()).append(": ").append(e.table().source()).append(", ")
                .append(e.table().node()).append(", ").append(e.table().voltageV()).append(" V, ").append(e.table().scope()).append(".\n");
        for (String note : e.notes()) {
            md.append("- ").append(note).append('\n');
        }
        return md.toString();
    }

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
        List<String> headers = Columns.headers(report);
        md.append("| ").append(String.join(" | ", headers)).append(" |\n|");
        md.append(" --- |".repeat(headers.size())).append('\n');
        List<List<String>> rows = Columns.rows(report);
        for (int i = 0; i < rows.size(); i++) {
            List<String> row = rows.get(i);
            if (i == rows.size() - 1) {
                row = row.stream().map(c -> c.isEmpty() ? c : "**" + c + "**").toList();
            }
            md.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        md.append(String.format(Locale.ROOT, "%nLatency %.1f us; %s cycles, of which %s stalled; initial fill %s cycles (apart).%n",
                r.latencyUs(), Columns.count(r.cycles()), Columns.count(r.stallCycles()), Columns.count(r.prefetchCycles())));
        md.append(energy(report));
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
