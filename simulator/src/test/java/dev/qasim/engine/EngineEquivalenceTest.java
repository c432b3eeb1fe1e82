package dev.qasim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qasim.arith.AccumulatorSpec;
import dev.qasim.arith.OverflowPolicy;
import dev.qasim.config.ArchConfig;
import dev.qasim.config.Dataflow;
import dev.qasim.workload.Layer;
import dev.qasim.workload.Lowered;
import dev.qasim.workload.Reference;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EngineEquivalenceTest {
    private static final OverflowPolicy[] POLICIES = OverflowPolicy.values();

    static void assertSameRun(ArrayRun fast, ArrayRun stepped, String what) {
        // the parts one by one, for a message that says which differs; then the whole (records with wrapped arrays)
        assertThat(fast.computeCycles()).as("cycles " + what).isEqualTo(stepped.computeCycles());
        assertThat(fast.macs()).as("macs " + what).isEqualTo(stepped.macs());
        assertThat(fast.overflow()).as("overflow events " + what).isEqualTo(stepped.overflow());
        assertThat(fast.outputs()).as("outputs " + what).isEqualTo(stepped.outputs());
        assertThat(fast.streamStarts()).as("fold starts " + what).isEqualTo(stepped.streamStarts());
        assertThat(fast.registerWriteBits()).as("register bits " + what).isEqualTo(stepped.registerWriteBits());
        assertThat(fast.partialSums()).as("partial sums " + what).isEqualTo(stepped.partialSums());
        assertThat(fast.replay()).as("replay " + what).isEqualTo(stepped.replay());
        assertThat(fast).as(what).isEqualTo(stepped);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dataflow.class)
    void fastEngineEqualsTheSteppedModelOnRandomLayersArraysAndNarrowAccumulators(Dataflow dataflow) {
        SplittableRandom r = new SplittableRandom(2026 + dataflow.ordinal());
        int overflowing = 0;
        int trapped = 0;
        int replayed = 0;
        for (int trial = 0; trial < 300; trial++) {
            OverflowPolicy policy = POLICIES[trial % POLICIES.length];
            int accBits = 5 + r.nextInt(10); // narrow enough that many layers overflow
            ArchConfig arch = TestLayers.arch(1 + r.nextInt(7), 1 + r.nextInt(7), dataflow, r.nextBoolean(), accBits, policy,
                    1 + r.nextInt(3));
            Layer layer = TestLayers.random(r, "t" + trial);
            Lowered lowered = TestLayers.lowered(layer);
            EngineOptions options = new EngineOptions(1 + r.nextInt(40), null);
            ArrayRun stepped = new SteppedEngine().run(arch, lowered, options);
            ArrayRun fast = new FastEngine().run(arch, lowered, options);
            assertSameRun(fast, stepped, arch.array() + " " + arch.pe() + " " + layer);
            overflowing += stepped.overflowEvents() > 0 ? 1 : 0;
            trapped += stepped.trapped() ? 1 : 0;
            replayed += stepped.replay().foldsReplayed() > 0 ? 1 : 0;
        }
        assertThat(overflowing).as("trials that overflowed").isGreaterThan(50);
        assertThat(trapped).as("trials that trapped").isGreaterThan(10);
        assertThat(replayed).as("trials that replayed folds").isGreaterThan(10);
    }

    @Test
    void layersOfFewRowsSplitByColumnsAsWellEqualTheSteppedModel() {
        SplittableRandom r = new SplittableRandom(1717);
        int overflowing = 0;
        for (int trial = 0; trial < 60; trial++) {
            OverflowPolicy policy = POLICIES[trial % POLICIES.length];
            // wide accumulators put whole blocks on the vector kernel, narrow ones on the checked kernel or the scalar path
            int accBits = trial % 3 == 0 ? 32 : 6 + r.nextInt(10);
            ArchConfig arch = TestLayers.arch(1 + r.nextInt(9), 1 + r.nextInt(9), Dataflow.values()[trial % 3], r.nextBoolean(),
                    accBits, policy, 1 + r.nextInt(3));
            Layer layer = TestLayers.wide(r, "w" + trial);
            Lowered lowered = TestLayers.lowered(layer);
            EngineOptions options = new EngineOptions(1 + r.nextInt(40), null);
            ArrayRun stepped = new SteppedEngine().run(arch, lowered, options);
            assertSameRun(new FastEngine().run(arch, lowered, options), stepped, arch.array() + " " + arch.pe() + " " + layer);
            assertSameRun(new FastEngine(true, 0).run(arch, lowered, options), stepped, "a block at a time " + layer);
            overflowing += stepped.overflowEvents() > 0 ? 1 : 0;
        }
        assertThat(overflowing).as("trials that overflowed").isGreaterThan(15);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dataflow.class)
    void withoutOverflowBothEnginesEqualTheDirectLoopOracleBitForBit(Dataflow dataflow) {
        SplittableRandom r = new SplittableRandom(77 + dataflow.ordinal());
        for (int trial = 0; trial < 60; trial++) {
            ArchConfig arch = TestLayers.arch(1 + r.nextInt(6), 1 + r.nextInt(6), dataflow, r.nextBoolean(), 40,
                    OverflowPolicy.SATURATE, 1 + r.nextInt(3));
            Layer layer = TestLayers.random(r, "o" + trial);
            Lowered lowered = TestLayers.lowered(layer);
            long[] exact = Reference.outputs(layer, lowered.values());
            ArrayRun stepped = new SteppedEngine().run(arch, lowered, EngineOptions.defaults());
            assertThat(stepped.outputArray()).isEqualTo(exact);
            assertThat(stepped.overflowEvents()).isZero();
            assertThat(new FastEngine().run(arch, lowered, EngineOptions.defaults()).outputArray()).isEqualTo(exact);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = OverflowPolicy.class, names = {"WRAP", "SATURATE"})
    void steppedOutputsEqualAnIndependentReplayOfEachChainInKOrder(OverflowPolicy policy) {
        SplittableRandom r = new SplittableRandom(99 + policy.ordinal());
        for (int trial = 0; trial < 40; trial++) {
            Dataflow dataflow = Dataflow.values()[trial % 3];
            int accBits = 7 + r.nextInt(8);
            ArchConfig arch = TestLayers.arch(1 + r.nextInt(5), 1 + r.nextInt(5), dataflow, r.nextBoolean(), accBits, policy,
                    1 + r.nextInt(3));
            Layer layer = TestLayers.random(r, "c" + trial);
            Lowered lowered = TestLayers.lowered(layer);
            ArrayRun stepped = new SteppedEngine().run(arch, lowered, EngineOptions.defaults());
            AccumulatorSpec spec = AccumulatorSpec.of(accBits, policy);
            int m = lowered.form().m();
            int n = lowered.form().n();
            int k = lowered.form().k();
            long events = 0;
            for (int g = 0; g < lowered.form().groups(); g++) {
                int[] w = lowered.weightColumns(g);
                int[] x = new int[m * k];
                lowered.dataRows(g, 0, m, x);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        long v = 0;
                        for (int kk = 0; kk < k; kk++) {
                            long p = (long) x[i * k + kk] * w[j * k + kk];
                            events += spec.overflows(v, p) ? 1 : 0;
                            v = spec.add(v, p);
                        }
                        assertThat(stepped.outputs().get((int) lowered.outputIndex(g, i, j))).isEqualTo(v);
                    }
                }
            }
            assertThat(stepped.overflowEvents()).isEqualTo(events);
        }
    }
}
