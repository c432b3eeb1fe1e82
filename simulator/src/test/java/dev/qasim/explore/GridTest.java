package dev.qasim.explore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qasim.input.Problem;
import dev.qasim.input.Problems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GridTest {
    @TempDir
    Path dir;

    private Grid grid(String yaml, Problems problems) throws IOException {
        Path file = dir.resolve("grid.yaml");
        Files.writeString(file, yaml);
        return Grid.read(file, SweepTable.TOTALS_KEYS, problems);
    }

    private Grid grid(String yaml) throws IOException {
        Problems problems = new Problems();
        Grid g = grid(yaml, problems);
        assertThat(problems.list()).isEmpty();
        return g;
    }

    private static String values(Map<String, JsonNode> settings) {
        return settings.entrySet().stream().map(e -> e.getKey() + "=" + (e.getValue().isTextual() ? e.getValue().asText()
                : e.getValue().toString())).collect(Collectors.joining(" "));
    }

    @Test
    void pointIdsFollowTheCanonicalOrderWithTheLastKeyVaryingFastest() throws IOException {
        Grid g = grid("grid:\n  array.rows: [8, 16]\n  array.dataflow: [os, ws, is]\n");
        assertThat(g.size()).isEqualTo(6);
        assertThat(Arrays.stream(g.selected()).mapToObj(id -> values(g.settings(id))).toList()).containsExactly(
                "array.rows=8 array.dataflow=os", "array.rows=8 array.dataflow=ws", "array.rows=8 array.dataflow=is",
                "array.rows=16 array.dataflow=os", "array.rows=16 array.dataflow=ws", "array.rows=16 array.dataflow=is");
    }

    @Test
    void rangesStepOrMultiplyAndMappingValuesSetEveryKeyBelowThem() throws IOException {
        Grid g = grid("grid:\n  pe.accumulatorBits: {from: 12, to: 20, step: 4}\n  array.rows: {from: 8, to: 100, factor: 2}\n"
                + "  workload.defaults: [{weightBits: 4, dataBits: 4}, {}]\n");
        assertThat(g.axes().get(0).values()).extracting(JsonNode::asInt).containsExactly(12, 16, 20);
        assertThat(g.axes().get(1).values()).extracting(JsonNode::asInt).containsExactly(8, 16, 32, 64);
        assertThat(g.leaves()).containsExactly("pe.accumulatorBits", "array.rows", "workload.defaults.weightBits",
                "workload.defaults.dataBits");
        assertThat(values(g.settings(0))).isEqualTo(
                "pe.accumulatorBits=12 array.rows=8 workload.defaults.weightBits=4 workload.defaults.dataBits=4");
        assertThat(values(g.settings(1))).as("an empty mapping sets nothing: the base as it is")
                .isEqualTo("pe.accumulatorBits=12 array.rows=8");
        assertThat(g.size()).isEqualTo(3 * 4 * 2);
    }

    @Test
    void aSampleIsSeededSortedDistinctAndTheSameEveryTime() throws IOException {
        String yaml = "grid:\n  array.rows: {from: 1, to: 100}\n  array.cols: {from: 1, to: 100}\nsample: {count: 50, seed: 7}\n";
        long[] first = grid(yaml).selected();
        assertThat(first).hasSize(50).isSorted().doesNotHaveDuplicates();
        assertThat(Arrays.stream(first).allMatch(id -> id >= 0 && id < 10_000)).isTrue();
        assertThat(grid(yaml).selected()).isEqualTo(first);
        assertThat(grid(yaml.replace("seed: 7", "seed: 8")).selected()).isNotEqualTo(first);
        assertThat(grid(yaml.replace("count: 50", "count: 20000")).selected()).hasSize(10_000);
    }

    @Test
    void aRangeBoundAboveTheLargestIntegerNamesThatLimit() throws IOException {
        Problems problems = new Problems();
        grid("grid:\n  array.rows: {from: 1, to: 9223372036854775807}\n", problems);
        assertThat(problems.list()).extracting(Problem::message).contains(dir.resolve("grid.yaml")
                + ": grid.array.rows.to = 9223372036854775807: must be an integer from 0 to 2147483647");
    }

    @Test
    void everyProblemOfAGridFileIsReportedAtOnceWithItsKeyValueAndRule() throws IOException {
        Problems problems = new Problems();
        Grid g = grid("""
                grid:
                  array.rows: []
                  pe..bits: [1]
                  pe.accumulatorBits: {from: 32, to: 12}
                  memory.ifmapSramKiB: {from: 1, to: 8, step: 2, factor: 2}
                  array: [{rows: 8}, 16]
                  array.cols: [8]
                  clockMHz: 500
                sample: {count: 0}
                plots:
                  - {x: array.depth, y: cycles}
                  - {x: array.cols, y: speedup}
                  - {x: array.cols, y: colour}
                extra: 1
                """, problems);
        List<String> lines = problems.list().stream().map(Problem::message).toList();
        String f = dir.resolve("grid.yaml").toString();
        assertThat(lines).contains(
                f + ": grid.array.rows = []: must be a non-empty list of values, or a range {from: A, to: B, step: S} or {from: A, to: B, factor: F}",
                f + ": grid.pe..bits = [1]: a dotted key path such as array.rows is required",
                f + ": grid.pe.accumulatorBits = {\"from\":32,\"to\":12}: a range needs from <= to",
                f + ": grid.memory.ifmapSramKiB = {\"from\":1,\"to\":8,\"step\":2,\"factor\":2}: give step (from, from + step, ...) or factor (from, from * factor, ...), not both",
                f + ": grid.array = [{\"rows\":8},16]: mixes mappings (which set keys below array) with plain values",
                f + ": grid.clockMHz = 500: must be a non-empty list of values, or a range {from: A, to: B, step: S} or {from: A, to: B, factor: F}",
                f + ": sample.count = 0: must be an integer from 1 to 200000",
                f + ": plots[1].baseline (missing): required with y: speedup: the value of x whose point's cycles are the reference",
                f + ": extra = 1: unknown key; allowed here: grid, sample, plots");
        assertThat(lines).anyMatch(l -> l.equals(f + ": grid.array.cols = [8]: sets array.cols, which grid key array sets too (array)"));
        assertThat(lines).anyMatch(l -> l.startsWith(f + ": plots[0].x = \"array.depth\": must be a key the grid sets"));
        assertThat(lines).anyMatch(l -> l.startsWith(f + ": plots[2].y = \"colour\": must be speedup or a numeric column"));
    }

    @Test
    void aGridTooLargeToRunWholeAsksForASample() throws IOException {
        Problems problems = new Problems();
        grid("grid:\n  array.rows: {from: 1, to: 2000}\n  array.cols: {from: 1, to: 2000}\n", problems);
        assertThat(problems.list()).singleElement().extracting(Problem::rule).asString()
                .contains("4000000 points", "add sample: {count: N, seed: S}");
        Problems none = new Problems();
        assertThat(grid("grid:\n  array.rows: {from: 1, to: 2000}\n  array.cols: {from: 1, to: 2000}\nsample: {count: 10}\n",
                none).selected()).hasSize(10);
        assertThat(none.list()).isEmpty();
    }

    @Test
    void overlappingPathsAreTheSameKeyOrOneBelowTheOther() {
        assertThat(Grid.overlaps("array.rows", "array.rows")).isTrue();
        assertThat(Grid.overlaps("array", "array.rows")).isTrue();
        assertThat(Grid.overlaps("array.rows", "array")).isTrue();
        assertThat(Grid.overlaps("array.rows", "array.rowsX")).isFalse();
        assertThat(Grid.overlaps("pe.kind", "pe.multiplierBits")).isFalse();
    }
}
