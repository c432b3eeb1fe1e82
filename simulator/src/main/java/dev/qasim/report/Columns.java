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

    static List<List<String>> rows(RunResult result) {
        List<List<String>> rows = new ArrayList<>();
        for (LayerResult l : result.layers()) {
            rows.add(SUMMARY.stream().map(c -> c.cell().apply(l)).toList());
        }
        rows.add(SUMMARY.stream().map(c -> c.total().apply(result)).toList());
        return rows;
    }

    static List<String> headers() {
        return SUMMARY.stream().map(Column::header).toList();
    }

    static String outputs(OutputCheck o) {
        if (!o.checked()) {
            return "not checked";
        }
        if (o.bitExact()) {
            return "bit-exact";
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
