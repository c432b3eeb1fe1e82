package dev.qasim.report;

import java.util.List;
import java.util.Locale;

/** report.md: a readable page: architecture, per-layer table, totals, notes, first overflow events. */
final class MarkdownRenderer implements ReportFormat.Renderer {
    /** Energy, power and area, with the table's source and the node and voltage they were priced at. */
    static String energy(ReportDocument report) {
        Totals r = report.totals();
        ReportDocument.EnergyModel e = report.energyModel();
        ReportDocument.Area area = e.area();
        StringBuilder md = new StringBuilder();
        Counters.Power p = r.power();
        double total = p.energyPj();
        md.append(String.format(Locale.ROOT, "Energy %.2f uJ (dynamic %.2f, static %.2f), average power %.1f mW (static %.1f mW);"
                        + " area %.3f mm^2 (array %.3f, SRAM %s); %.1f GOPS/mm^2.%n",
                total / 1e6, p.dynamicEnergyPj() / 1e6, p.staticEnergyPj() / 1e6, total / (r.work().latencyUs() * 1000),
                e.staticPowerMw().total(), area.totalUm2() / 1e6, area.arrayUm2() / 1e6,
                area.sramUm2() == null ? "unpriced" : String.format(Locale.ROOT, "%.3f", area.sramUm2() / 1e6),
                r.work().throughputGops() / (area.totalUm2() / 1e6)));
        md.append("Energy by component: ");
        md.append(String.join(", ", r.energyBreakdownPj().entrySet().stream().map(c -> String.format(Locale.ROOT, "%s %.1f %%",
                c.getKey(), total == 0 ? 0 : 100 * c.getValue() / total)).toList()));
        md.append(".\n\n| uJ | compute | registers | SRAM | DRAM | total |\n| --- | --- | --- | --- | --- | --- |\n");
        for (List<String> row : splitRows(p)) {
            md.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        md.append("\nTable ").append(e.table()).append(": ").append(e.source()).append(", ")
                .append(e.node()).append(", ").append(e.voltageV()).append(" V, ").append(e.scope()).append(".\n");
        md.append(technology(e)).append('\n');
        for (String note : e.notes()) {
            md.append("- ").append(note).append('\n');
        }
        return md.toString();
    }

    /** The dynamic, static and total rows of the split by part, uJ (the same table in report.md and report.html). */
    static List<List<String>> splitRows(Counters.Power p) {
        Counters.Spent d = p.energySplitPj().dynamic();
        Counters.Spent s = p.energySplitPj().statik();
        return List.of(splitRow("dynamic", d), splitRow("static", s),
                splitRow("total", new Counters.Spent(d.compute() + s.compute(), d.registers() + s.registers(), d.sram() + s.sram(),
                        d.dram() + s.dram())));
    }

    private static List<String> splitRow(String kind, Counters.Spent s) {
        return List.of(kind, uj(s.compute()), uj(s.registers()), uj(s.sram()), uj(s.dram()),
                uj(s.compute() + s.registers() + s.sram() + s.dram()));
    }

    private static String uj(double pj) {
        return String.format(Locale.ROOT, "%.2f", pj / 1e6);
    }

    /** The node and voltage the run was priced at, e.g. {@code 7 nm, 0.7 V}. */
    static String at(ReportDocument.EnergyModel e) {
        Double nm = e.pricedAt().technologyNm();
        String node = nm == null ? e.node() : (nm == Math.rint(nm) ? Long.toString(nm.longValue()) : nm.toString()) + " nm";
        return node + ", " + Columns.fixed(e.pricedAt().supplyV()) + " V";
    }

    /** The node and voltage the run was priced at, and how the table's figures were taken there. */
    static String technology(ReportDocument.EnergyModel e) {
        String at = at(e);
        ReportDocument.Scaling s = e.pricedAt().scaling();
        if (s == null) {
            return "Priced at the table's own node and voltage (" + at + ").";
        }
        return String.format(Locale.ROOT, "Priced at %s: the table's figures scaled by %s (%s): energy x %.4g, area x %.4g,"
                + " static power x %.4g, DRAM x %.4g.", at, s.source(), s.tables(), s.energyFactor(), s.areaFactor(),
                s.staticFactor(), s.dramFactor());
    }

    @Override
    public String render(RunReport run, ReportDocument report) {
        Totals r = report.totals();
        ReportArch a = report.arch();
        StringBuilder md = new StringBuilder();
        md.append("# ").append(report.workload().name()).append(" on ").append(a.name()).append("\n\n");
        md.append(String.format(Locale.ROOT, "%dx%d %s array, %s PEs, %d-bit multipliers, %d-bit accumulators (%s, %d lane%s), %s MHz.%n%n",
                a.array().rows(), a.array().cols(), a.array().dataflow(), a.pe().kind(), a.pe().multiplierBits(),
                a.pe().accumulatorBits(), a.pe().overflow(), a.pe().lanes(), a.pe().lanes() == 1 ? "" : "s",
                Columns.fixed(a.clockMHz().doubleValue())));
        md.append("Folds ").append(a.array().overlapFolds() ? "overlapped" : "back to back (SCALE-Sim parity)")
                .append("; engine ").append(report.provenance().engine()).append("; qasim ").append(report.qasimVersion()).append(".\n\n");
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
                r.work().latencyUs(), Columns.count(r.cycles().cycles()), Columns.count(r.cycles().stallCycles()),
                Columns.count(r.cycles().prefetchCycles())));
        md.append(energy(report));
        for (String note : report.notes()) {
            md.append("\n- ").append(note);
        }
        boolean header = false;
        for (LayerEntry l : report.layers()) {
            for (LayerEntry.OverflowEvent e : l.checks().firstOverflowEvents()) {
                if (!header) {
                    md.append("\n\n## First overflow events\n\n| layer | fold | PE (row, col, lane) | cycle | output (g, m, n) | k | before | addend | result |\n");
                    md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
                    header = true;
                }
                var w = e.where();
                var i = e.index();
                md.append(String.format(Locale.ROOT, "| %s | %d | (%d, %d, %d) | %d | (%d, %d, %d) | %d | %d | %d | %d |%n",
                        l.shape().name(), w.fold(), w.peRow(), w.peCol(), w.lane(), w.cycle(), i.group(), i.m(), i.n(), i.k(),
                        e.values().before(), e.values().addend(), e.values().result()));
            }
        }
        return md.append('\n').toString();
    }
}
