package dev.qasim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qasim.arith.OverflowPolicy;
import dev.qasim.config.ArchConfig;
import dev.qasim.config.Dataflow;
import dev.qasim.workload.Layer;
import dev.qasim.workload.LayerValues;
import dev.qasim.workload.SyntheticValues;
import dev.qasim.workload.ValueSource;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimingOnlyTest {

    @Test
    void aShapeOnlyRunGivesTheSameCyclesCountsAndTrafficAsARunWithValues() {
        SplittableRandom r = new SplittableRandom(88);
        for (int trial = 0; trial < 60; trial++) {
            OverflowPolicy policy = r.nextBoolean() ? OverflowPolicy.WRAP : OverflowPolicy.SATURATE;
            ArchConfig arch = TestLayers.arch(1 + r.nextInt(8), 1 + r.nextInt(8), Dataflow.values()[trial % 3], r.nextBoolean(),
                    8 + r.nextInt(20), policy, 1 + r.nextInt(3));
            Layer layer = TestLayers.random(r, "s" + trial);
            LayerValues values = SyntheticValues.generate(layer, (ValueSource.Synthetic) layer.spec().values());
            Simulator sim = new Simulator(arch, Engine.Kind.FAST, EngineOptions.defaults(), false);
            LayerResult full = sim.runLayer(layer, values);
            LayerResult shape = sim.runTimingOnly(layer);
            assertThat(shape.cycles()).isEqualTo(full.cycles());
            assertThat(shape.computeCycles()).isEqualTo(full.computeCycles());
            assertThat(shape.macs()).isEqualTo(full.macs());
            assertThat(shape.registerWriteBits()).isEqualTo(full.registerWriteBits());
            assertThat(shape.memory()).isEqualTo(full.memory());
            assertThat(shape.valuesSimulated()).isFalse();
            assertThat(shape.bounds().dataTypeBits()).isEqualTo(full.bounds().dataTypeBits());
        }
    }

    @Test
    void policiesWhoseTimingDependsOnValuesCannotRunShapeOnly() {
        for (OverflowPolicy p : new OverflowPolicy[] {OverflowPolicy.TRAP, OverflowPolicy.WIDEN_REPLAY}) {
            ArchConfig arch = TestLayers.arch(4, 4, Dataflow.WS, true, 16, p);
            assertThat(Simulator.timingNeedsValues(arch)).isNotNull();
            Simulator sim = new Simulator(arch, Engine.Kind.FAST, EngineOptions.defaults(), false);
            assertThatThrownBy(() -> sim.runTimingOnly(TestLayers.gemm(4, 4, 4))).isInstanceOf(IllegalStateException.class);
        }
        assertThat(Simulator.timingNeedsValues(TestLayers.arch(4, 4, Dataflow.WS, true, 16, OverflowPolicy.WRAP))).isNull();
    }
}
