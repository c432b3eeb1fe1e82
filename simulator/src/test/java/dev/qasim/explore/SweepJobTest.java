package dev.qasim.explore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qasim.config.ArchConfig;
import dev.qasim.config.ArchLoader;
import dev.qasim.engine.Engine;
import dev.qasim.engine.EngineOptions;
import dev.qasim.engine.LayerResult;
import dev.qasim.input.BadInputException;
import dev.qasim.input.Problem;
import dev.qasim.model.Model;
import dev.qasim.model.ModelLoader;
import dev.qasim.model.ModelOptions;
import dev.qasim.report.ReportFolder;
import dev.qasim.report.RunIdentity;
import dev.qasim.workload.Layer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sweeps end to end on the micro workloads: rows, invalid points, shards and merging, resuming, jobs, values off. */
class SweepJobTest {
    static final Path HOME = Path.of(System.getProperty("qasim.home", ".."));
    static final Path TPU = HOME.resolve("arch-configs/tpu-like-int8.yaml");
    static final Path MLP = HOME.resolve("workloads/mlp-784-512-512-10.yaml");
    static final Path GEMM = HOME.resolve("workloads/gemm-64.yaml");
    static final Path MLP_ONNX = HOME.resolve("workloads/models/mlp-784-512-512-10-mnist.onnx");

    /** 2 x 3 x 3 x 2 = 36 points, 12 of them invalid (a 70-bit accumulator). */
    static final String GRID = """
            grid:
              array: [{rows: 8, cols: 8}, {rows: 16, cols: 16}]
              array.dataflow: [os, ws, is]
              pe.accumulatorBits: [16, 32, 70]
              workload.defaults.weightBits: [4, 8]
            plots:
              - {x: pe.accumulatorBits, y: speedup, baseline: 32}
            """;

    @TempDir
    Path dir;

    Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    static SweepOutcome sweep(Path arch, Path workload, Path grid, Path out, int jobs, Shard shard, boolean values) {
        return SweepJob.prepare(new SweepOptions(arch, List.of(), workload, grid, out, jobs, shard, values)).run(null);
    }

    /** The same with {@code --overwrite}: another sweep in the folder is replaced (the points both have are kept). */
    static SweepOutcome sweepOver(Path arch, Path workload, Path grid, Path out) {
        return SweepJob.prepare(new SweepOptions(arch, List.of(), workload, grid, out, 2, Shard.ALL, true)).run(null, "qasim sweep", true);
    }

    /** {@code qasim merge DIRS --out OUT}, the folder claimed as the command claims it. */
    static SweepOutcome merge(List<Path> dirs, Path out) {
        return MergeJob.merge(dirs, ReportFolder.claim("--out", out, new RunIdentity("qasim merge", Map.of("dirs", dirs.toString())),
                false, MergeJob.NAMES));
    }

    /** The rows of a sweep.csv, header first. */
    static List<List<String>> csv(Path out) throws IOException {
        return SweepTable.parse(Files.readString(out.resolve("sweep.csv")));
    }

