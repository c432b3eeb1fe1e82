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

class SerialEngineTest {

    static ArchConfig termArch(int rows, int cols, Dataflow dataflow, boolean overlap, int accBits, OverflowPolicy policy,
                               TermsConfig terms) {
        return serialArch(PeKind.TERM_SERIAL, rows, cols, dataflow, overlap, accBits, policy, terms);
    }

    static ArchConfig serialArch(PeKind kind, int rows, int cols, Dataflow dataflow, boolean overlap, int accBits,
                                 OverflowPolicy policy, TermsConfig terms) {
        return new ArchConfig("serial", 150, new ArrayConfig(rows, cols, dataflow, overlap),
                new PeConfig(kind, 8, accBits, accBits, policy), terms,
                new MemoryConfig(64, 64, 64, Double.POSITIVE_INFINITY), new EnergyConfig(EnergyConfig.DEFAULT_TABLE));
    }

    /** The serial kinds (every kind but the MAC). */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> serialKindsAndDataflows() {
        return java.util.Arrays.stream(PeKind.values()).filter(k -> k != PeKind.MAC).flatMap(k ->
                java.util.Arrays.stream(Dataflow.values()).map(d -> org.junit.jupiter.params.provider.Arguments.of(k, d)));
    }

    /** Random terms settings a kind accepts (the zero-skip term MAC refuses a budget and data terms). */
    static TermsConfig randomTerms(SplittableRandom r, PeKind kind) {
        TermsConfig t = randomTerms(r);
        return kind == PeKind.TERM_SERIAL ? t
                : new TermsConfig(t.encoding(), t.dataEncoding(), t.groupSize(), null, null, t.termPairsPerCycle());
    }

    static TermsConfig randomTerms(SplittableRandom r) {
        Encoding[] e = Encoding.values();
        Integer budget = r.nextInt(3) == 0 ? null : r.nextInt(12);
        Integer s = r.nextInt(3) == 0 ? null : 1 + r.nextInt(4);
        return new TermsConfig(e[r.nextInt(e.length)], e[r.nextInt(e.length)], 1 + r.nextInt(5), budget, s, 1 + r.nextInt(3));
    }

