package dev.qasim.cli;

import static dev.qasim.cli.CliTest.HOME;
import static dev.qasim.cli.CliTest.qasim;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qasim run --values off}: the counts of a run with values, every figure that needs values marked not simulated. */
class ShapeOnlyRunTest {
    static final String TPU = HOME.resolve("arch-configs/tpu-like-int8.yaml").toString();
    static final String EDGE = HOME.resolve("arch-configs/edge-os-16x16.yaml").toString();
    static final String TR = HOME.resolve("arch-configs/tr-fpga-64x128.yaml").toString();
    static final String CONV = HOME.resolve("workloads/conv-28x28x16.yaml").toString();
    static final String MLP = HOME.resolve("workloads/mlp-784-512-512-10.yaml").toString();

    /** What a shape-only run must give exactly as the run with values does, in the totals and per layer. */
    static final List<String> COUNTS = List.of("cycles", "computeCycles", "stallCycles", "prefetchCycles", "replayCycles",
            "latencyCycles", "macs", "termPairsBudgeted", "utilization", "throughputGops", "latencyUs", "energyPj", "areaUm2",
            "averagePowerMw", "dynamicEnergyPj", "staticEnergyPj", "energySplitPj", "energyBreakdownPj");
    static final List<String> LAYER_COUNTS = List.of("folds", "lanes", "registerWriteBits", "laneSpeedup", "energyEvents",
            "memory", "replay");

    @TempDir
    Path dir;

    @Test
    void valuesOffGivesEveryCountOfTheRunWithValuesAndMarksWhatNeedsValuesNotSimulatedInEveryFormat() throws Exception {
        String[][] runs = {{TPU, CONV}, {EDGE, MLP}, {TPU, MLP, "--set", "pe.accumulatorBits=16", "--set", "pe.overflow=wrap"}};
        for (int i = 0; i < runs.length; i++) {
            String[] run = runs[i];
            List<String> extra = List.of(run).subList(2, run.length);
            Path on = dir.resolve("on" + i);
            Path off = dir.resolve("off" + i);
            assertThat(run(run[0], run[1], on, extra).code()).isZero();
            CliTest.Run r = run(run[0], run[1], off, concat(extra, "--values", "off"));
            assertThat(r.code()).as(r.err()).isZero();
            JsonNode a = json(on);
            JsonNode b = json(off);
            for (String key : COUNTS) {
                assertThat(a.get("totals").has(key)).as(key).isTrue();
                assertThat(b.get("totals").get(key)).as(i + " totals." + key).isEqualTo(a.get("totals").get(key));
            }
            for (String key : concat(COUNTS, LAYER_COUNTS.toArray(String[]::new))) {
                for (int l = 0; l < a.get("layers").size(); l++) {
                    assertThat(a.get("layers").get(l).has(key)).as(key).isTrue();
                    assertThat(b.get("layers").get(l).get(key)).as(i + " layer " + l + " " + key)
                            .isEqualTo(a.get("layers").get(l).get(key));
                }
            }
            assertThat(b.get("totals").get("overflowEvents").isNull()).isTrue();
            for (int l = 0; l < b.get("layers").size(); l++) {
                JsonNode layer = b.get("layers").get(l);
                assertThat(layer.get("valuesSimulated").asBoolean()).isFalse();
                for (String key : List.of("overflowEvents", "overflowedOutputs", "overflowRate", "overflowEventsPerChannel",
                        "nonzeroTermPairs")) {
                    assertThat(layer.get(key).isNull()).as(key).isTrue();
                }
                assertThat(layer.get("output").get("checked").asBoolean()).isFalse();
                assertThat(layer.get("output").get("maxAbsError").isNull()).isTrue();
                assertThat(layer.get("accumulatorBounds").get("observedBits").isNull()).isTrue();
                assertThat(layer.get("accumulatorBounds").get("dataTypeBits"))
                        .isEqualTo(a.get("layers").get(l).get("accumulatorBounds").get("dataTypeBits"));
            }
            assertThat(b.get("notes").toString()).contains("values off: a shape-only run");
            // the console table, report.md and report.html say "not simulated" where a run with values shows counts
            assertThat(r.out()).contains("not simulated").doesNotContain("bit-exact");
            assertThat(Files.readString(off.resolve("report.md"))).contains("| not simulated |", "values off: a shape-only run");
            assertThat(Files.readString(off.resolve("report.html")))
                    .contains("<b>not simulated</b><span>overflow events</span>", "<b>not simulated</b><span>layers bit-exact</span>");
            assertThat(off.resolve("charts/overflow.svg")).doesNotExist();
            assertThat(on.resolve("charts/overflow.svg")).exists();
            List<CSVRecord> csv = CSVFormat.DEFAULT.builder().setHeader().get().parse(Files.newBufferedReader(off.resolve("report.csv")))
                    .getRecords();
            assertThat(csv).isNotEmpty().allSatisfy(row -> {
                assertThat(row.get("valuesSimulated")).isEqualTo("false");
                assertThat(row.get("overflowEvents")).isEmpty();
                assertThat(row.get("output.checked")).isEqualTo("false");
                assertThat(row.get("output.maxAbsError")).isEmpty();
            });
        }
    }

