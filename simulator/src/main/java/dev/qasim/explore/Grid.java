package dev.qasim.explore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.qasim.input.Problems;
import dev.qasim.input.Section;
import dev.qasim.input.YamlDocument;
import dev.qasim.input.YamlFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A sweep grid file (docs/sweeps.md): axes (dotted key paths, each with a list or a range of values), an optional
 * seeded random sample of the grid's points, and optional plots. The canonical order of the points is every
 * combination of the axes' values, the last axis varying fastest; a point's id is its index in that order.
 *
 * <p>A value that is a mapping sets several keys at once ({@code array: [{rows: 8, cols: 8}]} sets
 * {@code array.rows} and {@code array.cols}); its leaves are the grid's columns.
 */
final class Grid {
    /** The most points one sweep may select (after sampling). */
    static final int MAX_POINTS = 200_000;
    /** The most values one axis may have. */
    static final int MAX_VALUES = 100_000;
    /** The y of a plot that is the baseline point's cycles over the point's cycles. */
    static final String SPEEDUP = "speedup";
    /** Grid keys under this first segment are workload keys. */
    static final String WORKLOAD = "workload";

    /** One grid key: its path, its values in order, and the leaf paths they set. */
    record Axis(String path, List<JsonNode> values, List<String> leaves) {}

    /** {@code sample}: {@code count} distinct points drawn with {@code seed}. */
    record Sample(int count, long seed) {}

    /**
     * One plot: {@code y} of the totals rows against the leaf {@code x}, one line per combination of the other
     * grid columns.
     *
     * @param name     the chart's file name (without extension) and SVG id suffix
     * @param baseline for {@code y: speedup}: the value of {@code x} whose point's cycles are the reference
     */
    record Plot(String name, String x, String y, Double baseline, String title) {}

    private final List<Axis> axes;
    private final Sample sample;
    private final List<Plot> plots;
    private final List<String> leaves;
    private final long size;

    private Grid(List<Axis> axes, Sample sample, List<Plot> plots, long size) {
        this.axes = List.copyOf(axes);
        this.sample = sample;
        this.plots = List.copyOf(plots);
        List<String> all = new ArrayList<>();
        axes.forEach(a -> all.addAll(a.leaves()));
        this.leaves = List.copyOf(all);
        this.size = size;
    }

