package dev.qasim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qasim.arith.OverflowPolicy;
import dev.qasim.config.ArchConfig;
import dev.qasim.config.Dataflow;
import dev.qasim.workload.Gemm;
import dev.qasim.workload.Layer;
import dev.qasim.workload.Lowered;
import dev.qasim.workload.Reference;
import dev.qasim.workload.Workload;
import dev.qasim.workload.WorkloadLoader;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** The MAC unit's overflow policies, lanes and bounds, each against an independent oracle. */
class MacUnitTest {
    static final Path HOME = Path.of(System.getProperty("qasim.home", ".."));

    /** Every output's chain replayed in K order in BigInteger, the policy applied by its definition. */
    private static long[] bigIntegerOracle(Lowered l, int bits, OverflowPolicy policy) {
        BigInteger modulus = BigInteger.ONE.shiftLeft(bits);
        BigInteger max = BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
        BigInteger min = max.negate().subtract(BigInteger.ONE);
        int m = l.form().m();
        int n = l.form().n();
        int k = l.form().k();
        long[] out = new long[(int) l.form().outputs()];
        for (int g = 0; g < l.form().groups(); g++) {
            int[] w = l.weightColumns(g);
            int[] x = new int[m * k];
            l.dataRows(g, 0, m, x);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    BigInteger v = BigInteger.ZERO;
                    for (int kk = 0; kk < k; kk++) {
                        v = v.add(BigInteger.valueOf((long) x[i * k + kk] * w[j * k + kk]));
                        if (policy == OverflowPolicy.SATURATE) {
                            v = v.max(min).min(max);
                        } else {
                            v = v.mod(modulus);
                            if (v.compareTo(max) > 0) {
                                v = v.subtract(modulus);
                            }
                        }
                    }
                    out[(int) l.outputIndex(g, i, j)] = v.longValueExact();
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = OverflowPolicy.class, names = {"WRAP", "SATURATE"})
    void wrapAndSaturateEqualABigIntegerOracleReplayingTheSameOrder(OverflowPolicy policy) {
        SplittableRandom r = new SplittableRandom(404 + policy.ordinal());
        for (int trial = 0; trial < 40; trial++) {
            int bits = 6 + r.nextInt(10);
            ArchConfig arch = TestLayers.arch(1 + r.nextInt(5), 1 + r.nextInt(5), Dataflow.values()[trial % 3], r.nextBoolean(),
                    bits, policy, 1 + r.nextInt(3));
            Lowered l = TestLayers.lowered(TestLayers.random(r, "b" + trial));
            long[] oracle = bigIntegerOracle(l, bits, policy);
            assertThat(new SteppedEngine().run(arch, l, EngineOptions.defaults()).outputArray()).isEqualTo(oracle);
            assertThat(new FastEngine().run(arch, l, EngineOptions.defaults()).outputArray()).isEqualTo(oracle);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dataflow.class)
    void trapStopsAtTheExactFirstEventInTime(Dataflow dataflow) {
        SplittableRandom r = new SplittableRandom(515 + dataflow.ordinal());
        int checked = 0;
        for (int trial = 0; trial < 40; trial++) {
            int bits = 6 + r.nextInt(6);
            int rows = 1 + r.nextInt(5);
            int cols = 1 + r.nextInt(5);
            boolean overlap = r.nextBoolean();
            int lanes = 1 + r.nextInt(2);
            Lowered l = TestLayers.lowered(TestLayers.random(r, "t" + trial));
            // every event of a wrapping run, in time order, from the register model
            ArrayRun wrap = new SteppedEngine().run(TestLayers.arch(rows, cols, dataflow, overlap, bits, OverflowPolicy.WRAP, lanes),
                    l, new EngineOptions(Integer.MAX_VALUE, null));
            ArrayRun trap = new SteppedEngine().run(TestLayers.arch(rows, cols, dataflow, overlap, bits, OverflowPolicy.TRAP, lanes),
                    l, new EngineOptions(Integer.MAX_VALUE, null));
            if (wrap.overflowEvents() == 0) {
                assertThat(trap.trapped()).isFalse();
                continue;
            }
            OverflowEvent first = wrap.firstEvents().get(0);
            // before it nothing overflowed, so place, time and values agree; a trap keeps the value before
            assertThat(trapped(trap.trap())).isEqualTo(trapped(first));
            assertThat(trap.trap().sum().result()).isEqualTo(first.sum().before());
            List<OverflowEvent> sameCycle = new ArrayList<>();
            for (OverflowEvent e : wrap.firstEvents()) {
                if (e.where().cycle() == first.where().cycle()) {
                    sameCycle.add(trapped(e));
                }
            }
            assertThat(trap.firstEvents()).isEqualTo(sameCycle);
            assertThat(trap.computeCycles()).isEqualTo(first.where().cycle() + 1);
            assertThat(trap.outputs()).isNull();
            checked++;
        }
        assertThat(checked).isGreaterThan(10);
    }

    /** The event as the trap policy records it: the register keeps its value. */
    private static OverflowEvent trapped(OverflowEvent e) {
        return new OverflowEvent(e.where(), e.product(), new OverflowEvent.Sum(e.sum().before(), e.sum().addend(), e.sum().before()));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dataflow.class)
    void widenReplayGivesBitExactOutputsWithTheDocumentedPenalty(Dataflow dataflow) {
        SplittableRandom r = new SplittableRandom(626 + dataflow.ordinal());
        int replayed = 0;
        for (int trial = 0; trial < 40; trial++) {
            int bits = 7 + r.nextInt(6);
            int rows = 1 + r.nextInt(5);
            int cols = 1 + r.nextInt(5);
            int lanes = 1 + r.nextInt(3);
            boolean overlap = r.nextBoolean();
            Layer layer = TestLayers.random(r, "w" + trial);
            Lowered l = TestLayers.lowered(layer);
            ArchConfig arch = TestLayers.arch(rows, cols, dataflow, overlap, bits, OverflowPolicy.WIDEN_REPLAY, lanes);
            ArrayRun run = new FastEngine().run(arch, l, EngineOptions.defaults());
            assertThat(run.outputArray()).isEqualTo(Reference.outputs(layer, l.values()));
            assertThat(run.overflowedOutputs()).isZero();
            // the penalty, recomputed from the folds in which a wrapping run saw events
            ArrayRun wrap = new SteppedEngine().run(TestLayers.arch(rows, cols, dataflow, overlap, bits, OverflowPolicy.WRAP, lanes),
                    l, new EngineOptions(Integer.MAX_VALUE, null));
            assertThat(run.overflowEvents()).isEqualTo(wrap.overflowEvents());
            Mapping map = Mapping.of(arch, l.form());
            boolean[] hit = new boolean[map.folds()];
            wrap.firstEvents().forEach(e -> hit[e.where().fold()] = true);
            long perPass = map.streamed() + rows + cols - 2 + (dataflow == Dataflow.OS ? 0 : rows);
            long expected = 0;
            for (int g = 0; g < map.groups(); g++) {
                for (int fc = 0; fc < map.colFolds(); fc++) {
                    boolean wide = false;
                    for (int fr = 0; fr < map.rowFolds(); fr++) {
                        int f = map.foldIndex(g, fc, fr);
                        wide |= hit[f];
                        expected += wide ? (long) Math.ceil(map.activeSlots(f) / (double) cols) * perPass : 0;
                    }
                }
            }
            assertThat(run.replay().cycles()).isEqualTo(expected);
            replayed += expected > 0 ? 1 : 0;
        }
        assertThat(replayed).isGreaterThan(10);
    }

    @Test
    void noObservedPartialSumExceedsTheDataTypeWorstCaseOrTheL1BoundOnTheTestWorkloads() {
        ArchConfig arch = TestLayers.arch(32, 32, Dataflow.WS, true, 64, OverflowPolicy.WRAP);
        int layers = 0;
        for (String w : List.of("gemm-64", "conv-28x28x16", "npy-example", "mlp-784-512-512-10", "bert-base-encoder",
                "mobilenetv2", "resnet18")) {
            Workload workload = WorkloadLoader.load(HOME.resolve("workloads").resolve(w + ".yaml"));
            for (Layer layer : workload.layers()) {
                Lowered l = new Lowered(layer, WorkloadLoader.values(layer));
                ArrayRun run = new FastEngine().run(arch, l, EngineOptions.defaults());
                PartialSumBounds b = PartialSumBounds.of(l, run);
                long observed = Math.max(-b.observedMin(), b.observedMax());
                assertThat(observed).as(w + " " + layer.name()).isLessThanOrEqualTo(b.l1Bound());
                assertThat(b.l1Bound()).isLessThanOrEqualTo(b.dataTypeWorstCase());
                assertThat(b.observedBits()).isLessThanOrEqualTo(b.l1Bits()).isLessThanOrEqualTo(b.dataTypeBits());
                assertThat(b.dataTypeBits()).isLessThanOrEqualTo(b.a2qDataTypeBits()); // A2Q is sufficient, so never smaller
                layers++;
            }
        }
        assertThat(layers).isGreaterThan(80);
    }

    @Test
    void a2qAsksFor17BitsWhereTheExactWorstCaseFits16() {
        // docs/quantization.md: s4 weights, u4 data, K = 273: 8 * 15 * 273 = 32760 fits 16 bits, A2Q asks for 17
        Lowered l = TestLayers.lowered(new Gemm(TestLayers.spec("a2q", 4, 4, false, 9), 4, 4, 273));
        ArrayRun run = new FastEngine().run(TestLayers.arch(4, 4, Dataflow.WS, true, 32, OverflowPolicy.WRAP), l,
                EngineOptions.defaults());
        PartialSumBounds b = PartialSumBounds.of(l, run);
        assertThat(b.dataTypeWorstCase()).isEqualTo(32760);
        assertThat(b.dataTypeBits()).isEqualTo(16);
        assertThat(b.a2qDataTypeBits()).isEqualTo(17);
    }
}