    @Test
    void valuesOffIsRefusedWithOneLineWhenTheTimingDependsOnTheValuesAndForAModelATraceOrTheSteppedEngine() throws Exception {
        Path out = dir.resolve("out");
        for (String policy : List.of("trap", "widen-replay")) {
            CliTest.Run r = qasim("run", "--arch", TPU, "--workload", MLP, "--set", "pe.overflow=" + policy, "--values", "off",
                    "--out", out.toString());
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err().lines().toList()).containsExactly("--values: off: architecture tpu-like-int8 needs the values for "
                    + "exact counts (pe.overflow " + policy + ": " + (policy.equals("trap") ? "the layer stops at the first overflow"
                    : "the folds that overflow are re-executed") + ", which depends on the values); run it with --values on");
        }
        // term-serial PEs: without a group budget the beats depend on the values; with one, the energy of the term pairs
        CliTest.Run noBudget = qasim("run", "--arch", TR, "--workload", MLP, "--set", "terms.groupBudget=null", "--values", "off",
                "--out", out.toString());
        assertThat(noBudget.code()).as(noBudget.err()).isEqualTo(2);
        assertThat(noBudget.err().lines()).singleElement().asString().startsWith("--values: off: architecture tr-fpga-64x128 needs")
                .contains("term-serial PEs on layer");
        CliTest.Run budget = qasim("run", "--arch", TR, "--workload", MLP, "--values", "off", "--out", out.toString());
        assertThat(budget.code()).as(budget.err()).isEqualTo(2);
        assertThat(budget.err().lines()).singleElement().asString().isEqualTo("--values: off: architecture tr-fpga-64x128 needs the "
                + "values for exact counts (term-serial PEs: their energy prices each term pair the values hold, which only a run "
                + "with values counts); run it with --values on");
        String model = HOME.resolve("workloads/models/cnn-fashion-mnist.onnx").toString();
        CliTest.Run all = qasim("run", "--arch", TPU, "--workload", model, "--values", "off", "--trace", dir.resolve("t.csv").toString(),
                "--engine", "stepped", "--no-check", "--out", out.toString());
        assertThat(all.code()).isEqualTo(2);
        assertThat(all.err().lines().toList()).hasSize(4).anySatisfy(l -> assertThat(l).startsWith("--values: off: an ONNX model"))
                .anySatisfy(l -> assertThat(l).startsWith("--trace: ")).anySatisfy(l -> assertThat(l).startsWith("--engine: stepped: "))
                .anySatisfy(l -> assertThat(l).startsWith("--no-check: "));
        assertThat(all.err()).doesNotContain("Exception");
        assertThat(out).doesNotExist();
        assertThat(dir.resolve("t.csv")).doesNotExist();
    }

    @Test
    void helpDescribesValuesOff() {
        assertThat(qasim("run", "--help").out()).contains("--values=on|off", "shape-only");
    }

    private static CliTest.Run run(String arch, String workload, Path out, List<String> extra) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "--arch", arch, "--workload", workload, "--out", out.toString()));
        args.addAll(extra);
        return qasim(args.toArray(String[]::new));
    }

    private static List<String> concat(List<String> a, String... b) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(List.of(b));
        return out;
    }

    private static JsonNode json(Path folder) throws java.io.IOException {
        return new ObjectMapper().readTree(folder.resolve("report.json").toFile());
    }
}
