package dev.qasim.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped sweep grids run (small workloads), and the committed accumulator-width results on the MLP reproduce. */
class ShippedSweepsTest {
    static final Path SWEEPS = SweepJobTest.HOME.resolve("arch-configs/sweeps");
    static final Path CONV = SweepJobTest.HOME.resolve("workloads/conv-28x28x16.yaml");
    static final Path EXAMPLE = SweepJobTest.HOME.resolve("reports/examples/accumulator-widths");

    @TempDir
    Path dir;

    /** The totals rows of a sweep.csv, each as column to cell. */
    static List<Map<String, String>> totals(Path out) throws IOException {
        List<List<String>> rows = SweepJobTest.csv(out);
        List<String> header = rows.get(0);
        return rows.subList(1, rows.size()).stream().filter(r -> r.get(header.indexOf("layer")).isEmpty()).map(r -> {
            Map<String, String> m = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                m.put(header.get(i), r.get(i));
            }
            return m;
        }).toList();
    }

    @Test
    void theDataflowArrayAccumulatorGridRunsEveryPointAndSixteenBitLanesHalveTheComputeCyclesOfSmallArrays() throws IOException {
        SweepOutcome o = SweepJobTest.sweep(SweepJobTest.TPU, CONV, SWEEPS.resolve("dataflow-array-acc.yaml"), dir, 2, Shard.ALL, true);
        assertThat(o.points()).isEqualTo(30);
        assertThat(o.ok()).isEqualTo(30);
        List<Map<String, String>> t = totals(dir);
        for (int i = 0; i < t.size(); i += 2) {
            Map<String, String> acc16 = t.get(i);
            Map<String, String> acc32 = t.get(i + 1);
            assertThat(acc16.get("pe.accumulatorBits")).isEqualTo("16");
            assertThat(acc16.get("lanes")).isEqualTo("2");
            assertThat(acc32.get("lanes")).isEqualTo("1");
            double ratio = Double.parseDouble(acc32.get("computeCycles")) / Double.parseDouble(acc16.get("computeCycles"));
            if (acc16.get("array.rows").equals("8")) {
                assertThat(ratio).as("point %s", acc16.get("point")).isBetween(1.8, 2.0);
            }
            assertThat(acc32.get("output.bitExact")).isEqualTo("true");
        }
        assertThat(dir.resolve("charts/cycles-vs-array-rows.svg")).exists();
        assertThat(dir.resolve("charts/utilization-vs-array-rows.png")).exists();
    }

    @Test
    void theAccumulatorWidthExampleOnTheMlpReproducesItsCommittedResults() throws IOException {
        SweepOutcome o = SweepJobTest.sweep(SweepJobTest.TPU, SweepJobTest.MLP, SWEEPS.resolve("accumulator-widths.yaml"), dir, 2,
                Shard.ALL, true);
        assertThat(o.points()).isEqualTo(126);
        assertThat(Files.readString(dir.resolve("sweep.csv"))).isEqualTo(Files.readString(EXAMPLE.resolve("mlp/sweep.csv")));
        for (Map<String, String> p : totals(dir)) {
            int bits = Integer.parseInt(p.get("pe.accumulatorBits"));
            assertThat(p.get("lanes")).isEqualTo(bits <= 16 ? "2" : "1");
            if (bits >= 20) {
                assertThat(p.get("overflowEvents")).isEqualTo("0");
                assertThat(p.get("output.bitExact")).isEqualTo("true");
            }
            if (p.get("pe.overflow").equals("widen-replay")) {
                assertThat(p.get("output.bitExact")).as("widen-replay is exact, point %s", p.get("point")).isEqualTo("true");
            }
            if (bits <= 16 && p.get("workload.defaults.weightBits").equals("4")) {
                assertThat(Double.parseDouble(p.get("laneSpeedup"))).isGreaterThan(1);
            }
        }
        assertThat(Files.readString(dir.resolve("sweep.md"))).contains("## speedup against pe.accumulatorBits, baseline 32",
                "## overflowEvents against pe.accumulatorBits", "## output.sqnrDb against pe.accumulatorBits");
    }

    @Test
    void legendsNameEachKeyByTheShortestEndOfItsPathThatIsStillUnique() {
        assertThat(SweepCharts.shortNames(List.of("workload.defaults.weightBits", "pe.overflow", "array.rows")))
                .containsValues("weightBits", "overflow", "rows");
        assertThat(SweepCharts.shortNames(List.of("workload.defaults.weightBits", "weightBits", "a.b.rows")).values())
                .containsExactly("defaults.weightBits", "weightBits", "rows");
    }
}
