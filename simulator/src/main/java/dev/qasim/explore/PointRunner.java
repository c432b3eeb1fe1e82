package dev.qasim.explore;

import dev.qasim.energy.RunEnergy;
import dev.qasim.engine.Engine;
import dev.qasim.engine.EngineOptions;
import dev.qasim.engine.LayerResult;
import dev.qasim.engine.OutputCheck;
import dev.qasim.engine.RunResult;
import dev.qasim.engine.Simulator;
import dev.qasim.report.Provenance;
import dev.qasim.report.RunReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs one resolved point on the fast engine and turns it into CSV rows: one per layer (the report's layer
 * keys) and the point's totals row. With values, every output is checked against the exact result (values and
 * exact outputs come from a {@link ValueCache}); without ({@code --values off}), layers run shape-only
 * ({@link Simulator#runTimingOnly}): cycles, MACs, traffic and energy exact, no overflow events or outputs.
 * A point that is not run gets its totals row alone, with the reason.
 */
final class PointRunner {
    /** Sweep rows carry no provenance (its start time would make every run's bytes differ). */
    static final Provenance PROVENANCE = new Provenance("qasim sweep", null, null, "fast", null, null);

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
        RunReport report = new RunReport(PROVENANCE, result, Map.of(SweepTable.NAME, result.workload()),
                RunEnergy.price(p.energy(), result));
        List<List<String>> rows = new ArrayList<>();
        List<Map<String, Object>> layers = report.flatLayers();
        for (int i = 0; i < layers.size(); i++) {
            rows.add(table.row(p.id(), i, Status.OK, null, p.hash(), p.settings(), layers.get(i)));
        }
        String notes = result.notes().isEmpty() ? null : String.join("; ", result.notes());
        rows.add(table.row(p.id(), null, Status.OK, notes, p.hash(), p.settings(), totalsRow(report)));
        return rows;
    }

    private RunResult withValues(PointResolver.Point p) {
        Simulator sim = new Simulator(p.arch(), Engine.Kind.FAST, EngineOptions.defaults(), true).withReference(cache::exact);
        return sim.run(p.workload().name(), p.workload().layers(), cache::values, null);
    }

    private static RunResult shapeOnly(PointResolver.Point p) {
        Simulator sim = new Simulator(p.arch(), Engine.Kind.FAST, EngineOptions.defaults(), false);
        List<LayerResult> layers = p.workload().layers().stream().map(sim::runTimingOnly).toList();
        return new RunResult(p.arch(), p.workload().name(), Engine.Kind.FAST, layers, List.of());
    }

    /**
     * The totals row of a run: {@code name} total, the report's totals, and the point's aggregates in the layer
     * columns of the same name: {@code lanes}; {@code valuesSimulated} and {@code output.checked} when every layer
     * has them; {@code trapped} when a layer trapped; {@code laneSpeedup}, the compute cycles of all layers with one
     * lane per PE over their compute cycles (null when a layer trapped); {@code overflowRate} over all MACs;
     * {@code output.bitExact}
     * of every layer; {@code output.maxAbsError}, the largest of the layers' (the point's error, docs/sweeps.md);
     * {@code output.sqnrDb}, the lowest of the layers' (null when every output is exact). The output keys are null
     * unless every layer's outputs were checked.
     */
    static Map<String, Object> totalsRow(RunReport report) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put(SweepTable.NAME, SweepTable.TOTAL);
        row.putAll(report.flatTotals());
        RunResult r = report.result();
        boolean valuesSimulated = report.valuesSimulated();
        boolean checked = r.layers().stream().allMatch(l -> l.output().checked());
        row.put("lanes", r.arch().pe().lanes());
        row.put("valuesSimulated", valuesSimulated);
        row.put("overflowRate", valuesSimulated && r.macs() > 0 ? (double) r.overflowEvents() / r.macs() : null);
        row.put("trapped", r.layers().stream().anyMatch(LayerResult::trapped));
        long compute = r.computeCycles();
        row.put("laneSpeedup", row.get("trapped").equals(Boolean.TRUE) || compute == 0 ? null
                : (double) r.layers().stream().mapToLong(l -> l.timing().computeCyclesOneLane()).sum() / compute);
        row.put("output.checked", checked);
        List<OutputCheck> outputs = r.layers().stream().map(LayerResult::output).toList();
        row.put("output.bitExact", checked ? outputs.stream().allMatch(o -> o.bitExact()) : null);
        row.put("output.maxAbsError", checked ? outputs.stream().mapToLong(OutputCheck::maxAbsError).max().orElse(0) : null);
        row.put("output.sqnrDb", checked ? outputs.stream().map(OutputCheck::sqnrDb).filter(Objects::nonNull)
                .min(Double::compare).orElse(null) : null);
        return row;
    }
}
