package dev.qasim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qasim.arith.OverflowPolicy;
import dev.qasim.config.ArchConfig;
import dev.qasim.config.Dataflow;
import dev.qasim.quant.AccumulatorBounds;
import dev.qasim.workload.FullyConnected;
import dev.qasim.workload.IntTensor;
import dev.qasim.workload.Layer;
import dev.qasim.workload.LayerValues;
import dev.qasim.workload.Lowered;
import dev.qasim.workload.Reference;
import dev.qasim.workload.WorkloadLoader;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Tensors held compactly ({@link IntTensor#isCompact}) give the same runs as int tensors on every kernel of the fast
 * engine, the stepped model and the reference, and the paths that read a large layer never build its int array.
 */
class CompactTensorEngineTest {
    private static final OverflowPolicy[] POLICIES = OverflowPolicy.values();

    private static Lowered compact(Lowered l) {
        return new Lowered(l.layer(), new LayerValues(l.values().weights().compacted(), l.values().data().compacted()));
    }

    @Test
    void compactTensorsGiveTheSameRunsAsIntTensorsOnEveryKernelAndTheReference() {
        SplittableRandom r = new SplittableRandom(515);
        int overflowing = 0;
        for (int trial = 0; trial < 150; trial++) {
            OverflowPolicy policy = POLICIES[trial % POLICIES.length];
            // narrow (checked kernels, events) or wide (plain dot products)
            int accBits = trial % 2 == 0 ? 5 + r.nextInt(10) : 15 + r.nextInt(18);
            ArchConfig arch = TestLayers.arch(1 + r.nextInt(7), 1 + r.nextInt(7), Dataflow.values()[r.nextInt(3)], r.nextBoolean(),
                    accBits, policy, 1 + r.nextInt(3));
            Layer layer = TestLayers.random(r, "c" + trial);
            Lowered ints = TestLayers.lowered(layer);
            Lowered compact = compact(ints);
            EngineOptions options = new EngineOptions(1 + r.nextInt(40), null);
            String what = arch.pe() + " " + layer;
            ArrayRun stepped = new SteppedEngine().run(arch, ints, options);
            for (boolean vectors : new boolean[] {true, false}) {
                for (long wholeCopyLimit : new long[] {FastEngine.WHOLE_COPY_LIMIT, 0}) { // K-major whole, or a block at a time
                    String kernels = what + (vectors ? " vectors" : " scalar") + " limit " + wholeCopyLimit;
                    EngineEquivalenceTest.assertSameRun(new FastEngine(vectors, wholeCopyLimit).run(arch, compact, options), stepped, kernels);
                }
            }
            assertThat(NonzeroTermPairs.of(compact)).isEqualTo(NonzeroTermPairs.of(ints));
            assertThat(AccumulatorBounds.columnL1Norms(compact)).isEqualTo(AccumulatorBounds.columnL1Norms(ints));
            // the engine, its term pairs and bounds read the tensors through their accessors: no int array built
            assertThat(compact.values().weights().materializations()).as(what).isZero();
            assertThat(compact.values().data().materializations()).as(what).isZero();
            long[] exact = Reference.outputs(layer, ints.values());
            assertThat(Reference.outputs(layer, compact.values())).as(what).isEqualTo(exact);
            assertThat(Reference.outputs(layer, compact.values())).as(what).isEqualTo(exact);
            assertSameRun(new SteppedEngine().run(arch, compact, options), stepped, what);
            overflowing += stepped.overflowEvents() > 0 ? 1 : 0;
        }
        assertThat(overflowing).as("trials that overflowed").isGreaterThan(30);
    }

    private static void assertSameRun(ArrayRun a, ArrayRun b, String what) {
        EngineEquivalenceTest.assertSameRun(a, b, "stepped on compact tensors " + what);
    }

    @Test
    void aLargeFullyConnectedLayerDrawnCompactRunsWithoutEverBuildingItsIntArray() {
        // 4099 x 1025 8-bit weights: past the builder's threshold, so drawn into bytes; a batch of 2
        FullyConnected fc = new FullyConnected(TestLayers.spec("fc", 8, 8, true, 9), 2, 4099, 1025);
        LayerValues drawn = WorkloadLoader.values(fc);
        assertThat(drawn.weights().isCompact()).isTrue();
        LayerValues ints = new LayerValues(drawn.weights().expanded(), drawn.data().expanded());
        int expanding = drawn.weights().materializations();
        int checked = 0;
        for (int accBits : new int[] {32, 20, 16}) { // plain dot products, then the checked kernels with events
            for (OverflowPolicy policy : new OverflowPolicy[] {OverflowPolicy.WRAP, OverflowPolicy.SATURATE}) {
                ArchConfig arch = TestLayers.arch(16, 16, Dataflow.WS, true, accBits, policy);
                Simulator sim = new Simulator(arch, Engine.Kind.FAST, EngineOptions.defaults(), true);
                LayerResult compact = sim.runLayer(fc, drawn);
                assertThat(compact).usingRecursiveComparison().as("P=%d %s", accBits, policy).isEqualTo(sim.runLayer(fc, ints));
                checked += compact.overflow().events() > 0 ? 1 : 0;
            }
        }
        assertThat(checked).as("settings that overflowed").isGreaterThan(0);
        assertThat(drawn.weights().materializations()).as("int arrays built by the runs").isEqualTo(expanding);
    }
}
