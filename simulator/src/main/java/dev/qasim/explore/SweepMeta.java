package dev.qasim.explore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qasim.report.ReportDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a sweep ran, as its sweep.json states it before the results: the inputs, the grid, the shard. Shards of
 * one sweep have equal metadata but for the shard, which is how {@code qasim merge} knows they belong together.
 *
 * @param arch       the architecture file as the user named it
 * @param overrides  the {@code --set} overrides
 * @param inputsHash SHA-256 (16 hex digits) of the architecture, workload and grid files' contents, the
 *                   overrides and the values mode
 * @param selection  the grid's points, those the sweep runs, its axes and its plots
 * @param shard      the part this run took; {@link Shard#ALL} for a whole sweep or a merge
 */
record SweepMeta(String version, String arch, List<String> overrides, String workload, String grid, boolean values,
                 String inputsHash, Selection selection, Shard shard) {

    SweepMeta {
        overrides = List.copyOf(overrides);
    }

    /**
     * What the sweep takes of its grid.
     *
     * @param gridPoints points in the whole grid
     * @param points     points the grid selects (all, or the sample)
     * @param sample     the sample drawn, or null for all points
     * @param axes       the grid's keys and their values, in order
     * @param plots      the grid's plots
     */
    record Selection(long gridPoints, long points, Grid.Sample sample, List<Grid.Axis> axes, List<Grid.Plot> plots) {
        Selection {
            axes = List.copyOf(axes);
            plots = List.copyOf(plots);
        }

        /** The grid's selection of {@code points} points. */
        static Selection of(Grid grid, long points) {
            return new Selection(grid.size(), points, grid.sample(), grid.axes(), grid.plots());
        }
    }

    SweepMeta withShard(Shard s) {
        return new SweepMeta(version, arch, overrides, workload, grid, values, inputsHash, selection, s);
    }

    /** The metadata as the first keys of sweep.json. */
    ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        o.put("schemaVersion", ReportDocument.SCHEMA_VERSION);
        o.put("qasimVersion", version);
        o.put("arch", arch);
        ArrayNode set = o.putArray("set");
        overrides.forEach(set::add);
        o.put("workload", workload);
        o.put("grid", grid);
        o.put("values", values ? "on" : "off");
        o.put("inputsHash", inputsHash);
        o.put("gridPoints", selection.gridPoints());
        o.put("points", selection.points());
        Grid.Sample sample = selection.sample();
        if (sample == null) {
            o.putNull("sample");
        } else {
            o.putObject("sample").put("count", sample.count()).put("seed", sample.seed());
        }
        o.put("shard", shard.count() == 1 ? null : shard.toString());
        ArrayNode axesNode = o.putArray("axes");
        for (Grid.Axis a : selection.axes()) {
            ObjectNode axis = axesNode.addObject().put("path", a.path());
            a.values().forEach(axis.putArray("values")::add);
            a.leaves().forEach(axis.putArray("columns")::add);
        }
        ArrayNode plotsNode = o.putArray("plots");
        for (Grid.Plot p : selection.plots()) {
            plotsNode.addObject().put("name", p.name()).put("x", p.x()).put("y", p.y()).put("baseline", p.baseline())
                    .put("title", p.title());
        }
        return o;
    }

    /**
     * Reads the metadata back from a sweep.json.
     *
     * @throws IllegalArgumentException when a key is missing
     * @throws dev.qasim.input.BadInputException when the shard is malformed
     */
    static SweepMeta fromJson(JsonNode o) {
        List<String> overrides = new ArrayList<>();
        need(o, "set").forEach(v -> overrides.add(v.asText()));
        JsonNode sample = need(o, "sample");
        List<Grid.Axis> axes = new ArrayList<>();
        for (JsonNode a : need(o, "axes")) {
            List<JsonNode> values = new ArrayList<>();
            need(a, "values").forEach(values::add);
            List<String> leaves = new ArrayList<>();
            need(a, "columns").forEach(v -> leaves.add(v.asText()));
            axes.add(new Grid.Axis(need(a, "path").asText(), values, leaves));
        }
        List<Grid.Plot> plots = new ArrayList<>();
        for (JsonNode p : need(o, "plots")) {
            plots.add(new Grid.Plot(need(p, "name").asText(), need(p, "x").asText(), need(p, "y").asText(),
                    need(p, "baseline").isNull() ? null : p.get("baseline").asDouble(), need(p, "title").asText()));
        }
        JsonNode shard = need(o, "shard");
        Shard s = shard.isNull() ? Shard.ALL : Shard.parse(shard.asText(), Map.of());
        return new SweepMeta(need(o, "qasimVersion").asText(), need(o, "arch").asText(), overrides,
                need(o, "workload").asText(), need(o, "grid").asText(), need(o, "values").asText().equals("on"),
                need(o, "inputsHash").asText(), new Selection(need(o, "gridPoints").asLong(), need(o, "points").asLong(),
                sample.isNull() ? null : new Grid.Sample(need(sample, "count").asInt(), need(sample, "seed").asLong()), axes,
                plots), s);
    }

    private static JsonNode need(JsonNode o, String key) {
        JsonNode v = o.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no key " + key);
        }
        return v;
    }
}
