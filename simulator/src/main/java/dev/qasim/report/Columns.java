package dev.qasim.report;

import dev.qasim.engine.LayerResult;
import dev.qasim.engine.OutputCheck;
import dev.qasim.engine.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The summary columns shared by the markdown report and the console table. */
final class Columns {
    private Columns() {}

    record Column(String header, Function<LayerResult, String> cell, Function<RunResult, String> total) {}

    /** The summary columns of a report: the layer ones, then energy (which needs the priced run). */
    /**
     * The summary columns of a report: the layer ones, energy (which needs the priced run) and, for a term-serial
     * array, term pairs actually processed beside the cost model's (a budget that rarely binds shows as a small
     * gap between them).
     */
    static List<String> headers(RunReport report) {
        List<String> h = new ArrayList<>(SUMMARY.stream().map(Column::header).toList());
        h.add(h.size() - 1, "energy uJ");
        if (termSerial(report)) {
            h.add(h.size() - 1, "term pairs: actual / cost model / b_w b_a");
        }
        return h;
    }

    private static boolean termSerial(RunReport report) {
        return report.result().layers().stream().anyMatch(l -> l.terms() != null);
    }

    private static String terms(LayerResult l) {
        var t = l.terms();
        long cost = t.costModelPairs();
        return (t.pairs() == null ? "-" : compact(t.pairs())) + " / " + compact(cost) + " / " + compact(t.conventionalPairs());
    }

    private static String compact(long v) {
        if (v >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.2fG", v / 1e9);
        }
        return v >= 1_000_000L ? String.format(Locale.ROOT, "%.2fM", v / 1e6) : count(v);
    }

    static List<List<String>> rows(RunReport report) {
        RunResult result = report.result();
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < result.layers().size(); i++) {
            LayerResult l = result.layers().get(i);
            List<String> row = new ArrayList<>(SUMMARY.stream().map(c -> c.cell().apply(l)).toList());
            row.add(row.size() - 1, micro(report.energy().layers().get(i).totalPj()));
            if (termSerial(report)) {
                row.add(row.size() - 1, l.terms() == null ? "" : terms(l));
            }
            rows.add(row);
        }
        List<String> total = new ArrayList<>(SUMMARY.stream().map(c -> c.total().apply(result)).toList());
        total.add(total.size() - 1, micro(report.energy().totalPj()));
        if (termSerial(report)) {
            total.add(total.size() - 1, "");
        }
        rows.add(total);
        return rows;
    }

    static String micro(double pj) {
        return String.format(Locale.ROOT, "%.2f", pj / 1e6);
    }

    static final List<Column> SUMMARY = List.of(
            new Column("layer", LayerResult::name, r -> "total"),
            new Column("type", LayerResult::type, r -> ""),
            new Column("M x N x K", l -> (l.form().groups() > 1 ? l.form().groups() + "x " : "") + l.form().m() + " x "
                    + l.form().n() + " x " + l.form().k(), r -> ""),
            new Column("folds", l -> Long.toString(l.folds()), r -> ""),
            new Column("cycles", l -> count(l.cycles()), r -> count(r.cycles())),
            new Column("stall", l -> count(l.stallCycles()), r -> count(r.stallCycles())),
            new Column("util %", l -> percent(l.utilization()), r -> percent(r.utilization())),
            new Column("GOPS", l -> fixed(l.throughputGops()), r -> fixed(r.throughputGops())),
            new Column("overflows", l -> count(l.overflowEvents()) + (l.trapped() ? " (trapped)" : ""),
                    r -> count(r.overflowEvents())),
            new Column("outputs", l -> outputs(l.output()), r -> ""));


    static String outputs(OutputCheck o) {
        if (!o.checked()) {
            return "not checked";
        }
        if (o.bitExact()) { // term-serial: exact to the revealed operands, which differ from the exact result
            return o.sqnrDb() == null ? "bit-exact" : String.format(Locale.ROOT, "bit-exact; SQNR %.1f dB", o.sqnrDb());
        }
        return "max err " + o.maxAbsError() + (o.sqnrDb() == null ? "" : String.format(Locale.ROOT, ", SQNR %.1f dB", o.sqnrDb()));
    }

    static String count(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    static String percent(double v) {
        return String.format(Locale.ROOT, "%.1f", 100 * v);
    }

    static String fixed(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
