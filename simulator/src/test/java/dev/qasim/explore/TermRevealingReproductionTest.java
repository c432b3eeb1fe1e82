package dev.qasim.explore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qasim.engine.NonzeroTermPairs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TermRevealingReproductionTest {
    static final Path HOME = Path.of(System.getProperty("qasim.home", ".."));
    static final long MACS = 668_672;
    static final int IMAGES = 20;

    @TempDir
    Path dir;

    private dev.qasim.report.ReportFolder folder() {
        return dev.qasim.report.ReportFolder.claim("--out", dir, new dev.qasim.report.RunIdentity("test", Map.of()), true,
                List.of("*"));
    }

    @Test
    void everyHardwareRunsAtEqualDataWidthAndEveryRatioComparesOneMeasure() throws Exception {
        TermRevealingReproduction.Plan plan = new TermRevealingReproduction.Plan(List.of(6), List.of(2, 3), List.of(6, 8));
        Reproductions.Outcome outcome = TermRevealingReproduction.run(HOME, folder(), "test", IMAGES, s -> { }, plan);
        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(Files.newBufferedReader(dir.resolve("results.csv"))).getRecords();
        // mse on the MAC array (2), on three baselines at equal PEs and equal area (12), max on the MAC array (2),
        // term revealing with k = 6, 8 and without a budget at equal PEs and equal area (6)
        assertThat(rows).hasSize(22);
        for (CSVRecord row : rows) {
            assertThat(row.get("data")).as(row.toString()).isEqualTo("u6");
            long cost = Long.parseLong(row.get("costModelTermPairs"));
            if (row.get("quantization").startsWith("conventional")) {
                int bw = Integer.parseInt(row.get("weights").substring(1));
                assertThat(cost).isEqualTo(MACS * IMAGES * bw * 6); // b_w b_a per MAC
            } else if (row.get("setting").startsWith("k=")) {
                int k = Integer.parseInt(row.get("setting").substring(2));
                assertThat(cost * 16).isEqualTo(MACS * IMAGES * k * 3); // k s / g per MAC
            } else {
                assertThat(row.get("setting")).isEqualTo("no budget");
                assertThat(cost).isEqualTo(MACS * IMAGES * 4 * 6); // no budget, not the file's: b_w b_a per MAC
            }
        }
        // exact-product PEs: one quantization gives the same accuracy and the same operands on every hardware
        Map<String, List<CSVRecord>> byPoint = rows.stream().filter(r -> r.get("quantization").startsWith("conventional, mse"))
                .collect(Collectors.groupingBy(r -> r.get("setting")));
        for (List<CSVRecord> same : byPoint.values()) {
            assertThat(same).hasSize(7);
            assertThat(same).extracting(r -> r.get("hardwareAccuracy")).containsOnly(same.get(0).get("hardwareAccuracy"));
            assertThat(same).extracting(r -> r.get("nonzeroTermPairsHese")).containsOnly(same.get(0).get("nonzeroTermPairsHese"));
        }
        // equal area: each array's area within a few percent of the MAC array's
        double mac = rows.stream().filter(r -> r.get("peKind").equals("mac")).mapToDouble(r -> Double.parseDouble(r.get("arrayAreaUm2")))
                .findFirst().orElseThrow();
        rows.stream().filter(r -> r.get("size").equals("equal area"))
                .forEach(r -> assertThat(Double.parseDouble(r.get("arrayAreaUm2"))).as(r.get("hardware")).isCloseTo(mac,
                        org.assertj.core.data.Percentage.withPercentage(3)));
        String readme = Files.readString(dir.resolve("README.md"));
        assertThat(readme.lines().limit(4).collect(Collectors.joining("\n"))).contains("**real data**");
        assertThat(readme).contains("## 6-bit data", "## Pairings at equal accuracy", "## Against the paper");
        assertThat(outcome.findings()).anyMatch(f -> f.contains("fewer term pairs in the cost model"))
                .anyMatch(f -> f.startsWith("6-bit data, term revealing without a budget"));
        assertThat(dir.resolve("accuracy-vs-hese-pairs-6bit.svg")).exists();
        assertThat(dir.resolve("accuracy-vs-cycles-equal-area-6bit.png")).exists();
    }

    @Test
    void theNonzeroPairsOfARunAreTheSumOverItsLayers() throws Exception {
        TermRevealingReproduction.Plan plan = new TermRevealingReproduction.Plan(List.of(6), List.of(3), List.of(8));
        Reproductions.Outcome outcome = TermRevealingReproduction.run(HOME, folder(), "test", 10, s -> { }, plan);
        for (Reproductions.Row row : outcome.rows()) {
            NonzeroTermPairs sum = row.result().layers().stream().map(l -> l.nonzeroTermPairs())
                    .reduce(NonzeroTermPairs.NONE, NonzeroTermPairs::plus);
            assertThat(row.result().nonzeroTermPairs()).isEqualTo(sum);
            assertThat(sum.hese()).isPositive().isLessThanOrEqualTo(sum.binary() * 2);
        }
    }
}