    /** Every file of a results folder (charts included) to its bytes; not the lock, nor provenance.json (it holds a time). */
    static Map<String, byte[]> files(Path out) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> all = Files.walk(out)) {
            for (Path f : all.filter(Files::isRegularFile).sorted().toList()) {
                if (!f.getFileName().toString().equals(SweepStream.LOCK) && !f.getFileName().toString().equals(ReportFolder.PROVENANCE)) {
                    files.put(out.relativize(f).toString(), Files.readAllBytes(f));
                }
            }
        }
        return files;
    }

    static void assertSameFiles(Path actual, Path expected) throws IOException {
        Map<String, byte[]> a = files(actual);
        Map<String, byte[]> e = files(expected);
        assertThat(a.keySet()).isEqualTo(e.keySet());
        for (String name : e.keySet()) {
            assertThat(a.get(name)).as(name).isEqualTo(e.get(name));
        }
    }

    @Test
    void invalidPointsBecomeRowsWithTheirReasonsAndValidPointsGetALayerRowEachAndATotalsRow() throws IOException {
        Path grid = write("grid.yaml", GRID);
        SweepOutcome o = sweep(TPU, MLP, grid, dir.resolve("out"), 2, Shard.ALL, true);
        assertThat(o.points()).isEqualTo(36);
        assertThat(o.ok()).isEqualTo(24);
        assertThat(o.invalid()).isEqualTo(12);
        assertThat(o.simulated()).isEqualTo(36);
        List<List<String>> rows = csv(dir.resolve("out"));
        List<String> h = rows.get(0);
        assertThat(h.subList(0, 10)).containsExactly("point", "layer", "status", "reason", "configHash", "array.rows",
                "array.cols", "array.dataflow", "pe.accumulatorBits", "workload.defaults.weightBits");
        assertThat(h).contains("pareto", "name", "cycles", "energyPj", "output.maxAbsError", "memory.dramDataReadBits",
                "energyBreakdownPj.dram", "trapEvent.cycle", "throughputGopsPerMm2");
        assertThat(rows).hasSize(1 + 24 * 4 + 12);
        int point = h.indexOf("point");
        int layer = h.indexOf("layer");
        int status = h.indexOf("status");
        int reason = h.indexOf("reason");
        int name = h.indexOf("name");
        List<List<String>> invalid = rows.stream().filter(r -> r.get(point).equals("4")).toList();
        assertThat(invalid).singleElement().satisfies(r -> {
            assertThat(r.get(status)).isEqualTo("invalid");
            assertThat(r.get(layer)).isEmpty();
            assertThat(r.get(reason)).isEqualTo(grid + ": pe.accumulatorBits = 70: must be an integer from 2 to 64");
            assertThat(r.get(h.indexOf("pe.accumulatorBits"))).isEqualTo("70");
            assertThat(r.get(h.indexOf("cycles"))).isEmpty();
        });
        List<List<String>> ok = rows.stream().filter(r -> r.get(point).equals("0")).toList();
        assertThat(ok).extracting(r -> r.get(layer)).containsExactly("0", "1", "2", "");
        assertThat(ok).extracting(r -> r.get(name)).containsExactly("fc1", "fc2", "fc3", "total");
        assertThat(ok).extracting(r -> r.get(status)).containsOnly("ok");
        long layerCycles = ok.subList(0, 3).stream().mapToLong(r -> Long.parseLong(r.get(h.indexOf("cycles")))).sum();
        assertThat(Long.parseLong(ok.get(3).get(h.indexOf("cycles")))).isEqualTo(layerCycles);
        assertThat(ok).extracting(r -> r.get(h.indexOf("pareto"))).containsOnly(ok.get(0).get(h.indexOf("pareto")));
        // the rows are sorted by point id and layer, the totals row last
        List<String> order = rows.subList(1, rows.size()).stream().map(r -> r.get(point) + "/" + r.get(layer)).toList();
        List<String> sorted = new ArrayList<>(order);
        sorted.sort((a, b) -> {
            String[] x = a.split("/", -1);
            String[] y = b.split("/", -1);
            int c = Long.compare(Long.parseLong(x[0]), Long.parseLong(y[0]));
            return c != 0 ? c : Integer.compare(x[1].isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(x[1]),
                    y[1].isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(y[1]));
        });
        assertThat(order).isEqualTo(sorted);
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("out/sweep.json").toFile());
        assertThat(summary.get("counts").get("invalid").asInt()).isEqualTo(12);
        assertThat(summary.get("pareto")).isNotEmpty();
        assertThat(Files.readString(dir.resolve("out/sweep.md"))).contains("## Pareto front", "## Points not run",
                "must be an integer from 2 to 64");
        assertThat(dir.resolve("out/charts/pareto-cycles-energy.svg")).exists();
        assertThat(dir.resolve("out/charts/speedup-vs-pe-accumulatorBits.png")).exists();
    }

    @Test
    void twoShardsMergedEqualTheUnshardedRunByteForByte() throws IOException {
        Path grid = write("grid.yaml", GRID);
        SweepOutcome whole = sweep(TPU, MLP, grid, dir.resolve("whole"), 2, Shard.ALL, true);
        SweepOutcome first = sweep(TPU, MLP, grid, dir.resolve("shard0"), 1, new Shard(0, 2), true);
        SweepOutcome second = sweep(TPU, MLP, grid, dir.resolve("shard1"), 2, new Shard(1, 2), true);
        assertThat(first.points() + second.points()).isEqualTo(whole.points());
        assertThat(new ObjectMapper().readTree(dir.resolve("shard1/sweep.json").toFile()).get("shard").asText()).isEqualTo("1/2");
        SweepOutcome merged = merge(List.of(dir.resolve("shard1"), dir.resolve("shard0")), dir.resolve("merged"));
        assertThat(merged.pareto()).isEqualTo(whole.pareto());
        assertSameFiles(dir.resolve("merged"), dir.resolve("whole"));
    }

    @Test
    void mergeRefusesAMissingShardAShardGivenTwiceAndAnotherSweep() throws IOException {
        Path grid = write("grid.yaml", GRID.replace("[4, 8]", "[4]"));
        sweep(TPU, GEMM, grid, dir.resolve("a0"), 2, new Shard(0, 3), false);
        sweep(TPU, GEMM, grid, dir.resolve("a1"), 2, new Shard(1, 3), false);
        Path other = write("other.yaml", GRID.replace("[4, 8]", "[8]"));
        sweep(TPU, GEMM, other, dir.resolve("b2"), 2, new Shard(2, 3), false);
        assertThatThrownBy(() -> merge(List.of(dir.resolve("a0"), dir.resolve("a1")), dir.resolve("m")))
                .isInstanceOf(BadInputException.class).hasMessage("qasim merge: 2/3: this shard's folder is missing; give every shard's folder");
        assertThatThrownBy(() -> merge(List.of(dir.resolve("a0"), dir.resolve("a0"), dir.resolve("a1")), dir.resolve("m")))
                .hasMessageContaining("a0: 0/3: the same shard as");
        assertThatThrownBy(() -> merge(List.of(dir.resolve("a0"), dir.resolve("a1"), dir.resolve("b2")), dir.resolve("m")))
                .hasMessageContaining("b2: is a shard of another sweep than").hasMessageContaining("grid files or --set overrides differ");
        // the same files with values on: named as the difference
        sweep(TPU, GEMM, grid, dir.resolve("c2"), 2, new Shard(2, 3), true);
        assertThatThrownBy(() -> merge(List.of(dir.resolve("a0"), dir.resolve("a1"), dir.resolve("c2")), dir.resolve("m")))
                .hasMessageContaining("c2: is a shard of another sweep than").hasMessageContaining("(--values on against off)");
        assertThatThrownBy(() -> merge(List.of(dir.resolve("nothing")), dir.resolve("m")))
                .hasMessageContaining("nothing: has no sweep.json: not the folder of a finished sweep");
        assertThat(dir.resolve("m")).doesNotExist();
    }

    @Test
    void theResultsDoNotDependOnTheNumberOfJobs() throws IOException {
        Path grid = write("grid.yaml", GRID);
        sweep(TPU, MLP, grid, dir.resolve("one"), 1, Shard.ALL, true);
        sweep(TPU, MLP, grid, dir.resolve("three"), 3, Shard.ALL, true);
        assertSameFiles(dir.resolve("three"), dir.resolve("one"));
    }

    @Test
    void aRerunKeepsFinishedPointsRunsThoseCutShortAndGivesTheSameBytes() throws IOException {
        Path grid = write("grid.yaml", GRID);
        Path out = dir.resolve("out");
        sweep(TPU, MLP, grid, dir.resolve("expected"), 2, Shard.ALL, true);
        // what a killed sweep leaves: points in the order they finished, the last one cut in the middle of a line
        List<String> lines = Files.readAllLines(dir.resolve("expected/sweep.csv"));
        Map<String, List<String>> byPoint = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            byPoint.computeIfAbsent(line.substring(0, line.indexOf(',')), k -> new ArrayList<>()).add(line);
        }
        List<List<String>> finished = new ArrayList<>(byPoint.values());
        Collections.shuffle(finished, new java.util.Random(3));
        StringBuilder stream = new StringBuilder(lines.get(0)).append('\n');
        finished.subList(0, 20).forEach(p -> p.forEach(l -> stream.append(l).append('\n')));
        List<String> cut = finished.subList(20, finished.size()).stream().filter(p -> p.size() > 1).findFirst().orElseThrow();
        stream.append(cut.get(0)).append('\n').append(cut.get(1), 0, cut.get(1).length() / 2);
        Files.createDirectories(out);
        Files.writeString(out.resolve("sweep.csv"), stream);
        Files.copy(dir.resolve("expected/provenance.json"), out.resolve("provenance.json")); // the same sweep's
        SweepOutcome o = sweep(TPU, MLP, grid, out, 2, Shard.ALL, true);
        assertThat(o.reused()).isEqualTo(20);
        assertThat(o.simulated()).isEqualTo(16);
        assertSameFiles(out, dir.resolve("expected"));
        SweepOutcome again = sweep(TPU, MLP, grid, out, 2, Shard.ALL, true);
        assertThat(again.reused()).isEqualTo(36);
        assertThat(again.simulated()).isZero();
        assertSameFiles(out, dir.resolve("expected"));
    }

    @Test
    void anotherSweepNeedsOverwriteThenAChangedBaseFileMakesAffectedRowsStaleAndAnExtendedGridKeepsItsPoints() throws IOException {
        Path arch = write("arch.yaml", Files.readString(TPU));
        Path grid = write("grid.yaml", GRID);
        Path out = dir.resolve("out");
        sweep(arch, MLP, grid, out, 2, Shard.ALL, true);
        Files.writeString(arch, Files.readString(TPU).replace("clockMHz: 1000", "clockMHz: 500"));
        assertThatThrownBy(() -> sweep(arch, MLP, grid, out, 2, Shard.ALL, true)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("--out: " + out + ": holds the report of another run (qasim sweep, written ")
                .hasMessageEndingWith("it differs in inputsHash; give --overwrite to replace it, or choose another folder");
        SweepOutcome slower = sweepOver(arch, MLP, grid, out);
        assertThat(slower.reused()).as("only the invalid points, whose rows are their settings and reason").isEqualTo(12);
        List<List<String>> rows = csv(out);
        int latency = rows.get(0).indexOf("latencyUs");
        int cycles = rows.get(0).indexOf("latencyCycles");
        List<String> total = rows.stream().filter(r -> r.get(0).equals("0") && r.get(1).isEmpty()).findFirst().orElseThrow();
        assertThat(Double.parseDouble(total.get(latency))).isEqualTo(Long.parseLong(total.get(cycles)) / 500.0);

        Path wider = write("grid.yaml", GRID.replace("[16, 32, 70]", "[16, 24, 32, 70]"));
        SweepOutcome extended = sweepOver(arch, MLP, wider, out);
        assertThat(extended.points()).isEqualTo(48);
        assertThat(extended.reused()).as("every point of the old grid, under its new id").isEqualTo(36);
        assertThat(extended.simulated()).isEqualTo(12);
        sweep(arch, MLP, wider, dir.resolve("fresh"), 2, Shard.ALL, true);
        assertThat(Files.readString(out.resolve("sweep.csv"))).isEqualTo(Files.readString(dir.resolve("fresh/sweep.csv")));
    }

    @Test
    void valuesOffGivesTheCyclesAndEnergyOfValuesOnAndMarksPointsWhoseTimingNeedsValues() throws IOException {
        Path grid = write("grid.yaml", """
                grid:
                  array.dataflow: [os, ws]
                  pe.accumulatorBits: [16, 32]
                  pe.overflow: [wrap, saturate, widen-replay, trap]
                """);
        SweepOutcome on = sweep(TPU, MLP, grid, dir.resolve("on"), 2, Shard.ALL, true);
        SweepOutcome off = sweep(TPU, MLP, grid, dir.resolve("off"), 2, Shard.ALL, false);
        assertThat(on.ok()).isEqualTo(16);
        assertThat(off.ok()).isEqualTo(8);
        assertThat(off.needValues()).isEqualTo(8);
        List<List<String>> a = csv(dir.resolve("on"));
        List<List<String>> b = csv(dir.resolve("off"));
        List<String> h = a.get(0);
        int status = h.indexOf("status");
        int reason = h.indexOf("reason");
        int overflow = h.indexOf("pe.overflow");
        for (List<String> r : b.subList(1, b.size())) {
            String policy = r.get(overflow);
            if (policy.equals("widen-replay") || policy.equals("trap")) {
                assertThat(r.get(status)).isEqualTo("needs-values");
                assertThat(r.get(reason)).startsWith("pe.overflow " + policy + ":");
            } else {
                assertThat(r.get(status)).isEqualTo("ok");
                assertThat(r.get(h.indexOf("valuesSimulated"))).isEqualTo("false");
                assertThat(r.get(h.indexOf("overflowEvents"))).isEmpty();
                List<String> withValues = a.stream().filter(x -> x.get(0).equals(r.get(0)) && x.get(1).equals(r.get(1)))
                        .findFirst().orElseThrow();
                for (String key : List.of("cycles", "computeCycles", "stallCycles", "macs", "energyPj", "areaUm2",
                        "memory.dramDataReadBits", "registerWriteBits")) {
                    assertThat(r.get(h.indexOf(key))).as("point %s layer %s %s", r.get(0), r.get(1), key)
                            .isEqualTo(withValues.get(h.indexOf(key)));
                }
            }
        }
        assertThat(Files.readString(dir.resolve("off/sweep.md"))).contains("Values off: shape-only runs");
        assertThat(new ObjectMapper().readTree(dir.resolve("off/sweep.json").toFile()).get("objectives"))
                .extracting(JsonNode::asText).containsExactly("cycles", "energyPj", "areaUm2");
    }

    @Test
    void valuesOffMarksSerialPointsNeedValuesAndSaysAPlotOfAFigureThatNeedsValuesWasNotSimulated() throws IOException {
        Path grid = write("grid.yaml", """
                grid:
                  pe.kind: [mac, term-serial]
                  pe.accumulatorBits: [16, 32]
                plots:
                  - {x: pe.accumulatorBits, y: output.sqnrDb}
                """);
        // tr-fpga's term-serial PEs have a group budget: fixed beats, so only their energy needs the values
        SweepOutcome off = sweep(HOME.resolve("arch-configs/tr-fpga-64x128.yaml"), GEMM, grid, dir.resolve("off"), 1, Shard.ALL, false);
        assertThat(off.ok()).isEqualTo(2);
        assertThat(off.needValues()).isEqualTo(2);
        List<List<String>> rows = csv(dir.resolve("off"));
        List<String> h = rows.get(0);
        assertThat(rows.subList(1, rows.size())).filteredOn(r -> r.get(h.indexOf("pe.kind")).equals("term-serial"))
                .isNotEmpty().allSatisfy(r -> {
                    assertThat(r.get(h.indexOf("status"))).isEqualTo("needs-values");
                    assertThat(r.get(h.indexOf("reason"))).contains("energy prices each term pair the values hold");
                });
        assertThat(Files.readString(dir.resolve("off/sweep.md")))
                .contains("Not simulated: values off (shape-only points have no `output.sqnrDb`).",
                        "The output error is not an objective: values off, it was not simulated.")
                .doesNotContain("Error: output.maxAbsError");
    }

    @Test
    void aPointWithValuesWhoseOutputsWereNotAllCheckedIsNeverOnTheFrontAsIfItsErrorWereZero() throws IOException {
        // the second layer's output tensor (4096 x 4096 x 200 values) is too large to hold: it runs shape-only, unchecked,
        // so the point's error is unknown; the first layer alone would make every point exact
        Path workload = write("w.csv", """
                Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,
                small, 8, 8, 3, 3, 4, 8, 1,
                huge, 4096, 4096, 1, 1, 1, 200, 1,
                """);
        Path grid = write("grid.yaml", "grid:\n  pe.accumulatorBits: [24, 32]\n");
        SweepOutcome on = sweep(TPU, workload, grid, dir.resolve("on"), 1, Shard.ALL, true);
        assertThat(on.ok()).isEqualTo(2);
        assertThat(on.pareto()).isEmpty();
        List<List<String>> rows = csv(dir.resolve("on"));
        List<String> h = rows.get(0);
        List<List<String>> totals = rows.subList(1, rows.size()).stream().filter(r -> r.get(h.indexOf("layer")).isEmpty()).toList();
        assertThat(totals).hasSize(2).allSatisfy(r -> {
            assertThat(r.get(h.indexOf("output.maxAbsError"))).isEmpty();
            assertThat(r.get(h.indexOf("pareto"))).isEqualTo("false");
        });
        JsonNode json = new ObjectMapper().readTree(dir.resolve("on/sweep.json").toFile());
        assertThat(json.get("pareto")).isEmpty();
    }

    @Test
    void anOnnxModelIsSweptWithItsRealWeightsAndItsFirstLayerAgreesWithTheModelRun() throws IOException {
        Path grid = write("grid.yaml", "grid:\n  pe.overflow: [wrap]\n  pe.accumulatorBits: [14, 32]\n");
        Path out = dir.resolve("out");
        SweepOutcome o = sweep(TPU, MLP_ONNX, grid, out, 2, Shard.ALL, true);
        assertThat(o.ok()).isEqualTo(2);
        List<List<String>> rows = csv(out);
        List<String> h = rows.get(0);
        Model model = ModelLoader.load(MLP_ONNX, ModelOptions.defaults());
        List<String> names = new ArrayList<>(model.workload().layers().stream().map(Layer::name).toList());
        names.add("total");
        for (String point : List.of("0", "1")) {
            List<List<String>> p = rows.stream().filter(r -> r.get(h.indexOf("point")).equals(point)).toList();
            assertThat(p).extracting(r -> r.get(h.indexOf("name"))).isEqualTo(names);
            assertThat(Long.parseLong(p.get(names.size() - 1).get(h.indexOf("macs")))).isEqualTo(model.workload().macs());
        }
        List<String> narrow = rows.get(1);
        List<String> wide = rows.get(1 + names.size());
        assertThat(wide.get(h.indexOf("output.bitExact"))).isEqualTo("true");
        assertThat(Long.parseLong(narrow.get(h.indexOf("overflowEvents")))).isPositive();
        // the first layer sees the model's input in both, so the sweep's row equals the model run's layer
        for (List<String> row : List.of(narrow, wide)) {
            ArchConfig arch = ArchLoader.load(TPU, List.of("pe.overflow=wrap",
                    "pe.accumulatorBits=" + row.get(h.indexOf("pe.accumulatorBits"))));
            LayerResult first = model.run(arch, Engine.Kind.FAST, EngineOptions.defaults(), true, null, null, null).array().layers().get(0);
            assertThat(Long.parseLong(row.get(h.indexOf("overflowEvents")))).isEqualTo(first.overflowEvents());
            assertThat(Long.parseLong(row.get(h.indexOf("cycles")))).isEqualTo(first.cycles());
        }
        // the model has no workload keys to set
        Path keyed = write("keyed.yaml", "grid:\n  workload.defaults.weightBits: [4]\n");
        assertThatThrownBy(() -> SweepJob.prepare(new SweepOptions(TPU, List.of(), MLP_ONNX, keyed, dir.resolve("o"), 1, Shard.ALL, true)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("workload keys need a YAML workload file ("
                        + MLP_ONNX + " is an ONNX model)");
    }

    @Test
    void everyProblemOfTheGridAndTheBaseFilesIsReportedAtOnceBeforeAnythingRuns() throws IOException {
        Path grid = write("grid.yaml", """
                grid:
                  array.rowz: [8]
                  clockMHz.fast: [1]
                  workload.defaults.weightBitz: [4]
                  pe.accumulatorBits: {from: 5}
                """);
        Path out = dir.resolve("out");
        assertThatThrownBy(() -> SweepJob.prepare(new SweepOptions(TPU, List.of("pe.overflow"), MLP, grid, out, 1, Shard.ALL, true)))
                .isInstanceOfSatisfying(BadInputException.class, e -> assertThat(e.problems()).extracting(Problem::message)
                        .containsExactlyInAnyOrder(
                                grid + ": grid.pe.accumulatorBits.to (missing): required: an integer of at least 0",
                                "--set pe.overflow: expected PATH=VALUE, e.g. pe.accumulatorBits=16",
                                grid + ": grid.array.rowz = 8: array.rowz: unknown key; allowed here: rows, cols, dataflow, overlapFolds",
                                grid + ": grid.clockMHz.fast = 1: clockMHz: is not a mapping, so clockMHz.fast cannot be set",
                                grid + ": grid.workload.defaults.weightBitz = 4: defaults.weightBitz: unknown key; allowed here: "
                                        + "weightBits, dataBits, dataSigned, values"));
        assertThat(out).doesNotExist();
    }

    @Test
    void missingFilesAreReportedTogether() {
        Path none = dir.resolve("none.yaml");
        assertThatThrownBy(() -> SweepJob.prepare(new SweepOptions(none, List.of(), GEMM, none, dir.resolve("o"), 1, Shard.ALL, true)))
                .isInstanceOf(BadInputException.class).hasMessage(none + ": file not found\n" + none + ": file not found");
        Path grid = dir.resolve("g.yaml");
        assertThatThrownBy(() -> {
            Files.writeString(grid, "grid:\n  array.rows: [8]\n");
            SweepJob.prepare(new SweepOptions(TPU, List.of(), none, grid, dir.resolve("o"), 1, Shard.ALL, true));
        }).hasMessage(none + ": file not found");
        assertThatThrownBy(() -> SweepJob.prepare(new SweepOptions(TPU, List.of(), GEMM, grid, grid, 1, Shard.ALL, true)).run(null))
                .hasMessage("--out: " + grid + ": is a file; a folder is required");
    }

    @Test
    void aGridWithoutAnyValidPointIsBadInputNamingTheFirstPointsProblems() throws IOException {
        Path grid = write("grid.yaml", "grid:\n  pe.accumulatorBits: [1, 70]\n");
        assertThatThrownBy(() -> SweepJob.prepare(new SweepOptions(TPU, List.of(), GEMM, grid, dir.resolve("o"), 1, Shard.ALL, true)))
                .isInstanceOf(BadInputException.class)
                .hasMessage(grid + ": no point of the grid is valid; point 0 has these problems:\n"
                        + grid + ": pe.accumulatorBits = 1: must be an integer from 2 to 64");
    }

    @Test
    void aSecondSweepIntoAFolderInUseIsRefused() throws IOException {
        Path grid = write("grid.yaml", "grid:\n  array.rows: [8]\n");
        Path out = dir.resolve("busy");
        try (SweepStream held = SweepStream.lock(out)) {
            SweepJob job = SweepJob.prepare(new SweepOptions(TPU, List.of(), GEMM, grid, out, 1, Shard.ALL, false));
            assertThatThrownBy(() -> job.run(null)).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("another qasim sweep is writing into this folder");
        }
        assertThat(sweep(TPU, GEMM, grid, out, 1, Shard.ALL, false).ok()).isEqualTo(1);
    }
}
