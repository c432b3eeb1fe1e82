package dev.qasim.explore;

import dev.qasim.energy.RunEnergy;
import dev.qasim.engine.Engine;
import dev.qasim.engine.EngineOptions;
import dev.qasim.engine.LayerResult;
import dev.qasim.engine.RunResult;
import dev.qasim.engine.Simulator;
import dev.qasim.report.ReportRows;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs one resolved point on the fast engine and turns it into CSV rows: one per layer (the report's layer
 * keys) and the point's totals row ({@link dev.qasim.report.TotalsRow}). With values, every output is checked
 * against the exact result (values, exact outputs and what else the points share come from a {@link ValueCache}); without
 * ({@code --values off}), layers run shape-only ({@link Simulator#runTimingOnly}): cycles, MACs, traffic and energy
 * exact, no overflow events or outputs.
 * A point that is not run gets its totals row alone, with the reason.
 */
final class PointRunner {
    private final SweepTable table;
    private final ValueCache cache;
    private final boolean values;

    PointRunner(SweepTable table, ValueCache cache, boolean values) {
        this.table = table;
        this.cache = cache;
        this.values = values;
    }

    /** The point's rows: its layers in order, then its totals row. */
    List<List<String>> rows(PointResolver.Point p) {
        if (p.status() != Status.OK) {
            return List.of(table.row(p.id(), null, p.status(), p.reason(), p.hash(), p.settings(), Map.of()));
        }
        RunResult result = values ? withValues(p) : shapeOnly(p);
        RunEnergy energy = RunEnergy.price(p.energy(), result);
        List<List<String>> rows = new ArrayList<>();
        List<Map<String, Object>> layers = ReportRows.layers(result, energy);
        for (int i = 0; i < layers.size(); i++) {
            rows.add(table.row(p.id(), i, Status.OK, null, p.hash(), p.settings(), layers.get(i)));
        }
        String notes = result.notes().isEmpty() ? null : String.join("; ", result.notes());
        rows.add(table.row(p.id(), null, Status.OK, notes, p.hash(), p.settings(), ReportRows.totals(result, energy)));
        return rows;
    }

    private RunResult withValues(PointResolver.Point p) {
        Simulator sim = new Simulator(p.arch(), Engine.Kind.FAST, EngineOptions.defaults(), true).withShared(cache::shared);
        return sim.run(p.workload().name(), p.workload().layers(), cache::values, null);
    }

    private static RunResult shapeOnly(PointResolver.Point p) {
        Simulator sim = new Simulator(p.arch(), Engine.Kind.FAST, EngineOptions.defaults(), false);
        List<LayerResult> layers = p.workload().layers().stream().map(sim::runTimingOnly).toList();
        return new RunResult(p.arch(), p.workload().name(), Engine.Kind.FAST, layers, List.of());
    }
}
