package dev.qasim.explore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qasim.report.ChartRenderer;
import dev.qasim.report.ReportFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jfree.chart.JFreeChart;

/**
 * A sweep's finished results: its points in id order with their rows where they lie on disk, the Pareto fronts,
 * and the files a finished sweep (or a merge) writes: sweep.csv (rows sorted by point id and layer index, the
 * totals row last, fronts marked), sweep.json, sweep.md and the charts. A pure function of the metadata and the
 * set of points, so a sweep run in one go, resumed, run with any number of jobs, or run in shards and merged gives
 * the same bytes.
 */
final class SweepResults {
    static final String CSV = "sweep.csv";
    static final String JSON_FILE = "sweep.json";
    static final String MD = "sweep.md";
    static final String CHARTS = "charts";
    /** The top-level files and folders of a sweep's folder, the lock files included. */
    static final List<String> NAMES = List.of(CSV, JSON_FILE, MD, CHARTS, SweepStream.LOCK, SweepStream.OWNER);
    /** The point's error: its totals row's largest absolute output error of any layer. */
    static final String ERROR = "output.maxAbsError";
    /** What "error" means, as sweep.json and sweep.md say it. */
    static final String ERROR_DEFINITION = "output.maxAbsError of the totals row: the largest |output - exact| of any "
            + "layer, in the outputs' integer units (0 when every output is exact); needs values";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final SweepMeta meta;
    private final SweepTable table;
    private final List<SweepFile.Group> points;
    private final List<String> objectives;
    private final List<SweepFile.Group> eligible;
    private final List<SweepFile.Group> front;
    private final Set<Long> frontIds = new HashSet<>();

    private SweepResults(SweepMeta meta, SweepTable table, List<SweepFile.Group> groups) {
        this.meta = meta;
        this.table = table;
        this.objectives = meta.values() ? List.of("cycles", "energyPj", "areaUm2", ERROR) : List.of("cycles", "energyPj", "areaUm2");
        List<SweepFile.Group> all = new ArrayList<>(groups);
        all.sort(Comparator.comparingLong(SweepFile.Group::id));
        List<SweepFile.Group> candidates = new ArrayList<>();
        for (SweepFile.Group p : all) {
            if (p.status() == Status.OK && !"true".equals(cell(p, "trapped")) && objectives.stream().allMatch(o -> number(p, o) != null)) {
                candidates.add(p);
            }
        }
        this.points = List.copyOf(all);
        this.eligible = List.copyOf(candidates);
        this.front = frontOf(eligible, objectives);
        front.forEach(p -> frontIds.add(p.id()));
    }

    /**
     * The results of these points (any order).
     *
     * @throws IllegalArgumentException when a point id appears twice
     */
    static SweepResults of(SweepMeta meta, SweepTable table, List<SweepFile.Group> groups) {
        Set<Long> ids = new HashSet<>();
        for (SweepFile.Group g : groups) {
            if (!ids.add(g.id())) {
                throw new IllegalArgumentException("point " + g.id() + " appears twice");
            }
        }
        return new SweepResults(meta, table, groups);
    }

    /** The points of {@code candidates} on the Pareto front of the given objectives, in id order. */
    List<SweepFile.Group> frontOf(List<SweepFile.Group> candidates, List<String> of) {
        double[][] values = new double[candidates.size()][];
        for (int i = 0; i < values.length; i++) {
            SweepFile.Group p = candidates.get(i);
            values[i] = of.stream().mapToDouble(o -> number(p, o)).toArray();
        }
        return Pareto.front(values).stream().map(candidates::get).toList();
    }

    SweepMeta meta() {
        return meta;
    }

    SweepTable table() {
        return table;
    }

    /** Every point's totals row, by id. */
    List<SweepFile.Group> points() {
        return points;
    }

    /** The objectives of the fronts: cycles, energyPj, areaUm2, and the error with values. */
    List<String> objectives() {
        return objectives;
    }

    /** The points a front may hold: run, not trapped, every objective known. */
    List<SweepFile.Group> eligible() {
        return eligible;
    }

    /** The points on the front of every objective. */
    List<SweepFile.Group> front() {
        return front;
    }

    long count(Status status) {
        return points.stream().filter(p -> p.status() == status).count();
    }

    /** A cell of a point's totals row; the column must be one of the table's summary columns. */
    String cell(SweepFile.Group p, String column) {
        int at = table.summaryIndex(column);
        if (at < 0) {
            throw new IllegalArgumentException(column + " is not kept in memory");
        }
        return p.totals().get(at);
    }

    /** A numeric cell, or null when it is empty or not a finite number. */
    Double number(SweepFile.Group p, String column) {
        return number(cell(p, column));
    }

