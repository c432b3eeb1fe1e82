package dev.qasim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qasim.arith.OverflowPolicy;
import dev.qasim.config.ArchConfig;
import dev.qasim.config.Dataflow;
import dev.qasim.config.PeKind;
import dev.qasim.config.TermsConfig;
import dev.qasim.terms.Encoding;
import dev.qasim.workload.Layer;
import dev.qasim.workload.LayerValues;
import dev.qasim.workload.SyntheticValues;
import dev.qasim.workload.ValueSource;
import java.util.List;
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
            assertThat(Simulator.timingNeedsValues(arch, List.of(TestLayers.gemm(4, 4, 4)))).isNotNull();
            Simulator sim = new Simulator(arch, Engine.Kind.FAST, EngineOptions.defaults(), false);
            assertThatThrownBy(() -> sim.runTimingOnly(TestLayers.gemm(4, 4, 4))).isInstanceOf(IllegalStateException.class);
        }
        assertThat(Simulator.timingNeedsValues(TestLayers.arch(4, 4, Dataflow.WS, true, 16, OverflowPolicy.WRAP),
                List.of(TestLayers.gemm(4, 4, 4)))).isNull();
    }

    @Test
    void fixedBeatSerialPesRunShapeOnlyWithTheSameCyclesSlotsAndTraffic() {
        SplittableRandom r = new SplittableRandom(89);
        for (int trial = 0; trial < 40; trial++) {
            PeKind kind = trial % 2 == 0 ? PeKind.TERM_SERIAL : PeKind.BIT_SERIAL;
            TermsConfig terms = new TermsConfig(Encoding.HESE, Encoding.HESE, 1 + r.nextInt(6), 1 + r.nextInt(9),
                    1 + r.nextInt(3), 1 + r.nextInt(3));
            ArchConfig arch = SerialEngineTest.serialArch(kind, 1 + r.nextInt(6), 1 + r.nextInt(6), Dataflow.values()[trial % 3],
                    r.nextBoolean(), 8 + r.nextInt(20), OverflowPolicy.WRAP, terms);
            Layer layer = TestLayers.random(r, "t" + trial);
            assertThat(Simulator.timingNeedsValues(arch, List.of(layer))).isNull();
            Simulator sim = new Simulator(arch, Engine.Kind.FAST, EngineOptions.defaults(), false);
            LayerResult full = sim.runLayer(layer, SyntheticValues.generate(layer, (ValueSource.Synthetic) layer.spec().values()));
            LayerResult shape = sim.runTimingOnly(layer);
            assertThat(shape.computeCycles()).as(kind + " " + layer).isEqualTo(full.computeCycles());
            assertThat(shape.registerWriteBits()).isEqualTo(full.registerWriteBits());
            assertThat(shape.terms().slots()).isEqualTo(full.terms().slots());
            assertThat(shape.memory()).isEqualTo(full.memory());
        }
    }

    @Test
    void dataDependentBeatsCannotRunShapeOnlyAndSayWhichLayer() {
        TermsConfig noBudget = new TermsConfig(Encoding.HESE, Encoding.HESE, 4, null, null, 1);
        Layer gemm = TestLayers.gemm(4, 4, 4);
        for (PeKind kind : new PeKind[] {PeKind.TERM_SERIAL, PeKind.TERM_SERIAL_ZERO_SKIP, PeKind.BIT_SERIAL_ZERO_SKIP}) {
            ArchConfig arch = SerialEngineTest.serialArch(kind, 4, 4, Dataflow.WS, true, 16, OverflowPolicy.WRAP, noBudget);
            assertThat(Simulator.timingNeedsValues(arch, List.of(gemm))).as(kind.name()).contains("layer gemm");
        }
        // a budget, but a layer that keeps every term
        ArchConfig budget = SerialEngineTest.serialArch(PeKind.TERM_SERIAL, 4, 4, Dataflow.WS, true, 16, OverflowPolicy.WRAP,
                new TermsConfig(Encoding.HESE, Encoding.HESE, 4, 6, 2, 1));
        Layer kept = new dev.qasim.workload.Gemm(new dev.qasim.workload.LayerSpec("first", dev.qasim.workload.Operand.signed(8),
                dev.qasim.workload.Operand.unsigned(8), false, gemm.spec().values()), 4, 4, 4);
        assertThat(Simulator.timingNeedsValues(budget, List.of(gemm))).isNull();
        assertThat(Simulator.timingNeedsValues(budget, List.of(gemm, kept))).contains("layer first", "termRevealing: false");
    }
}
