package dev.qasim.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.qasim.energy.EnergyEvent;
import dev.qasim.model.ops.PpuStats;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The post-processing unit's work of a model run, every counted event priced. */
class PostProcessingEnergyTest {

    @Test
    void theUnitsMultipliesArePricedAsThe32BitMultiplyOfTheSourceAndItsLaneOperationsAs32BitAdditions() {
        RunReport r = HtmlReportTest.report("arch-configs/tpu-like-int8.yaml", "workloads/models/mlp-784-512-512-10-mnist.onnx",
                List.of());
        // the quantized MLP: its 784 inputs quantized (a division by the scale each), then every output of its three
        // layers (512, 512, 10) requantized by a fixed-point multiplier
        long multiplies = r.postProcessing().stream().mapToLong(PpuStats::multiplies).sum();
        assertThat(multiplies).isEqualTo(784 + 512 + 512 + 10);
        long laneOps = r.postProcessing().stream().mapToLong(PpuStats::laneOps).sum();
        EnergyEvent multiply = event(r, "postProcessingMultiply");
        EnergyEvent laneOp = event(r, "postProcessingLaneOp");
        assertThat(multiply.count()).isEqualTo(multiplies);
        assertThat(multiply.pjEach()).isEqualTo(3.1); // Horowitz: a 32-bit integer multiply
        assertThat(laneOp.count()).isEqualTo(laneOps);
        assertThat(laneOp.pjEach()).isEqualTo(0.1); // a 32-bit add
        assertThat(r.energy().breakdownPj().get("postProcessing")).isEqualTo(multiplies * 3.1 + laneOps * 0.1, within(1e-9));
        // the array leaks while the unit works: its static power over the unit's cycles
        EnergyEvent leak = event(r, "sramLeakage");
        assertThat(leak.count()).isEqualTo(r.postCycles());
        assertThat(leak.pjEach()).isEqualTo(r.energy().staticPower().sramNw() / (1000 * 1000.0), within(1e-9));
        ReportDocument d = ReportEntries.document(r);
        assertThat(d.postProcessing()).extracting(ReportDocument.PostProcessing::multiplies).containsExactly(784L + 512, 512L, 10L);
    }

    private static EnergyEvent event(RunReport r, String name) {
        return r.energy().postProcessing().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }
}
