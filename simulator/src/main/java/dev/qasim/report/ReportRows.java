package dev.qasim.report;

import dev.qasim.energy.RunEnergy;
import dev.qasim.engine.RunResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report as flat rows, nested keys dotted ({@code output.bitExact}), lists left out: report.csv's rows and a
 * sweep's. A row holds every component of the energy breakdown (null when the table cannot price it) and no
 * {@code energyEvents} (per-event detail stays in report.json). The columns every run can fill come from the
 * records' types ({@link JsonShape}), so a sweep knows its header before any point has run.
 */
public final class ReportRows {
    /** The key a layer's row leaves out. */
    private static final String EVENTS = "energyEvents";
    /** A layer's energy components (the post-processing unit is not a layer's). */
    private static final Map<String, List<String>> LAYER_KEYS = Map.of("energyBreakdownPj",
            ReportSchema.ENERGY_COMPONENTS.subList(0, ReportSchema.ENERGY_COMPONENTS.indexOf("postProcessing")));
    private static final JsonShape.Obj LAYER = JsonShape.of(LayerEntry.class);
    private static final JsonShape.Obj TOTALS = JsonShape.of(TotalsRow.class);
    /** The keys of an overflow event, for the null {@code trapEvent.*} cells of a layer that did not trap. */
    private static final List<String> EVENT_KEYS =
            List.copyOf(JsonShape.leaves(JsonShape.of(LayerEntry.OverflowEvent.class), Map.of()).keySet());

    private ReportRows() {}

    /**
     * One row per layer, as report.csv has them: a layer that did not trap has null {@code trapEvent.*} cells; an
     * absent group or list (MAC PEs' {@code termSerial}, a shape-only layer's {@code overflowEventsPerChannel}) is
     * one null cell, as report.csv always had it; a list is left out.
     */
    public static List<Map<String, Object>> layers(RunResult result, RunEnergy energy) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < result.layers().size(); i++) {
            LayerEntry entry = ReportEntries.layer(result, i, energy, energy.layers().get(i).componentsPj());
            Map<String, Object> tree = tree(entry);
            tree.remove(EVENTS);
            if (tree.get("trapEvent") == null) {
                Map<String, Object> none = new LinkedHashMap<>();
                EVENT_KEYS.forEach(k -> none.put(k, null));
                tree.put("trapEvent", none);
            }
            rows.add(flatten(tree));
        }
        return rows;
    }

    /** The run's totals row ({@link TotalsRow}). */
    public static Map<String, Object> totals(RunResult result, RunEnergy energy) {
        return flatten(tree(ReportEntries.totalsRow(result, energy)));
    }

    /** The columns of a totals row, in order. */
    public static List<String> totalsColumns() {
        return List.copyOf(JsonShape.leaves(TOTALS, LAYER_KEYS).keySet());
    }

    /**
     * Every column of a layer's or a totals row with its JSON type ({@code integer}, {@code number},
     * {@code string}, {@code boolean}), in order: a layer's (no lists, a layer's energy components), then the ones
     * only totals rows have.
     */
    public static Map<String, String> columnTypes() {
        Map<String, String> all = new LinkedHashMap<>();
        JsonShape.leaves(LAYER, LAYER_KEYS).forEach((k, p) -> all.put(k, ((JsonShape.Scalar) p.shape()).type()));
        JsonShape.leaves(TOTALS, LAYER_KEYS).forEach((k, p) -> all.putIfAbsent(k, ((JsonShape.Scalar) p.shape()).type()));
        return all;
    }

    /** The keys of {@link #columnTypes()}. */
    public static List<String> columns() {
        return List.copyOf(columnTypes().keySet());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tree(Object record) {
        return JsonRenderer.MAPPER.convertValue(record, LinkedHashMap.class);
    }

    /** Flattens nested maps into dotted keys ({@code output.bitExact}); lists are left out, nulls kept. */
    private static Map<String, Object> flatten(Map<String, Object> tree) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", tree, flat);
        return flat;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> tree, Map<String, Object> flat) {
        for (Map.Entry<String, Object> e : tree.entrySet()) {
            String key = prefix + e.getKey();
            Object v = e.getValue();
            if (v instanceof Map<?, ?> m) {
                flatten(key + ".", (Map<String, Object>) m, flat);
            } else if (!(v instanceof List<?>)) {
                flat.put(key, v);
            }
        }
    }
}