    /**
     * Reads and checks a grid file, recording every problem (file, key path, value, rule) in {@code problems}.
     *
     * @param plotColumns the totals columns a plot's {@code y} may name (besides {@code speedup})
     * @return the grid of the keys that could be read: complete only when no problem was recorded
     */
    static Grid read(Path file, Set<String> plotColumns, Problems problems) {
        YamlDocument doc = YamlFiles.read(file, List.of());
        Section root = doc.root();
        List<Axis> axes = axes(root);
        Sample sample = null;
        if (root.has("sample")) {
            Section s = root.section("sample");
            sample = new Sample(s.requiredInteger("count", 1, MAX_POINTS), s.longInteger("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE));
            s.finish();
        }
        List<Plot> plots = root.has("plots") ? plots(root, axes, plotColumns) : List.of();
        root.finish();
        long size = 1;
        for (Axis a : axes) {
            size = size > Long.MAX_VALUE / a.values().size() ? Long.MAX_VALUE : size * a.values().size();
        }
        if (!axes.isEmpty() && sample == null && size > MAX_POINTS) {
            root.problem("grid", null, "the grid has " + (size == Long.MAX_VALUE ? "more than 2^63" : size)
                    + " points, more than " + MAX_POINTS + "; add sample: {count: N, seed: S} to draw N of them");
        }
        problems.addAll(doc.problems().list());
        return new Grid(axes, sample, plots, size);
    }

    private static List<Axis> axes(Section root) {
        List<Axis> axes = new ArrayList<>();
        if (!root.has("grid")) {
            root.problem("grid", null, "required: a mapping of dotted key paths to lists or ranges of values");
            return axes;
        }
        JsonNode raw = root.raw("grid");
        Section grid = root.section("grid");
        List<String> keys = grid.keys();
        if (raw.isObject() && keys.isEmpty()) {
            root.problem("grid", raw, "must name at least one key");
        }
        Map<String, String> owners = new LinkedHashMap<>();
        for (String key : keys) {
            if (!YamlFiles.isKeyPath(key)) {
                grid.problem(key, grid.raw(key), "a dotted key path such as array.rows is required");
                continue;
            }
            List<JsonNode> values = values(grid, key);
            if (values.isEmpty()) {
                continue;
            }
            List<String> leaves = leaves(grid, key, values);
            for (String leaf : leaves) {
                for (Map.Entry<String, String> other : owners.entrySet()) {
                    if (overlaps(leaf, other.getKey())) {
                        grid.problem(key, grid.raw(key), "sets " + leaf + ", which grid key " + other.getValue() + " sets too"
                                + (other.getKey().equals(leaf) ? "" : " (" + other.getKey() + ")"));
                    }
                }
            }
            leaves.forEach(leaf -> owners.putIfAbsent(leaf, key));
            axes.add(new Axis(key, values, leaves));
        }
        return axes;
    }

    /** The values of one axis: a non-empty list, or a range {from, to, step} or {from, to, factor}. */
    private static List<JsonNode> values(Section grid, String key) {
        JsonNode v = grid.raw(key);
        String rule = "must be a non-empty list of values, or a range {from: A, to: B, step: S} or {from: A, to: B, factor: F}";
        if (v != null && v.isArray() && !v.isEmpty()) {
            if (v.size() > MAX_VALUES) {
                grid.problem(key, JsonNodeFactory.instance.textNode(v.size() + " values"), "more than " + MAX_VALUES + " values");
                return List.of();
            }
            List<JsonNode> out = new ArrayList<>();
            v.forEach(out::add);
            return out;
        }
        if (v == null || !v.isObject()) {
            grid.problem(key, v, rule);
            return List.of();
        }
        Section range = grid.section(key);
        int before = grid.document().problems().list().size();
        long from = range.requiredInteger("from", 0, Integer.MAX_VALUE);
        long to = range.requiredInteger("to", 0, Integer.MAX_VALUE);
        boolean geometric = range.has("factor");
        int step = range.integer("step", 1, 1, Integer.MAX_VALUE);
        int factor = range.integer("factor", 2, 2, Integer.MAX_VALUE);
        range.finish();
        if (grid.document().problems().list().size() > before) {
            return List.of();
        }
        if (geometric && range.has("step")) {
            grid.problem(key, v, "give step (from, from + step, ...) or factor (from, from * factor, ...), not both");
            return List.of();
        }
        if (to < from || (geometric && from < 1)) {
            grid.problem(key, v, geometric ? "a geometric range needs 1 <= from <= to" : "a range needs from <= to");
            return List.of();
        }
        List<JsonNode> out = new ArrayList<>();
        for (long x = from; x <= to && out.size() <= MAX_VALUES; x = geometric ? x * factor : x + step) {
            out.add(JsonNodeFactory.instance.numberNode((int) x));
        }
        if (out.size() > MAX_VALUES) {
            grid.problem(key, v, "gives more than " + MAX_VALUES + " values");
            return List.of();
        }
        return out;
    }

    /** The leaf paths an axis's values set, in order of first appearance; mixing mappings and values is a problem. */
    private static List<String> leaves(Section grid, String key, List<JsonNode> values) {
        Set<String> leaves = new LinkedHashSet<>();
        boolean mappings = false;
        boolean scalars = false;
        for (JsonNode value : values) {
            mappings |= value.isObject();
            scalars |= !value.isObject();
            leaves.addAll(settings(key, value).keySet());
        }
        if (mappings && scalars) {
            grid.problem(key, grid.raw(key), "mixes mappings (which set keys below " + key + ") with plain values");
        }
        return List.copyOf(leaves);
    }

    /** Whether setting one path also sets (part of) the other: equal, or one below the other. */
    static boolean overlaps(String a, String b) {
        return a.equals(b) || a.startsWith(b + ".") || b.startsWith(a + ".");
    }

    private static List<Plot> plots(Section root, List<Axis> axes, Set<String> plotColumns) {
        List<Plot> plots = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Map<String, List<JsonNode>> leafValues = new LinkedHashMap<>();
        for (Axis a : axes) {
            for (JsonNode value : a.values()) {
                settings(a.path(), value).forEach((leaf, v) -> leafValues.computeIfAbsent(leaf, k -> new ArrayList<>()).add(v));
            }
        }
        for (Section p : root.sections("plots")) {
            String x = p.requiredString("x");
            String y = p.requiredString("y");
            String title = p.string("title", null);
            Double baseline = p.has("baseline") ? p.requiredNumber("baseline", -Double.MAX_VALUE, Double.MAX_VALUE) : null;
            p.finish();
            List<JsonNode> xs = leafValues.get(x);
            if (!x.isEmpty() && xs == null) {
                p.problem("x", p.raw("x"), "must be a key the grid sets: " + String.join(", ", leafValues.keySet()));
            } else if (xs != null && !xs.stream().allMatch(JsonNode::isNumber)) {
                p.problem("x", p.raw("x"), "must be a grid key whose values are all numbers");
            }
            if (!y.isEmpty() && !y.equals(SPEEDUP) && !plotColumns.contains(y)) {
                p.problem("y", p.raw("y"), "must be speedup or a numeric column of the totals rows, e.g. cycles, "
                        + "energyPj, areaUm2, overflowEvents, output.maxAbsError, output.sqnrDb");
            }
            if (y.equals(SPEEDUP) && baseline == null) {
                p.problem("baseline", null, "required with y: speedup: the value of x whose point's cycles are the reference");
            } else if (y.equals(SPEEDUP) && xs != null && xs.stream().noneMatch(v -> v.isNumber() && v.asDouble() == baseline)) {
                p.problem("baseline", p.raw("baseline"), "must be one of the values of " + x);
            } else if (!y.equals(SPEEDUP) && baseline != null) {
                p.problem("baseline", p.raw("baseline"), "only y: speedup has a baseline");
            }
            String name = (y + "-vs-" + x).replaceAll("[^A-Za-z0-9]+", "-");
            if (!names.add(name)) {
                p.problem("y", p.raw("y"), "plots " + y + " against " + x + " a second time");
            }
            plots.add(new Plot(name, x, y, baseline, title != null ? title
                    : y + " against " + x + (y.equals(SPEEDUP) ? ", baseline " + plain(baseline) : "")));
        }
        return plots;
    }

    private static String plain(Double d) {
        return d == null ? "" : d == Math.rint(d) ? Long.toString(d.longValue()) : d.toString();
    }

    /** The keys a value of an axis sets: the axis path itself, or the leaves below it of a mapping value. */
    static Map<String, JsonNode> settings(String path, JsonNode value) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if (value.isObject()) {
            value.fields().forEachRemaining(f -> out.putAll(settings(path + "." + f.getKey(), f.getValue())));
        } else {
            out.put(path, value);
        }
        return out;
    }

    List<Axis> axes() {
        return axes;
    }

    Sample sample() {
        return sample;
    }

    List<Plot> plots() {
        return plots;
    }

    /** The leaf paths the grid sets, axis by axis: the grid's columns. */
    List<String> leaves() {
        return leaves;
    }

    /** Points of the whole grid (the product of the axes' sizes). */
    long size() {
        return size;
    }

    /**
     * The ids of the points this grid selects, ascending: every point, or {@code sample.count} distinct ones
     * drawn with Floyd's algorithm from a {@link SplittableRandom} seeded with {@code sample.seed} (all of them
     * when the count is at least the grid's size).
     */
    long[] selected() {
        if (sample == null || sample.count() >= size) {
            long[] all = new long[(int) size];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        SplittableRandom random = new SplittableRandom(sample.seed());
        Set<Long> chosen = new HashSet<>();
        for (long j = size - sample.count(); j < size; j++) {
            long t = random.nextLong(j + 1);
            chosen.add(chosen.contains(t) ? j : t);
        }
        List<Long> sorted = new ArrayList<>(chosen);
        Collections.sort(sorted);
        return sorted.stream().mapToLong(Long::longValue).toArray();
    }

    /** The keys point {@code id} sets, leaf path to value, axis by axis (mixed radix, the last axis fastest). */
    Map<String, JsonNode> settings(long id) {
        long[] digits = new long[axes.size()];
        long rest = id;
        for (int a = axes.size() - 1; a >= 0; a--) {
            int n = axes.get(a).values().size();
            digits[a] = rest % n;
            rest /= n;
        }
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (int a = 0; a < axes.size(); a++) {
            Axis axis = axes.get(a);
            out.putAll(settings(axis.path(), axis.values().get((int) digits[a])));
        }
        return out;
    }
}
