package dev.qasim.explore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import dev.qasim.config.ArchLoader;
import dev.qasim.energy.EnergyTables;
import dev.qasim.input.BadInputException;
import dev.qasim.input.Problems;
import dev.qasim.report.ReportSchema;
import dev.qasim.report.Schemas;
import dev.qasim.workload.WorkloadLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSON Schemas shipped in docs/schema/: each parses, names draft 2020-12 and satisfies its meta-schema; the
 * generated ones (report.json, sweep rows) are what the records give today (rewrite them with
 * {@code -Dschema.write=true}); every shipped input file validates against its schema; the schema of each input file
 * and its loader agree on files that are right and files that are wrong; and a shape-only sweep's rows validate.
 */
class SchemaFilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path HOME = SweepJobTest.HOME;

    @TempDir
    Path dir;

    /** The generated schemas, by file name. */
    private static Map<String, ObjectNode> generated() {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        out.put("report.schema.json", ReportSchema.report());
        out.put("sweep-row.schema.json", SweepSchema.row());
        return out;
    }

    @Test
    void theGeneratedSchemasInDocsAreTheOnesTheRecordsGive() throws IOException {
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, ObjectNode> e : generated().entrySet()) {
            Path file = Schemas.DIR.resolve(e.getKey());
            String text = ReportSchema.text(e.getValue());
            if (Boolean.getBoolean("schema.write")) {
                Files.writeString(file, text);
            }
            if (!Files.exists(file) || !Files.readString(file).equals(text)) {
                stale.add(e.getKey());
            }
        }
        assertThat(stale).as("stale schema files: regenerate them with mvn -B -q -pl simulator test "
                + "-Dtest=SchemaFilesTest -Dschema.write=true").isEmpty();
    }

    @Test
    void everySchemaParsesNamesDraft2020AndSatisfiesTheMetaSchema() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Schemas.DIR)) {
            files = s.filter(f -> f.toString().endsWith(".schema.json")).sorted().toList();
        }
        assertThat(files.stream().map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("report.schema.json",
                "sweep-row.schema.json", "architecture.schema.json", "workload.schema.json", "grid.schema.json",
                "energy-table.schema.json");
        Schema meta = Schemas.metaSchema();
        for (Path f : files) {
            String text = Files.readString(f);
            assertThat(JSON.readTree(text).path("$schema").asText()).as(f.toString()).isEqualTo(ReportSchema.DIALECT);
            assertThat(Schemas.problems(meta, text, InputFormat.JSON)).as(f.toString()).isEmpty();
        }
    }

    static Stream<Arguments> shippedInputs() throws IOException {
        List<Arguments> out = new ArrayList<>();
        addAll(out, "architecture.schema.json", HOME.resolve("arch-configs"), 4);
        addAll(out, "workload.schema.json", HOME.resolve("workloads"), 8);
        addAll(out, "grid.schema.json", HOME.resolve("arch-configs/sweeps"), 2);
        addAll(out, "energy-table.schema.json", HOME.resolve("arch-configs/energy"), 1);
        return out.stream();
    }

    /** Every .yaml file directly in {@code folder}, at least {@code atLeast} of them. */
    private static void addAll(List<Arguments> out, String schema, Path folder, int atLeast) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).as(folder.toString()).hasSizeGreaterThanOrEqualTo(atLeast);
        files.forEach(f -> out.add(Arguments.of(HOME.relativize(f).toString(), schema)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shippedInputs")
    void everyShippedInputFileValidatesAgainstItsSchema(String file, String schema) {
        assertThat(Schemas.problems(Schemas.load(schema), Schemas.read(HOME.resolve(file)), InputFormat.YAML)).isEmpty();
    }

    /** One file: what kind it is, its text, and whether it is right. */
    record Case(String kind, String yaml, boolean valid) {
        @Override
        public String toString() {
            return kind + (valid ? " accepts " : " rejects ") + yaml.replace('\n', ' ');
        }
    }

    private static final String ARRAY = "array: {rows: 8, cols: 8}\n";
    private static final String LAYER = "layers:\n  - {name: a, type: gemm, m: 2, n: 3, k: 4}\n";
    private static final String TABLE = Schemas.read(HOME.resolve("arch-configs/energy/horowitz-45nm.yaml"));

    static Stream<Case> cases() {
        return Stream.of(
                new Case("architecture", ARRAY, true),
                new Case("architecture", ARRAY + "pe: {kind: term-serial, accumulatorBits: 64, datapathBits: 256, overflow: widen-replay}\n", true),
                new Case("architecture", ARRAY + "memory: {ifmapSramKiB: unlimited, dramBytesPerCycle: 0.000001}\nterms: {groupBudget: 0}\n", true),
                new Case("architecture", ARRAY + "clockMHz: null\nterms: {dataTerms: null, dataEncoding: booth}\n", true),
                new Case("architecture", "array: {rows: 0, cols: 8}\n", false),
                new Case("architecture", "array: {rows: 4097, cols: 8}\n", false),
                new Case("architecture", "array: {cols: 8}\n", false),
                new Case("architecture", "name: x\n", false),
                new Case("architecture", ARRAY + "colour: red\n", false),
                new Case("architecture", ARRAY + "pe: {lanes: 2}\n", false),
                new Case("architecture", ARRAY + "array: {rows: 8, cols: 8, dataflow: rs}\n", false),
                new Case("architecture", ARRAY + "clockMHz: 0\n", false),
                new Case("architecture", ARRAY + "pe: {accumulatorBits: 1}\n", false),
                new Case("architecture", ARRAY + "pe: {multiplierBits: 8.5}\n", false),
                new Case("architecture", ARRAY + "memory: {ofmapSramKiB: lots}\n", false),
                new Case("architecture", ARRAY + "memory: {dramBytesPerCycle: 0.0000001}\n", false),
                new Case("architecture", ARRAY + "terms: {encoding: csd}\n", false),
                new Case("workload", LAYER, true),
                new Case("workload", "defaults: {weightBits: 4, values: {source: synthetic, seed: 0}}\nlayers:\n"
                        + "  - {name: c, type: conv2d, input: [1, 3, 8, 8], kernel: [4, 3, 3, 3], stride: [1, 2], padding: 1}\n"
                        + "  - {name: f, type: fc, inFeatures: 10, outFeatures: 2, termRevealing: false}\n", true),
                new Case("workload", "name: w\n", false),
                new Case("workload", "layers: []\n", false),
                new Case("workload", "layers:\n  - {name: a, type: fc, m: 2, n: 3, k: 4}\n", false),
                new Case("workload", "layers:\n  - {name: a, type: gemm, m: 2, n: 3}\n", false),
                new Case("workload", "layers:\n  - {name: a, type: gemm, m: 0, n: 3, k: 4}\n", false),
                new Case("workload", "layers:\n  - {name: a, type: pool, m: 2, n: 3, k: 4}\n", false),
                new Case("workload", "layers:\n  - {name: c, type: conv2d, input: [1, 3, 8], kernel: [4, 3, 3, 3]}\n", false),
                new Case("workload", "defaults: {weightBits: 33}\n" + LAYER, false),
                new Case("workload", "defaults: {values: {source: csv}}\n" + LAYER, false),
                new Case("workload", LAYER + "extra: 1\n", false),
                new Case("grid", "grid: {array.rows: [8, 16], pe.accumulatorBits: {from: 12, to: 32, step: 4}}\n", true),
                new Case("grid", "grid:\n  array: [{rows: 8, cols: 8}]\n  memory.ifmapSramKiB: {from: 64, to: 1024, factor: 2}\n"
                        + "sample: {count: 2, seed: 7}\nplots:\n  - {x: array.rows, y: cycles, title: t}\n", true),
                new Case("grid", "grid: {pe.accumulatorBits: [16, 32]}\nplots:\n  - {x: pe.accumulatorBits, y: speedup, baseline: 32}\n", true),
                new Case("grid", "grid: {}\n", false),
                new Case("grid", "grid: {array.rows: []}\n", false),
                new Case("grid", "grid: {array.rows: {from: 8}}\n", false),
                new Case("grid", "grid: {array.rows: {from: 8, to: 16, step: 0}}\n", false),
                new Case("grid", "grid: {array.rows: {from: 8, to: 64, factor: 1}}\n", false),
                new Case("grid", "grid: {array.rows: 8}\n", false),
                new Case("grid", "grid: {array..rows: [8]}\n", false),
                new Case("grid", "grid: {array.rows: [8]}\nsample: {count: 0}\n", false),
                new Case("grid", "grid: {array.rows: [8, 16]}\nplots:\n  - {x: array.rows, y: speedup}\n", false),
                new Case("grid", "grid: {array.rows: [8, 16]}\nplots:\n  - {x: array.rows, y: cycles, baseline: 8}\n", false),
                new Case("grid", "grid: {array.rows: [8]}\npoints: 3\n", false),
                new Case("energy table", TABLE, true),
                new Case("energy table", TABLE.replace("scope: dynamic energy only (no leakage)\n", ""), true),
                new Case("energy table", TABLE.replace("node: 45 nm\n", ""), false),
                new Case("energy table", TABLE.replace("voltageV: 0.9", "voltageV: 0"), false),
                new Case("energy table", TABLE.replace("energyPj: 0.03,", "energyPj: -0.03,"), false),
                new Case("energy table", TABLE.replace("readPj64: 10, from: source", "readPj64: 10"), false),
                new Case("energy table", TABLE.replace("value: 20.3125", "value: null"), false),
                new Case("energy table", TABLE + "leakage: 0\n", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theSchemaAndTheLoaderAgreeOnWhetherAFileIsRight(Case c) throws IOException {
        Path file = dir.resolve("case.yaml");
        Files.writeString(file, c.yaml());
        String schema = switch (c.kind()) {
            case "architecture" -> "architecture.schema.json";
            case "workload" -> "workload.schema.json";
            case "grid" -> "grid.schema.json";
            default -> "energy-table.schema.json";
        };
        assertThat(loads(c.kind(), file)).as("the loader").isEqualTo(c.valid());
        assertThat(Schemas.problems(Schemas.load(schema), c.yaml(), InputFormat.YAML)).as("the schema's problems")
                .matches(p -> p.isEmpty() == c.valid());
    }

    /** Whether qasim's own loader takes the file. */
    private static boolean loads(String kind, Path file) {
        try {
            switch (kind) {
                case "architecture" -> ArchLoader.load(file, List.of());
                case "workload" -> WorkloadLoader.load(file);
                case "grid" -> {
                    Problems problems = new Problems();
                    Grid.read(file, SweepTable.TOTALS_KEYS, problems);
                    return problems.list().isEmpty();
                }
                default -> EnergyTables.load(file.toString(), null);
            }
            return true;
        } catch (BadInputException e) {
            return false;
        }
    }

    @Test
    void theRowsOfAShapeOnlySweepAndItsPointSummariesValidateAgainstTheRowSchema() throws IOException {
        Path grid = dir.resolve("grid.yaml");
        Files.writeString(grid, "grid:\n  pe.accumulatorBits: [16, 32]\n  array.rows: [8, 4097]\n");
        SweepOutcome o = SweepJobTest.sweep(SweepJobTest.TPU, SweepJobTest.MLP, grid, dir.resolve("out"), 1, Shard.ALL, false);
        assertThat(o.ok()).isEqualTo(2);
        assertThat(o.invalid()).isEqualTo(2);
        Schema schema = Schemas.load("sweep-row.schema.json");
        JsonNode properties = JSON.readTree(Schemas.read(Schemas.DIR.resolve("sweep-row.schema.json"))).get("properties");
        List<List<String>> rows = SweepJobTest.csv(dir.resolve("out"));
        List<String> header = rows.get(0);
        assertThat(header.stream().filter(c -> !properties.has(c))).as("columns the schema does not name")
                .containsExactly("pe.accumulatorBits", "array.rows");
        for (List<String> row : rows.subList(1, rows.size())) {
            ObjectNode object = JSON.createObjectNode();
            for (int i = 0; i < header.size(); i++) {
                object.set(header.get(i), typed(row.get(i), properties.path(header.get(i)).path("type")));
            }
            assertThat(Schemas.problems(schema, object.toString(), InputFormat.JSON)).as(row.toString()).isEmpty();
        }
        JsonNode sweep = JSON.readTree(dir.resolve("out/sweep.json").toFile());
        assertThat(sweep.get("schemaVersion").asInt()).isEqualTo(dev.qasim.report.ReportDocument.SCHEMA_VERSION);
        List<JsonNode> summaries = new ArrayList<>();
        sweep.get("pareto").forEach(summaries::add);
        sweep.get("best").forEach(summaries::add);
        assertThat(summaries).isNotEmpty();
        for (JsonNode s : summaries) {
            assertThat(Schemas.problems(schema, s.toString(), InputFormat.JSON)).as(s.toString()).isEmpty();
        }
    }

    /** A CSV cell as its column's JSON type: empty is null, else parsed as the type says (text when it says none). */
    private static JsonNode typed(String cell, JsonNode type) {
        if (cell.isEmpty()) {
            return JSON.nullNode();
        }
        String t = type.isArray() ? type.get(0).asText() : type.asText();
        return switch (t) {
            case "integer" -> JSON.getNodeFactory().numberNode(Long.parseLong(cell));
            case "number" -> JSON.getNodeFactory().numberNode(Double.parseDouble(cell));
            case "boolean" -> JSON.getNodeFactory().booleanNode(switch (cell) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException("not a boolean: " + cell);
            });
            default -> JSON.getNodeFactory().textNode(cell);
        };
    }

    @Test
    void theSweepColumnsComeFromTheRecordsAndHoldTheTermSerialGroup() {
        assertThat(SweepTable.REPORT_KEYS).contains("termSerial.termPairs", "termSerial.costModelReduction",
                "nonzeroTermPairs.binary", "nonzeroTermPairs.hese", "latencyCycles",
                "energyBreakdownPj.termPairs", "energyBreakdownPj.multipliers", "trapEvent.result", "throughputGopsPerMm2")
                .doesNotContain("termSerial", "overflowEventsPerChannel", "energyEvents", "energyBreakdownPj.postProcessing")
                .doesNotHaveDuplicates();
        assertThat(SweepTable.TOTALS_KEYS).contains("name", "layers", "trappedLayers", "lanes", "output.sqnrDb")
                .doesNotContain("type", "memory.spilledPsumBits");
        assertThat(Set.copyOf(SweepTable.REPORT_KEYS)).containsAll(SweepTable.TOTALS_KEYS);
    }
}
