package dev.qasim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qasim.arith.OverflowPolicy;
import dev.qasim.config.ArchConfig;
import dev.qasim.config.Dataflow;
import dev.qasim.config.PeKind;
import dev.qasim.config.TermsConfig;
import dev.qasim.terms.Encoding;
import dev.qasim.workload.Gemm;
import dev.qasim.workload.IntTensor;
import dev.qasim.workload.Layer;
import dev.qasim.workload.LayerSpec;
import dev.qasim.workload.LayerValues;
import dev.qasim.workload.Lowered;
import dev.qasim.workload.Operand;
import dev.qasim.workload.ValueSource;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The term-serial timing rules of docs/timing.md, on its worked example and on random layers. */
class TermSerialTimingTest {

    /** docs/timing.md: GEMM M=2, N=2, K=4 on a 2x2 ws array, g = 2, HESE, back-to-back folds. */
    static Lowered workedExample() {
        IntTensor w = new IntTensor(new int[] {4, 2}, new int[] {1, 3, 2, 7, 5, 0, 4, 6});
        IntTensor x = new IntTensor(new int[] {2, 4}, new int[] {1, 3, 0, 2, 7, 1, 1, 0});
        Layer gemm = new Gemm(new LayerSpec("example", Operand.signed(4), Operand.unsigned(3), true,
                new ValueSource.Given(w, x)), 2, 2, 4);
        return new Lowered(gemm, LayerValues.checked(gemm, w, x));
    }

    static ArchConfig example(Integer budget, Integer dataTerms) {
        return SerialEngineTest.termArch(2, 2, Dataflow.WS, false, 16, OverflowPolicy.WRAP,
                new TermsConfig(Encoding.HESE, Encoding.HESE, 2, budget, dataTerms, 1));
    }

    @Test
    void workedExampleWithoutABudgetTakes20CyclesAsTheBusiestPeOfEachBeatNeeds() {
        ArrayRun run = new SteppedEngine().run(example(null, null), workedExample(), EngineOptions.defaults());
        // beats 0-1 preload (1 cycle each); beat 2: PE(0,0) 3 pairs + 2 encoder cycles; beat 3: max(3, 6, 1) = 6;
        // beat 4: max(6, 2, 2) = 6; beat 5: PE(1,1) has no pair, at least 1 cycle
        assertThat(run.computeCycles()).isEqualTo(1 + 1 + (2 + 3) + 6 + 6 + 1);
        assertThat(run.termCounts()).isEqualTo(new TermCounts(23, 3 + 18 + 18 + 1, 6));
        assertThat(run.outputArray()).containsExactly(15, 36, 14, 28);
        assertThat(new FastEngine().run(example(null, null), workedExample(), EngineOptions.defaults()).computeCycles())
                .isEqualTo(20);
    }

    @Test
    void workedExampleWithABudgetTakesExactlyCeilKsOverTermPairsPerCycleEveryBeat() {
        ArrayRun run = new SteppedEngine().run(example(2, 2), workedExample(), EngineOptions.defaults());
        assertThat(run.computeCycles()).isEqualTo(6 * 4 + SerialPe.ENCODER_LATENCY_CYCLES);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dataflow.class)
    void budgetSynchronousBeatsMakeCyclesTheBeatScheduleTimesTheBeatPlusTheEncoderLatency(Dataflow dataflow) {
        SplittableRandom r = new SplittableRandom(7170 + dataflow.ordinal());
        for (int trial = 0; trial < 40; trial++) {
            int k = 1 + r.nextInt(12);
            int s = 1 + r.nextInt(4);
            int tpc = 1 + r.nextInt(3);
            TermsConfig terms = new TermsConfig(Encoding.HESE, Encoding.HESE, 1 + r.nextInt(8), k, s, tpc);
            ArchConfig arch = SerialEngineTest.termArch(1 + r.nextInt(6), 1 + r.nextInt(6), dataflow, r.nextBoolean(), 32,
                    OverflowPolicy.WRAP, terms);
            Layer layer = TestLayers.random(r, "b" + trial);
            Mapping beats = Mapping.forLayer(arch, layer);
            long expected = beats.computeCycles() * ((k * s + tpc - 1) / tpc)
                    + (long) beats.folds() * SerialPe.ENCODER_LATENCY_CYCLES;
            ArrayRun run = new SteppedEngine().run(arch, TestLayers.lowered(layer), EngineOptions.defaults());
            assertThat(run.computeCycles()).as(arch.terms() + " " + layer).isEqualTo(expected);
            assertThat(FastEngine.timingOnly(arch, layer).computeCycles()).isEqualTo(expected);
            assertThat(run.termCounts().pairs()).isLessThanOrEqualTo(run.termCounts().slots());
        }
    }

