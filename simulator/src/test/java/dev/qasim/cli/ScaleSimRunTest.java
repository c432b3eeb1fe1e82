package dev.qasim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qasim run} with a SCALE-Sim configuration and topology, writing SCALE-Sim's reports. */
class ScaleSimRunTest {
    static final Path HOME = Path.of(System.getProperty("qasim.home", ".."));

    @TempDir
    Path dir;

    @Test
    void alexnetConv1GivesTheFiguresOfScaleSimsOwnTestRun() throws IOException {
        // SCALE-Sim v3's repository, test/general/golden_trace_calc: AlexNet's Conv1 (224x224x3, 96 11x11 filters, stride
        // 4) on a 32x32 weight-stationary array in CALC mode. Its compute report line and its SRAM columns, as it wrote them
        Path topology = Files.writeString(dir.resolve("alexnet.csv"),
                "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\nConv1, 224, 224, 11, 11, 3, 96, 4,\n");
        Path out = dir.resolve("out");
        CliTest.Run r = CliTest.qasim("run", "--arch", HOME.resolve("arch-configs/scalesim/parity-32x32-ws.cfg").toString(),
                "--workload", topology.toString(), "--output-size", "scalesim", "--scalesim-report", "v3", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readAllLines(out.resolve("COMPUTE_REPORT.csv"))).element(1).asString()
                .startsWith("0, ").endsWith(", 112283, 0, 91.68309650614964, 94.53125, 90.78000992063485,");
        assertThat(Files.readAllLines(out.resolve("DETAILED_ACCESS_REPORT.csv")).get(1))
                .startsWith("0, 33.0, 112176.0, 3294225, 1.0, 109197.0, 34848, 63.0, 112283.0, 3484800, ");
        assertThat(Files.readAllLines(out.resolve("BANDWIDTH_REPORT.csv")).get(1))
                .startsWith("0, 29.338590881967885, 0.31035864734643714, 31.035864734643713, ");
        assertThat(Files.readAllLines(out.resolve("COMPUTE_REPORT.csv")).get(0)).isEqualTo("LayerID, Total Cycles (incl. prefetch),"
                + " Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, Compute Util %,");
    }

    @Test
    void theResnet18TopologyWithAScaleSimConfigWritesTheThreeV2ReportsAndItsNotes() throws IOException {
        Path out = dir.resolve("resnet");
        CliTest.Run r = CliTest.qasim("run", "--arch", HOME.resolve("arch-configs/scalesim/parity-32x32-ws.cfg").toString(),
                "--workload", HOME.resolve("workloads/scalesim-resnet18.csv").toString(), "--output-size", "scalesim",
                "--scalesim-report", "--out", out.toString(), "--no-check");
        assertThat(r.code()).as(r.err()).isZero();
        for (String f : List.of("COMPUTE_REPORT.csv", "BANDWIDTH_REPORT.csv", "DETAILED_ACCESS_REPORT.csv")) {
            assertThat(Files.readAllLines(out.resolve(f))).as(f).hasSize(22);
        }
        assertThat(Files.readAllLines(out.resolve("COMPUTE_REPORT.csv")).get(0))
                .isEqualTo("LayerID, Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, Compute Util %,");
        assertThat(Files.readString(out.resolve("provenance.json"))).contains("COMPUTE_REPORT.csv", "DETAILED_ACCESS_REPORT.csv");
        assertThat(Files.readString(out.resolve("report.md"))).contains("read as a SCALE-Sim configuration")
                .contains("IfmapOffset, FilterOffset, OfmapOffset without effect");
    }

    @Test
    void aTopologyLayerTooLargeForValuesRunsShapeOnlyBesideTheOthers() throws IOException {
        Path topology = Files.writeString(dir.resolve("unet.csv"), "Layer,M,N,K\nConv9a,3481956,64,1152\nsmall,64,64,64\n");
        Path out = dir.resolve("unet");
        CliTest.Run r = CliTest.qasim("run", "--arch", HOME.resolve("arch-configs/scalesim-parity-32x32-ws.yaml").toString(),
                "--workload", topology.toString(), "--out", out.toString(), "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        var report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("report.json").toFile());
        var big = report.get("layers").get(0);
        // the closed form of back-to-back ws folds: F (2R + C + T - 2), F = ceil(1152 / 32) ceil(64 / 32)
        assertThat(big.get("computeCycles").asLong()).isEqualTo(36L * 2 * (64 + 32 + 3481956 - 2));
        assertThat(big.get("output").get("checked").asBoolean()).isFalse();
        assertThat(report.get("layers").get(1).get("output").get("bitExact").asBoolean()).isTrue();
        assertThat(report.get("notes").toString()).contains("Conv9a: the data tensor [3481956, 1152] is too large", "runs shape-only");
    }
}
