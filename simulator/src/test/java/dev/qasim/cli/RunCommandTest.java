package dev.qasim.cli;

import static dev.qasim.cli.CliTest.HOME;
import static dev.qasim.cli.CliTest.qasim;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
    static final String TPU = HOME.resolve("arch-configs/tpu-like-int8.yaml").toString();
    static final String GEMM = HOME.resolve("workloads/gemm-64.yaml").toString();
    static final String CONV = HOME.resolve("workloads/conv-28x28x16.yaml").toString();

    @TempDir
    Path dir;

    static final List<String> COUNTERS = List.of("cycles", "computeCycles", "stallCycles", "prefetchCycles",
            "replayCycles", "macs", "termPairs", "termPairsBudgeted", "utilization", "overflowEvents",
            "overflowedOutputs", "energyPj", "areaUm2", "throughputGops", "latencyUs", "averagePowerMw", "postCycles");

    @Test
    void runWritesJsonCsvAndMarkdownWithEveryKeyOfTheContract() throws Exception {
        CliTest.Run r = qasim("run", "--arch", TPU, "--workload", CONV, "--out", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("conv", "bit-exact", "total");
        JsonNode report = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertThat(report.get("qasimVersion").asText()).isNotBlank();
        for (String key : List.of("command", "configHash", "seed", "engine", "javaVersion", "startedAt")) {
            assertThat(report.get("provenance").has(key)).as(key).isTrue();
        }
        assertThat(report.get("arch").get("array").get("rows").asInt()).isEqualTo(128);
        assertThat(report.get("workload").get("name").asText()).isEqualTo("conv-28x28x16");
        for (String key : COUNTERS) {
            assertThat(report.get("totals").has(key)).as("totals." + key).isTrue();
        }
        JsonNode layer = report.get("layers").get(0);
        for (String key : List.of("name", "type", "m", "n", "k", "folds", "lanes", "energyBreakdownPj", "trapped", "output")) {
            assertThat(layer.has(key)).as(key).isTrue();
        }
        for (String key : COUNTERS) {
            assertThat(layer.has(key)).as("layer." + key).isTrue();
        }
        assertThat(layer.get("m").asInt()).isEqualTo(676);
        assertThat(layer.get("n").asInt()).isEqualTo(32);
        assertThat(layer.get("k").asInt()).isEqualTo(144);
        assertThat(layer.get("energyPj").asDouble()).isPositive();
        double sum = 0;
        for (JsonNode component : layer.get("energyBreakdownPj")) {
            sum += component.asDouble();
        }
        assertThat(sum).isCloseTo(layer.get("energyPj").asDouble(), org.assertj.core.data.Offset.offset(1e-6 * sum));
        assertThat(layer.get("energyEvents").get("multiply").get("count").asLong()).isEqualTo(676L * 32 * 144);
        assertThat(report.get("energyModel").get("table").asText()).isEqualTo("horowitz-45nm");
        assertThat(layer.get("output").get("bitExact").asBoolean()).isTrue();
        assertThat(layer.get("output").get("sqnrDb").isNull()).isTrue();
        assertThat(layer.get("cycles").asLong()).isEqualTo(layer.get("computeCycles").asLong() + layer.get("stallCycles").asLong());
        List<String> csv = Files.readAllLines(dir.resolve("report.csv"));
        assertThat(csv).hasSize(2);
        assertThat(csv.get(0)).startsWith("name,type,groups,m,n,k,folds,lanes,cycles,").contains("output.bitExact", "memory.dramDataReadBits");
        assertThat(Files.readString(dir.resolve("report.md"))).contains("| conv ");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("report.json", "report.csv",
                    "report.md", "report.html", "charts", "provenance.json");
        }
    }

    @Test
    void scaleSimReportMatchesScaleSimsPrintedCyclesInParityMode() throws Exception {
        // SCALE-Sim v2 prints 4991 / 5503 / 5503 for GEMM 64^3 on 8x8 (os / ws / is)
        Path arch = dir.resolve("a8.yaml");
        for (String[] expected : new String[][] {{"os", "4991"}, {"ws", "5503"}, {"is", "5503"}}) {
            Files.writeString(arch, "array: {rows: 8, cols: 8, dataflow: " + expected[0] + ", overlapFolds: false}\n"
                    + "pe: {multiplierBits: 8, accumulatorBits: 32, datapathBits: 32}\n");
            Path out = dir.resolve(expected[0]);
            assertThat(qasim("run", "--arch", arch.toString(), "--workload", GEMM, "--out", out.toString(), "--scalesim-report").code()).isZero();
            List<String> lines = Files.readAllLines(out.resolve("COMPUTE_REPORT.csv"));
            assertThat(lines.get(0)).isEqualTo("LayerID, Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, Compute Util %,");
            assertThat(lines.get(1)).startsWith("0, " + expected[1] + ", 0, ");
        }
    }

    @Test
    void formatJsonPrintsTheReportTreeOnStdout() throws Exception {
        CliTest.Run r = qasim("run", "--arch", TPU, "--workload", GEMM, "--out", dir.toString(), "--format", "json");
        assertThat(r.code()).isZero();
        JsonNode printed = new ObjectMapper().readTree(r.out());
        assertThat(printed.get("totals").get("macs").asLong()).isEqualTo(64L * 64 * 64);
    }

    @Test
    void steppedAndFastEnginesGiveTheSameReportedCounters() throws Exception {
        Path a = dir.resolve("fast");
        Path b = dir.resolve("stepped");
        String[] set = {"--set", "array.rows=16", "--set", "array.cols=8", "--set", "pe.accumulatorBits=16", "--set", "pe.overflow=saturate"};
        assertThat(qasim(concat(new String[] {"run", "--arch", TPU, "--workload", CONV, "--out", a.toString()}, set)).code()).isZero();
        assertThat(qasim(concat(new String[] {"run", "--arch", TPU, "--workload", CONV, "--out", b.toString(), "--engine", "stepped"}, set)).code()).isZero();
        JsonNode fast = new ObjectMapper().readTree(a.resolve("report.json").toFile()).get("layers");
        JsonNode stepped = new ObjectMapper().readTree(b.resolve("report.json").toFile()).get("layers");
        assertThat(stepped.get(0).get("overflowEvents").asLong()).isPositive();
        for (String key : List.of("cycles", "computeCycles", "stallCycles", "macs", "overflowEvents", "overflowedOutputs",
                "output", "firstOverflowEvents", "overflowEventsPerChannel", "memory")) {
            assertThat(fast.get(0).get(key)).as(key).isEqualTo(stepped.get(0).get(key));
        }
    }

    @Test
    void traceHasOneRowPerCycleAndItsActivePesAddUpToTheMacs() throws Exception {
        Path trace = dir.resolve("trace.csv");
        assertThat(qasim("run", "--arch", TPU, "--workload", GEMM, "--out", dir.toString(), "--set", "array.rows=16",
                "--set", "array.cols=16", "--trace", trace.toString(), "--format", "json").code()).isZero();
        List<String> rows = Files.readAllLines(trace);
        assertThat(rows.get(0)).isEqualTo("cycle,fold,activePes,busyPes,overflowEvents");
        JsonNode layer = new ObjectMapper().readTree(dir.resolve("report.json").toFile()).get("layers").get(0);
        assertThat(rows).hasSize(1 + layer.get("computeCycles").asInt());
        long macs = rows.stream().skip(1).mapToLong(l -> Long.parseLong(l.split(",")[2])).sum();
        assertThat(macs).isEqualTo(64L * 64 * 64);
    }

    @Test
    void badInputExitsTwoWithOneLinePerProblemAndWritesNothing() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "layers:\n  - {name: c, type: conv2d, input: [1, 3, 4, 4], kernel: [8, 3, 7, 7]}\n"
                + "  - {name: g, type: gemm, m: 0, n: 4, k: 4}\n");
        Path out = dir.resolve("out");
        CliTest.Run r = qasim("run", "--arch", TPU, "--workload", bad.toString(), "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines()).hasSize(2).allSatisfy(l -> assertThat(l).startsWith(bad.toString()));
        assertThat(r.err()).doesNotContain("Exception");
        assertThat(out).doesNotExist();
        CliTest.Run zeroRows = qasim("run", "--arch", TPU, "--workload", GEMM, "--out", out.toString(), "--set", "array.rows=0");
        assertThat(zeroRows.code()).isEqualTo(2);
        assertThat(zeroRows.err()).isEqualTo("--set array.rows=0: array.rows = 0: must be an integer from 1 to 4096\n");
        assertThat(out).doesNotExist();
    }

    @Test
    void anEnergyTableWithANegativeEntryIsRejectedWithExitTwoNamingTheEntry() throws Exception {
        Path table = dir.resolve("bad-table.yaml");
        Files.writeString(table, Files.readString(HOME.resolve("arch-configs/energy/horowitz-45nm.yaml"))
                .replace("readPj64: 20,", "readPj64: -20,"));
        Path out = dir.resolve("out");
        CliTest.Run r = qasim("run", "--arch", TPU, "--workload", GEMM, "--out", out.toString(), "--set",
                "energy.table=" + table);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(table + ": sram.points[1].readPj64 = -20: must be a number from 0 to 1000000000000\n");
        assertThat(out).doesNotExist();
    }

    @Test
    void anOperandWiderThanTheMultiplierIsRejectedBeforeRunning() {
        CliTest.Run r = qasim("run", "--arch", TPU, "--workload", GEMM, "--out", dir.resolve("o").toString(),
                "--set", "pe.multiplierBits=4");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("weightBits = 8: wider than the 4-bit multiplier", "dataBits = 8: wider than the 4-bit multiplier");
    }

    @Test
    void checkWithAWorkloadListsItsLayersInMatrixForm() {
        CliTest.Run r = qasim("check", "--arch", TPU, "--workload", HOME.resolve("workloads/resnet18.yaml").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("resnet18.yaml: valid, 21 layers", "conv1", "12544", "147");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