    @Test
    void aLayerThatKeepsEveryTermRunsDataDependentBeatsEvenWithABudget() {
        IntTensor w = new IntTensor(new int[] {4, 2}, new int[] {1, 3, 2, 7, 5, 0, 4, 6});
        IntTensor x = new IntTensor(new int[] {2, 4}, new int[] {1, 3, 0, 2, 7, 1, 1, 0});
        Layer unrevealed = new Gemm(new LayerSpec("first", Operand.signed(4), Operand.unsigned(3), false,
                new ValueSource.Given(w, x)), 2, 2, 4);
        ArrayRun run = new SteppedEngine().run(example(2, 1), new Lowered(unrevealed, LayerValues.checked(unrevealed, w, x)),
                EngineOptions.defaults());
        assertThat(run.computeCycles()).isEqualTo(20); // as without a budget: all terms, exact outputs
        assertThat(run.outputArray()).containsExactly(15, 36, 14, 28);
    }

    /** docs/timing.md: GEMM M=2, N=2, K=2, weights [[1, 3], [2, 7]], 3-bit data [[1, 3], [7, 1]], 2x2 ws, back to back. */
    static Lowered bitSerialExample() {
        IntTensor w = new IntTensor(new int[] {2, 2}, new int[] {1, 3, 2, 7});
        IntTensor x = new IntTensor(new int[] {2, 2}, new int[] {1, 3, 7, 1});
        Layer gemm = new Gemm(new LayerSpec("example", Operand.signed(4), Operand.unsigned(3), true,
                new ValueSource.Given(w, x)), 2, 2, 2);
        return new Lowered(gemm, LayerValues.checked(gemm, w, x));
    }

    @Test
    void workedExampleOnBitSerialPesTakesThreeCyclesPerBeatOrAsManyAsTheMostOneBits() {
        TermsConfig unused = new TermsConfig(Encoding.HESE, Encoding.HESE, 8, null, null, 1);
        ArchConfig stripes = SerialEngineTest.serialArch(PeKind.BIT_SERIAL, 2, 2, Dataflow.WS, false, 16, OverflowPolicy.WRAP, unused);
        ArchConfig pragmatic = SerialEngineTest.serialArch(PeKind.BIT_SERIAL_ZERO_SKIP, 2, 2, Dataflow.WS, false, 16,
                OverflowPolicy.WRAP, unused);
        for (Engine engine : new Engine[] {new SteppedEngine(), new FastEngine()}) {
            ArrayRun s = engine.run(stripes, bitSerialExample(), EngineOptions.defaults());
            assertThat(s.computeCycles()).isEqualTo(6 * 3 + SerialPe.ENCODER_LATENCY_CYCLES);
            assertThat(s.outputArray()).containsExactly(7, 24, 9, 28);
            ArrayRun p = engine.run(pragmatic, bitSerialExample(), EngineOptions.defaults());
            // beats: 1, 1 (preload), 2 + 1 (encoders; x = 1), max(3, 1, 2) = 3, max(3, 1, 2) = 3, 1
            assertThat(p.computeCycles()).isEqualTo(12);
            assertThat(p.termCounts().pairs()).isEqualTo(1 + 2 + 3 + 1 + 1 + 2 + 3 + 1); // one-bits of x, once per column
            assertThat(p.outputArray()).containsExactly(7, 24, 9, 28);
        }
    }
}
