package dev.qasim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qasim.arith.OverflowPolicy;
import dev.qasim.config.ArchConfig;
import dev.qasim.config.ArrayConfig;
import dev.qasim.config.Dataflow;
import dev.qasim.config.EnergyConfig;
import dev.qasim.config.MemoryConfig;
import dev.qasim.config.PeConfig;
import dev.qasim.config.PeKind;
import dev.qasim.config.TermsConfig;
import dev.qasim.terms.Encoding;
import dev.qasim.workload.Layer;
import dev.qasim.workload.Lowered;
import dev.qasim.workload.Reference;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TermSerialEngineTest {

    static ArchConfig termArch(int rows, int cols, Dataflow dataflow, boolean overlap, int accBits, OverflowPolicy policy,
                               TermsConfig terms) {
        return new ArchConfig("term", 150, new ArrayConfig(rows, cols, dataflow, overlap),
                new PeConfig(PeKind.TERM_SERIAL, 8, accBits, accBits, policy), terms,
                new MemoryConfig(64, 64, 64, Double.POSITIVE_INFINITY), new EnergyConfig(EnergyConfig.DEFAULT_TABLE));
    }

    static TermsConfig randomTerms(SplittableRandom r) {
        Encoding[] e = Encoding.values();
        Integer budget = r.nextInt(3) == 0 ? null : r.nextInt(12);
        Integer s = r.nextInt(3) == 0 ? null : 1 + r.nextInt(4);
        return new TermsConfig(e[r.nextInt(e.length)], e[r.nextInt(e.length)], 1 + r.nextInt(5), budget, s, 1 + r.nextInt(3));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dataflow.class)
    void fastTermSerialEngineEqualsTheSteppedModel(Dataflow dataflow) {
        SplittableRandom r = new SplittableRandom(5150 + dataflow.ordinal());
        int overflowing = 0;
        for (int trial = 0; trial < 120; trial++) {
            OverflowPolicy policy = r.nextBoolean() ? OverflowPolicy.WRAP : OverflowPolicy.SATURATE;
            ArchConfig arch = termArch(1 + r.nextInt(6), 1 + r.nextInt(6), dataflow, r.nextBoolean(), 6 + r.nextInt(12),
                    policy, randomTerms(r));
            Layer layer = TestLayers.random(r, "ts" + trial);
            Lowered l = TestLayers.lowered(layer);
            EngineOptions options = new EngineOptions(1 + r.nextInt(30), null);
            ArrayRun stepped = new SteppedEngine().run(arch, l, options);
            ArrayRun fast = new FastEngine().run(arch, l, options);
            String what = arch.array() + " " + arch.pe() + " " + arch.terms() + " " + layer;
            assertThat(fast.computeCycles()).as("cycles " + what).isEqualTo(stepped.computeCycles());
            assertThat(fast.macs()).as("macs " + what).isEqualTo(stepped.macs());
            assertThat(fast.termCounts()).as("terms " + what).isEqualTo(stepped.termCounts());
            assertThat(fast.overflowEvents()).as("events " + what).isEqualTo(stepped.overflowEvents());
            assertThat(fast.overflowedOutputs()).as("overflowed " + what).isEqualTo(stepped.overflowedOutputs());
            assertThat(fast.eventsPerChannel()).as("per channel " + what).containsExactly(stepped.eventsPerChannel());
            assertThat(fast.firstEvents()).as("first events " + what).isEqualTo(stepped.firstEvents());
            assertThat(fast.outputs()).as("outputs " + what).isEqualTo(stepped.outputs());
            assertThat(fast.streamStarts()).as("starts " + what).containsExactly(stepped.streamStarts());
            assertThat(fast.minPartialSum()).as("min " + what).isEqualTo(stepped.minPartialSum());
            assertThat(fast.maxPartialSum()).as("max " + what).isEqualTo(stepped.maxPartialSum());
            overflowing += stepped.overflowEvents() > 0 ? 1 : 0;
        }
        assertThat(overflowing).isGreaterThan(15);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dataflow.class)
    void withoutOverflowOutputsAreTheExactProductsOfTheRevealedWeightsAndTruncatedData(Dataflow dataflow) {
        SplittableRandom r = new SplittableRandom(6160 + dataflow.ordinal());
        for (int trial = 0; trial < 60; trial++) {
            ArchConfig arch = termArch(1 + r.nextInt(5), 1 + r.nextInt(5), dataflow, r.nextBoolean(), 48,
                    OverflowPolicy.WRAP, randomTerms(r));
            Layer layer = TestLayers.random(r, "tx" + trial);
            Lowered l = TestLayers.lowered(layer);
            ArrayRun run = new SteppedEngine().run(arch, l, EngineOptions.defaults());
            assertThat(run.outputs()).isEqualTo(Reference.outputs(layer, run.arrayValues()));
            assertThat(new FastEngine().run(arch, l, EngineOptions.defaults()).outputs()).isEqualTo(run.outputs());
        }
    }

    @org.junit.jupiter.api.Test
    void theSpecsRevealingExampleRunsThroughTheArray() {
        // docs/term-revealing.md: g = 4, [13, 5, -3, 2] keeps +16 -4, +4, -4 with k = 4 ([12, 4, -4, 0]) and
        // [12, 4, 0, 0] with k = 3; data all 1, so the output is the revealed weights' sum
        for (int[] kAndSum : new int[][] {{4, 12}, {3, 16}, {16, 17}}) {
            dev.qasim.workload.IntTensor w = new dev.qasim.workload.IntTensor(new int[] {1, 4}, new int[] {13, 5, -3, 2});
            dev.qasim.workload.IntTensor x = new dev.qasim.workload.IntTensor(new int[] {1, 4}, new int[] {1, 1, 1, 1});
            Layer fc = new dev.qasim.workload.FullyConnected(new dev.qasim.workload.LayerSpec("fc", dev.qasim.workload.Operand.signed(5),
                    dev.qasim.workload.Operand.unsigned(1), true, new dev.qasim.workload.ValueSource.Given(w, x)), 1, 4, 1);
            Lowered l = new Lowered(fc, dev.qasim.workload.LayerValues.checked(fc, w, x));
            ArchConfig arch = termArch(2, 2, Dataflow.WS, true, 16, OverflowPolicy.WRAP,
                    new TermsConfig(Encoding.HESE, Encoding.HESE, 4, kAndSum[0], null, 1));
            assertThat(new SteppedEngine().run(arch, l, EngineOptions.defaults()).outputs()).containsExactly(kAndSum[1]);
            assertThat(new FastEngine().run(arch, l, EngineOptions.defaults()).outputs()).containsExactly(kAndSum[1]);
        }
    }

    @org.junit.jupiter.api.Test
    void dataAreTruncatedToTheirLeadingTermsByTheEdgeEncoders() {
        // 119 = +2^7 -2^4 +2^3 -2^0 in HESE: s = 2 keeps 128 - 16 = 112
        dev.qasim.workload.IntTensor w = new dev.qasim.workload.IntTensor(new int[] {1, 1}, new int[] {1});
        dev.qasim.workload.IntTensor x = new dev.qasim.workload.IntTensor(new int[] {1, 1}, new int[] {119});
        Layer fc = new dev.qasim.workload.FullyConnected(new dev.qasim.workload.LayerSpec("fc", dev.qasim.workload.Operand.signed(2),
                dev.qasim.workload.Operand.unsigned(7), true, new dev.qasim.workload.ValueSource.Given(w, x)), 1, 1, 1);
        Lowered l = new Lowered(fc, dev.qasim.workload.LayerValues.checked(fc, w, x));
        ArchConfig arch = termArch(1, 1, Dataflow.OS, true, 16, OverflowPolicy.WRAP,
                new TermsConfig(Encoding.HESE, Encoding.HESE, 1, 4, 2, 1));
        ArrayRun run = new FastEngine().run(arch, l, EngineOptions.defaults());
        assertThat(run.outputs()).containsExactly(112);
        assertThat(run.termCounts().pairs()).isEqualTo(2);
    }
}