    static Double number(String cell) {
        if (cell.isEmpty()) {
            return null;
        }
        try {
            double d = Double.parseDouble(cell);
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Writes every file of the finished sweep into {@code dir}, each atomically, and removes charts an earlier
     * run there drew that these results do not have.
     */
    void write(Path dir) {
        writeCsv(dir);
        Map<String, byte[]> files = files();
        Path charts = dir.resolve("charts");
        if (Files.isDirectory(charts)) {
            try (Stream<Path> old = Files.list(charts)) {
                for (Path f : old.toList()) {
                    String name = "charts/" + f.getFileName();
                    if ((name.endsWith(".png") || name.endsWith(".svg")) && !files.containsKey(name)) {
                        Files.delete(f);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot tidy " + charts + ": " + e.getMessage(), e);
            }
        }
        ReportFiles.writeAll(dir, files);
    }

    /**
     * Writes sweep.csv into {@code dir} atomically: the header, then every point's rows in id order (layers, then
     * totals) with the {@code pareto} column filled: true or false on every row of a point that ran, empty for the
     * others. The rows are read from the files the points were found in, one point at a time.
     */
    private void writeCsv(Path dir) {
        int pareto = table.index(SweepTable.PARETO);
        ReportFiles.writeAtomically(dir.resolve(CSV), out -> {
            out.write(SweepTable.format(table.columns(), List.of()).getBytes(StandardCharsets.UTF_8));
            for (SweepFile.Group p : points) {
                List<List<String>> rows = new ArrayList<>();
                for (List<String> row : p.file().rows(p)) {
                    List<String> marked = new ArrayList<>(row);
                    marked.set(pareto, p.status() == Status.OK ? Boolean.toString(frontIds.contains(p.id())) : "");
                    rows.add(marked);
                }
                out.write(SweepTable.format(null, rows).getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    /** The other files of the finished sweep (sweep.json, sweep.md, the charts), path relative to its folder to bytes. */
    Map<String, byte[]> files() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(JSON_FILE, json().getBytes(StandardCharsets.UTF_8));
        Map<String, JFreeChart> charts = SweepCharts.of(this);
        files.put(MD, SweepMarkdown.of(this, charts.keySet()).getBytes(StandardCharsets.UTF_8));
        charts.forEach((name, chart) -> ChartRenderer.putFiles(files, "charts/", name, chart));
        return files;
    }

    /** sweep.json: the metadata, the counts, the objectives and the front, the best point of each objective. */
    String json() {
        ObjectNode o = meta.toJson();
        ObjectNode counts = o.putObject("counts");
        Map<Status, Long> byStatus = new EnumMap<>(Status.class);
        for (Status s : Status.values()) {
            byStatus.put(s, count(s));
        }
        counts.put("points", points.size());
        byStatus.forEach((s, n) -> counts.put(camel(s.label()), n));
        counts.put("trapped", points.stream().filter(p -> "true".equals(cell(p, "trapped"))).count());
        ArrayNode objectiveNames = o.putArray("objectives");
        objectives.forEach(objectiveNames::add);
        o.put("error", ERROR_DEFINITION);
        ArrayNode frontNode = o.putArray("pareto");
        front.forEach(p -> frontNode.add(summary(p)));
        ObjectNode best = o.putObject("best");
        for (String objective : objectives) {
            eligible.stream().min((a, b) -> Double.compare(number(a, objective), number(b, objective)))
                    .ifPresent(p -> best.set(objective, summary(p)));
        }
        try {
            return JSON.writeValueAsString(o) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A point in brief: id, grid values, objectives. */
    private ObjectNode summary(SweepFile.Group p) {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        s.put("point", p.id());
        for (String c : table.gridColumns()) {
            s.set(c, value(cell(p, c)));
        }
        for (String objective : objectives) {
            s.set(objective, value(cell(p, objective)));
        }
        return s;
    }

    /** A cell as JSON: a number, a boolean, null when empty, else text. */
    static JsonNode value(String cell) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (cell.isEmpty()) {
            return f.nullNode();
        }
        if (cell.equals("true") || cell.equals("false")) {
            return f.booleanNode(Boolean.parseBoolean(cell));
        }
        try {
            return f.numberNode(Long.parseLong(cell));
        } catch (NumberFormatException e) {
            Double d = number(cell);
            return d != null ? f.numberNode(d) : f.textNode(cell);
        }
    }

    private static String camel(String label) {
        int dash = label.indexOf('-');
        return dash < 0 ? label : label.substring(0, dash) + Character.toUpperCase(label.charAt(dash + 1)) + label.substring(dash + 2);
    }
}
