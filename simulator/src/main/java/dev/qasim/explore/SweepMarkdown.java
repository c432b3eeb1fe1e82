package dev.qasim.explore;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * sweep.md: what ran, how many points ran or why not, the Pareto front as a table, one table per plot of the
 * grid file (x down, one column per line of the chart) with its chart, and the points that did not run with
 * their reasons.
 */
final class SweepMarkdown {
    /** The most not-run points listed; sweep.csv has them all. */
    static final int MAX_LISTED = 100;

    private SweepMarkdown() {}

    static String of(SweepResults r, Collection<String> charts) {
        StringBuilder s = new StringBuilder();
        summary(s, r);
        pareto(s, r, charts);
        plots(s, r);
        notRun(s, r);
        return s.toString();
    }

    /** The sweep's grid, sampling, overrides, values mode and point counts. */
    private static void summary(StringBuilder s, SweepResults r) {
        SweepMeta m = r.meta();
        SweepMeta.Selection selection = m.selection();
        s.append("# Sweep: ").append(m.workload()).append(" on ").append(m.arch()).append("\n\n");
        s.append("Grid `").append(m.grid()).append("`: ").append(selection.axes().stream()
                .map(a -> "`" + a.path() + "` (" + a.values().size() + ")").collect(Collectors.joining(" x ")))
                .append(" = ").append(selection.gridPoints()).append(" points");
        if (selection.sample() != null) {
            s.append(", ").append(selection.points()).append(" drawn (sample count ").append(selection.sample().count())
                    .append(", seed ").append(selection.sample().seed()).append(")");
        }
        if (!m.overrides().isEmpty()) {
            s.append("; overrides ").append(m.overrides().stream().map(o -> "`" + o + "`").collect(Collectors.joining(", ")));
        }
        s.append(".\n");
        s.append(m.values() ? "Values on: every layer simulated with its values, every output checked against the exact result.\n"
                : "Values off: shape-only runs; cycles, MACs, memory traffic and energy are exact, overflow events and "
                + "output error are not simulated.\n");
        s.append(String.format(Locale.ROOT, "%nPoints: %d; %d ran, %d invalid, %d need values.%n", r.points().size(),
                r.count(Status.OK), r.count(Status.INVALID), r.count(Status.NEEDS_VALUES)));
    }

    /** The Pareto front's table and charts. */
    private static void pareto(StringBuilder s, SweepResults r, Collection<String> charts) {
        boolean values = r.meta().values();
        s.append("\n## Pareto front\n\n");
        s.append("Points no other point beats in every one of ").append(String.join(", ", r.objectives()))
                .append(" (all minimized; trapped runs left out). ").append(values ? "Error: " + SweepResults.ERROR_DEFINITION
                        : "The output error is not an objective: values off, it was not simulated").append(".\n\n");
        List<String> header = new ArrayList<>(List.of("point"));
        header.addAll(r.table().gridColumns());
        header.addAll(List.of("cycles", "energy uJ", "area mm^2"));
        if (values) {
            header.add("error");
        }
        List<List<String>> front = new ArrayList<>();
        for (SweepFile.Group p : r.front()) {
            List<String> row = new ArrayList<>(List.of(Long.toString(p.id())));
            r.table().gridColumns().forEach(c -> row.add(r.cell(p, c)));
            row.add(r.cell(p, "cycles"));
            row.add(fixed(r.number(p, "energyPj") / 1e6, 3));
            row.add(fixed(r.number(p, "areaUm2") / 1e6, 3));
            if (values) {
                row.add(r.cell(p, SweepResults.ERROR));
            }
            front.add(row);
        }
        table(s, header, front);
        for (String chart : charts) {
            if (chart.startsWith("pareto-")) {
                s.append("\n![").append(chart).append("](charts/").append(chart).append(".svg)\n");
            }
        }
    }

    /** One section per plot: its table and chart. */
    private static void plots(StringBuilder s, SweepResults r) {
        for (SweepCharts.PlotData data : SweepCharts.plots(r)) {
            s.append("\n## ").append(data.plot().title()).append("\n\n");
            if (data.xs().isEmpty()) {
                s.append("No point to plot.\n");
                continue;
            }
            if (data.isEmpty() && !r.meta().values()) { // a figure shape-only points do not have: not simulated, never 0
                s.append("Not simulated: values off (shape-only points have no `").append(data.plot().y()).append("`).\n");
                continue;
            }
            List<String> plotHeader = new ArrayList<>(List.of(data.plot().x()));
            plotHeader.addAll(data.series().keySet());
            List<List<String>> rows = new ArrayList<>();
            for (double x : data.xs()) {
                List<String> row = new ArrayList<>(List.of(number(x)));
                for (TreeMap<Double, Double> points : data.series().values()) {
                    Double y = points.get(x);
                    row.add(y == null ? "" : number(y));
                }
                rows.add(row);
            }
            table(s, plotHeader, rows);
            if (rows.stream().anyMatch(row -> row.contains(""))) {
                s.append("\nAn empty cell: no such point, or it did not run, trapped or has no value there (output.sqnrDb has "
                        + "none when every output is exact).\n");
            }
            if (!data.isEmpty()) {
                s.append("\n![").append(data.plot().name()).append("](charts/").append(data.plot().name()).append(".svg)\n");
            }
        }
    }

    /** The points that did not run, with their reasons (at most {@link #MAX_LISTED}). */
    private static void notRun(StringBuilder s, SweepResults r) {
        List<SweepFile.Group> notRun = r.points().stream().filter(p -> p.status() != Status.OK).toList();
        if (notRun.isEmpty()) {
            return;
        }
        s.append("\n## Points not run\n\n");
        List<String> h = new ArrayList<>(List.of("point"));
        h.addAll(r.table().gridColumns());
        h.addAll(List.of("status", "reason"));
        List<List<String>> rows = new ArrayList<>();
        for (SweepFile.Group p : notRun.subList(0, Math.min(MAX_LISTED, notRun.size()))) {
            List<String> row = new ArrayList<>(List.of(Long.toString(p.id())));
            r.table().gridColumns().forEach(c -> row.add(r.cell(p, c)));
            row.add(p.status().label());
            row.add(r.cell(p, SweepTable.REASON));
            rows.add(row);
        }
        table(s, h, rows);
        if (notRun.size() > MAX_LISTED) {
            s.append("\n... and ").append(notRun.size() - MAX_LISTED).append(" more in sweep.csv.\n");
        }
    }

    private static void table(StringBuilder s, List<String> header, List<List<String>> rows) {
        s.append("| ").append(String.join(" | ", header.stream().map(SweepMarkdown::escape).toList())).append(" |\n");
        s.append("|").append(" --- |".repeat(header.size())).append("\n");
        for (List<String> row : rows) {
            s.append("| ").append(String.join(" | ", row.stream().map(SweepMarkdown::escape).toList())).append(" |\n");
        }
    }

    private static String escape(String cell) {
        return cell.replace("|", "\\|");
    }

    /** A whole number as an integer, others with 4 significant digits. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private static String fixed(Double v, int decimals) {
        return v == null ? "" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
