package dev.qasim.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The summary columns shared by the markdown report and the console table, read from the report's records. */
final class Columns {
    /** What a cell shows for a figure that needs values in a layer or run without them (shape-only): never 0. */
    static final String NOT_SIMULATED = "not simulated";

    private Columns() {}

    record Column(String header, Function<LayerEntry, String> cell, Function<Totals, String> total) {}

    /**
     * The summary columns of a report: the layer ones, energy (which needs the priced run) and, for a term-serial
     * array, term pairs actually processed beside the cost model's (a budget that rarely binds shows as a small
     * gap between them).
     */
    static List<String> headers(ReportDocument report) {
        List<String> h = new ArrayList<>(SUMMARY.stream().map(Column::header).toList());
        h.add(h.size() - 1, "energy uJ");
        if (termSerial(report)) {
            h.add(h.size() - 1, "term pairs: actual / cost model / b_w b_a");
        }
        return h;
    }

    private static boolean termSerial(ReportDocument report) {
        return report.layers().stream().anyMatch(l -> l.datapath().termSerial() != null);
    }

    private static String terms(LayerEntry.TermSerial t) {
        long cost = t.costModelBudgetedPairs() != null ? t.costModelBudgetedPairs() : t.costModelConventionalPairs();
        return (t.termPairs() == null ? "-" : compact(t.termPairs())) + " / " + compact(cost) + " / "
                + compact(t.costModelConventionalPairs());
    }

    private static String compact(long v) {
        if (v >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.2fG", v / 1e9);
        }
        return v >= 1_000_000L ? String.format(Locale.ROOT, "%.2fM", v / 1e6) : count(v);
    }

    static List<List<String>> rows(ReportDocument report) {
        List<List<String>> rows = new ArrayList<>();
        for (LayerEntry l : report.layers()) {
            List<String> row = new ArrayList<>(SUMMARY.stream().map(c -> c.cell().apply(l)).toList());
            row.add(row.size() - 1, micro(l.power().energyPj()));
            if (termSerial(report)) {
                row.add(row.size() - 1, l.datapath().termSerial() == null ? "" : terms(l.datapath().termSerial()));
            }
            rows.add(row);
        }
        Totals totals = report.totals();
        List<String> total = new ArrayList<>(SUMMARY.stream().map(c -> c.total().apply(totals)).toList());
        total.add(total.size() - 1, micro(totals.power().energyPj()));
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
            new Column("layer", l -> l.shape().name(), r -> "total"),
            new Column("type", l -> l.shape().type(), r -> ""),
            new Column("M x N x K", l -> (l.shape().groups() > 1 ? l.shape().groups() + "x " : "") + l.shape().m() + " x "
                    + l.shape().n() + " x " + l.shape().k(), r -> ""),
            new Column("folds", l -> Long.toString(l.shape().folds()), r -> ""),
            new Column("cycles", l -> count(l.cycles().cycles()), r -> count(r.cycles().cycles())),
            new Column("stall", l -> count(l.cycles().stallCycles()), r -> count(r.cycles().stallCycles())),
            new Column("util %", l -> percent(l.work().utilization()), r -> percent(r.work().utilization())),
            new Column("GOPS", l -> fixed(l.work().throughputGops()), r -> fixed(r.work().throughputGops())),
            new Column("overflows", l -> simulated(l.overflow().overflowEvents()) + (l.checks().trapped() ? " (trapped)" : ""),
                    r -> simulated(r.overflowEvents())),
            new Column("outputs", l -> l.overflow().valuesSimulated() ? outputs(l.checks().output()) : NOT_SIMULATED, r -> ""));

    /** A count with thousands separators, or {@link #NOT_SIMULATED} for a count a run without values does not have (null). */
    static String simulated(Long v) {
        return v == null ? NOT_SIMULATED : count(v);
    }

    static String outputs(LayerEntry.Output o) {
        if (!o.checked()) {
            return "not checked";
        }
        if (o.bitExact()) { // term-serial: exact to the revealed operands, which differ from the exact result
            return o.sqnrDb() == null ? "bit-exact" : String.format(Locale.ROOT, "bit-exact; SQNR %.1f dB", o.sqnrDb());
        }
        return "max err " + o.maxAbsError() + (o.sqnrDb() == null ? "" : String.format(Locale.ROOT, ", SQNR %.1f dB", o.sqnrDb()));
    }

    /** A count with thousands separators; a count a run without values does not have (null) as 0. */
    static String count(Long v) {
        return String.format(Locale.ROOT, "%,d", v == null ? 0 : v);
    }

    static String percent(double v) {
        return String.format(Locale.ROOT, "%.1f", 100 * v);
    }

    static String fixed(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