    @ParameterizedTest(name = "{0} {1}")
    @org.junit.jupiter.params.provider.MethodSource("serialKindsAndDataflows")
    void fastSerialEngineEqualsTheSteppedModel(PeKind kind, Dataflow dataflow) {
        SplittableRandom r = new SplittableRandom(5150 + dataflow.ordinal() + 10L * kind.ordinal());
        int overflowing = 0;
        for (int trial = 0; trial < 120; trial++) {
            OverflowPolicy policy = r.nextBoolean() ? OverflowPolicy.WRAP : OverflowPolicy.SATURATE;
            ArchConfig arch = serialArch(kind, 1 + r.nextInt(6), 1 + r.nextInt(6), dataflow, r.nextBoolean(), 6 + r.nextInt(12),
                    policy, randomTerms(r, kind));
            Layer layer = TestLayers.random(r, "ts" + trial);
            Lowered l = TestLayers.lowered(layer);
            EngineOptions options = new EngineOptions(1 + r.nextInt(30), null);
            ArrayRun stepped = new SteppedEngine().run(arch, l, options);
            ArrayRun fast = new FastEngine().run(arch, l, options);
            String what = arch.array() + " " + arch.pe() + " " + arch.terms() + " " + layer;
            EngineEquivalenceTest.assertSameRun(fast, stepped, what);
            assertThat(fast.termCounts()).as("terms " + what).isEqualTo(stepped.termCounts());
            assertThat(fast.arrayValues().weights().data()).as("array weights " + what)
                    .isEqualTo(stepped.arrayValues().weights().data());
            assertThat(fast.arrayValues().data().data()).as("array data " + what).isEqualTo(stepped.arrayValues().data().data());
            overflowing += stepped.overflowEvents() > 0 ? 1 : 0;
        }
        assertThat(overflowing).isGreaterThan(10);
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
            assertThat(run.outputArray()).isEqualTo(Reference.outputs(layer, run.arrayValues()));
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
            assertThat(new SteppedEngine().run(arch, l, EngineOptions.defaults()).outputArray()).containsExactly(kAndSum[1]);
            assertThat(new FastEngine().run(arch, l, EngineOptions.defaults()).outputArray()).containsExactly(kAndSum[1]);
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
        assertThat(run.outputArray()).containsExactly(112);
        assertThat(run.termCounts().pairs()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dataflow.class)
    void aBitSerialArrayTakesTheDataWidthInCyclesPerMacAndComputesExactProducts(Dataflow dataflow) {
        SplittableRandom r = new SplittableRandom(7170 + dataflow.ordinal());
        for (int trial = 0; trial < 40; trial++) {
            ArchConfig arch = serialArch(PeKind.BIT_SERIAL, 1 + r.nextInt(5), 1 + r.nextInt(5), dataflow, r.nextBoolean(), 48,
                    OverflowPolicy.WRAP, randomTerms(r, PeKind.BIT_SERIAL));
            Layer layer = TestLayers.random(r, "bs" + trial);
            Lowered l = TestLayers.lowered(layer);
            Mapping mac = Mapping.of(arch.array(), 1, layer.matrixForm());
            long expected = mac.computeCycles() * layer.spec().data().bits() + (long) mac.folds() * SerialPe.ENCODER_LATENCY_CYCLES;
            for (Engine engine : new Engine[] {new SteppedEngine(), new FastEngine()}) {
                ArrayRun run = engine.run(arch, l, EngineOptions.defaults());
                assertThat(run.computeCycles()).as(layer + " " + arch.array()).isEqualTo(expected);
                assertThat(run.outputArray()).isEqualTo(Reference.outputs(layer, l.values()));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = PeKind.class, names = {"TERM_SERIAL_ZERO_SKIP", "BIT_SERIAL_ZERO_SKIP"})
    void onOnePeEveryBeatOfAZeroSkippingPeLastsAsLongAsItsNonzeroPairs(PeKind kind) {
        // one output-stationary PE: every beat is one group step of one output, in (m, n, group) order
        SplittableRandom r = new SplittableRandom(8180 + kind.ordinal());
        for (int trial = 0; trial < 40; trial++) {
            TermsConfig terms = randomTerms(r, kind);
            ArchConfig arch = serialArch(kind, 1, 1, Dataflow.OS, true, 48, OverflowPolicy.WRAP, terms);
            Layer layer = TestLayers.random(r, "zs" + trial);
            Lowered l = TestLayers.lowered(layer);
            boolean bits = kind == PeKind.BIT_SERIAL_ZERO_SKIP;
            int g = bits ? 1 : terms.groupSize();
            int tpc = bits ? 1 : terms.termPairsPerCycle();
            GroupStarts groups = Mapping.groupStarts(layer, g);
            var form = layer.matrixForm();
            long expected = 0;
            for (int gr = 0; gr < form.groups(); gr++) {
                int[] w = l.weightColumns(gr);
                int[] x = new int[form.m() * form.k()];
                l.dataRows(gr, 0, form.m(), x);
                for (int m = 0; m < form.m(); m++) {
                    for (int n = 0; n < form.n(); n++) {
                        for (int q = 0; q < groups.count(); q++) {
                            long pairs = 0;
                            for (int k = groups.start(q); k < groups.start(q + 1); k++) {
                                long dataTerms = bits ? Long.bitCount(Math.abs((long) x[m * form.k() + k]))
                                        : terms.dataEncoding().encoder().count(x[m * form.k() + k]);
                                long weightParts = bits ? 1 : terms.encoding().encoder().count(w[n * form.k() + k]);
                                pairs += dataTerms * weightParts;
                            }
                            expected += Math.max(1, (pairs + tpc - 1) / tpc);
                        }
                    }
                }
            }
            expected += (long) form.groups() * form.m() * form.n() * SerialPe.ENCODER_LATENCY_CYCLES; // one fold per output
            for (Engine engine : new Engine[] {new SteppedEngine(), new FastEngine()}) {
                ArrayRun run = engine.run(arch, l, EngineOptions.defaults());
                assertThat(run.computeCycles()).as(layer + " " + terms).isEqualTo(expected);
                assertThat(run.outputArray()).isEqualTo(Reference.outputs(layer, l.values()));
            }
        }
    }

    @org.junit.jupiter.api.Test
    void aDataTermLimitThatTruncatesNoValueIsSaidNotSilentlyANoOp() {
        Layer u8 = TestLayers.gemm(4, 4, 4); // unsigned 8-bit data: at most 6 HESE terms
        Layer s8 = new dev.qasim.workload.Gemm(TestLayers.spec("s8", 8, 8, true, 1), 4, 4, 4); // at most 5
        for (int s = 4; s <= 7; s++) {
            ArchConfig arch = termArch(4, 4, Dataflow.WS, true, 32, OverflowPolicy.WRAP,
                    new TermsConfig(Encoding.HESE, Encoding.HESE, 8, 12, s, 1));
            assertThat(Simulator.layerNotes(arch, java.util.List.of(u8))).as("u8, s = " + s).hasSize(s >= 6 ? 1 : 0);
            assertThat(Simulator.layerNotes(arch, java.util.List.of(s8))).as("s8, s = " + s).hasSize(s >= 5 ? 1 : 0);
        }
        ArchConfig six = termArch(4, 4, Dataflow.WS, true, 32, OverflowPolicy.WRAP, new TermsConfig(Encoding.HESE, Encoding.HESE, 8, 12, 6, 1));
        assertThat(Simulator.layerNotes(six, java.util.List.of(u8)))
                .containsExactly("layer gemm: terms.dataTerms = 6 truncates no value: a u8 value has at most 6 hese terms");
    }
}
