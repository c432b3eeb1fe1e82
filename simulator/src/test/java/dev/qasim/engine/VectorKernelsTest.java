package dev.qasim.engine;

import dev.qasim.arith.Vectors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.qasim.arith.AccumulatorSpec;
import dev.qasim.arith.OverflowPolicy;
import dev.qasim.config.ArchConfig;
import dev.qasim.config.Dataflow;
import dev.qasim.workload.Conv2d;
import dev.qasim.workload.Gemm;
import dev.qasim.workload.Layer;
import dev.qasim.workload.Lowered;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The vector kernels against the scalar ones they replace: the same sums and the same prefix-sum extremes. */
class VectorKernelsTest {
    @BeforeAll
    static void vectorsPresent() {
        // the build's test run passes --add-modules jdk.incubator.vector; without it there is nothing to compare
        assumeTrue(Vectors.enabled(), "the JVM was started without --add-modules jdk.incubator.vector");
    }

    @Test
    void aBlockGivesEveryColumnsDotProductAndThePrefixExtremesOfTheScalarKernel() {
        SplittableRandom r = new SplittableRandom(15);
        int width = VectorKernels.width();
        for (int trial = 0; trial < 300; trial++) {
            int k = 1 + r.nextInt(700);
            int n = 1 + r.nextInt(2 * width);
            int blocks = (n + width - 1) / width;
            int zeros = r.nextInt(4); // a quarter to all of the data zero, as after a ReLU
            int[] x = new int[k + 3];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextInt(4) < zeros ? 0 : r.nextInt(-128, 128);
            }
            int[] columns = new int[n * k];
            for (int i = 0; i < columns.length; i++) {
                columns[i] = r.nextInt(-128, 128);
            }
            int[] wk = new int[blocks * k * width]; // the engine's layout, by its definition
            for (int j = 0; j < n; j++) {
                for (int kk = 0; kk < k; kk++) {
                    wk[FastEngine.Weights.offset(j, k) + kk * width] = columns[j * k + kk];
                }
            }
            int[] nz = new int[k + 1];
            int count = VectorKernels.nonzero(x, 3, k, nz, 0);
            int[] sums = new int[width];
            int[] state = new int[VectorKernels.blockState()];
            for (int c0 = 0; c0 < n; c0 += width) {
                long[] vector = {0, 0};
                long[] scalar = {0, 0};
                VectorKernels.block(x, 3, nz, 0, count, wk, FastEngine.Weights.offset(c0, k), sums, vector, state);
                for (int j = c0; j < Math.min(n, c0 + width); j++) {
                    assertThat(sums[j - c0]).as("trial %d column %d", trial, j)
                            .isEqualTo(Kernels.dotIntTracking(x, 3, columns, j * k, k, scalar));
                }
                assertThat(vector).as("trial %d extremes", trial).containsExactly(scalar);
            }
        }
    }

    @Test
    void theCheckedBlockGivesEveryColumnsRegisterExactSumEventsAndFirstEventOfAnAdditionByAdditionWalk() {
        SplittableRandom r = new SplittableRandom(17);
        int width = VectorKernels.checkedWidth();
        int events = 0;
        for (int trial = 0; trial < 400; trial++) {
            int k = 1 + r.nextInt(700); // past a stretch of the kernel
            int bits = 8 + r.nextInt(23); // 8..30, the checked kernel's range
            AccumulatorSpec acc = AccumulatorSpec.of(bits, r.nextBoolean() ? OverflowPolicy.WRAP : OverflowPolicy.SATURATE);
            int zeros = r.nextInt(4);
            int[] x = new int[k + 2];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextInt(4) < zeros ? 0 : r.nextInt(0, 256);
            }
            int[] wk = new int[k * VectorKernels.width()]; // one block of the engine's layout; the kernel reads one vector
            int[][] columns = new int[width][k];
            for (int j = 0; j < width; j++) {
                for (int kk = 0; kk < k; kk++) {
                    columns[j][kk] = r.nextInt(-128, 128);
                    wk[kk * VectorKernels.width() + j] = columns[j][kk];
                }
            }
            int[] nz = new int[k + 1];
            int count = VectorKernels.nonzero(x, 2, k, nz, 0);
            int[][] out = new int[4][width];
            long[] extremes = {0, 0};
            VectorKernels.checkedBlock(x, 2, nz, 0, count, wk, 0, bits, acc.policy() == OverflowPolicy.SATURATE, out, extremes,
                    new int[VectorKernels.checkedState()]);
            long lo = 0;
            long hi = 0;
            for (int j = 0; j < width; j++) {
                long register = 0;
                long exact = 0;
                int n = 0;
                int first = Integer.MAX_VALUE;
                for (int kk = 0; kk < k; kk++) {
                    long p = (long) x[2 + kk] * columns[j][kk];
                    exact += p;
                    lo = Math.min(lo, exact);
                    hi = Math.max(hi, exact);
                    long next = acc.add(register, p);
                    if (next != register + p) {
                        n++;
                        first = Math.min(first, kk);
                    }
                    register = next;
                }
                String at = "trial " + trial + " " + acc + " column " + j;
                assertThat(out[0][j]).as("register, %s", at).isEqualTo((int) register);
                assertThat(out[1][j]).as("exact sum, %s", at).isEqualTo((int) exact);
                assertThat(out[2][j]).as("events, %s", at).isEqualTo(n);
                assertThat(out[3][j]).as("first event's K, %s", at).isEqualTo(first);
                events += n > 0 ? 1 : 0;
            }
            assertThat(extremes).as("trial %d extremes", trial).containsExactly(lo, hi);
        }
        assertThat(events).as("columns with events").isGreaterThan(400);
    }

    @Test
    void theFastEngineGivesTheSameRunOnVectorAndScalarKernels() {
        SplittableRandom r = new SplittableRandom(1515);
        for (int trial = 0; trial < 150; trial++) {
            // wide accumulators put whole blocks on the vector kernel, narrow ones leave columns to the checked path
            int accBits = r.nextBoolean() ? 32 : 12 + r.nextInt(10);
            ArchConfig arch = TestLayers.arch(1 + r.nextInt(9), 1 + r.nextInt(9), Dataflow.values()[trial % 3], r.nextBoolean(),
                    accBits, OverflowPolicy.values()[r.nextInt(OverflowPolicy.values().length)], 1 + r.nextInt(3));
            Lowered lowered = TestLayers.lowered(TestLayers.random(r, "v" + trial));
            EngineOptions options = new EngineOptions(1 + r.nextInt(40), null);
            ArrayRun scalar = new FastEngine(false).run(arch, lowered, options);
            EngineEquivalenceTest.assertSameRun(new FastEngine(true).run(arch, lowered, options), scalar, arch.pe() + " " + lowered.layer());
            EngineEquivalenceTest.assertSameRun(new FastEngine(true, 0).run(arch, lowered, options), scalar, "blocks " + lowered.layer());
        }
    }

    @Test
    void narrowWrappingAndSaturatingAccumulatorsGiveTheSameRunOnTheCheckedVectorKernel() {
        SplittableRandom r = new SplittableRandom(1616);
        int withEvents = 0;
        for (int trial = 0; trial < 80; trial++) {
            // wider than a block of columns, long chains, unsigned data (a third zero after quantization) and signed
            Layer layer = trial % 2 == 0
                    ? new Gemm(TestLayers.spec("n" + trial, 8, 8, r.nextBoolean(), r.nextLong()), 1 + r.nextInt(2),
                            1 + r.nextInt(70), 1 + r.nextInt(90), 1 + r.nextInt(700)) // K past a stretch of the kernels
                    : new Conv2d(TestLayers.spec("c" + trial, 8, 8, r.nextBoolean(), r.nextLong()), 1, 1 + r.nextInt(12),
                            1 + r.nextInt(80), new Conv2d.Axis(3 + r.nextInt(6), 3, 1, 1, 1), new Conv2d.Axis(3 + r.nextInt(6), 3,
                            1 + r.nextInt(2), 1, 1), 1);
            ArchConfig arch = TestLayers.arch(1 + r.nextInt(12), 1 + r.nextInt(12), Dataflow.values()[trial % 3], r.nextBoolean(),
                    10 + r.nextInt(14), r.nextBoolean() ? OverflowPolicy.WRAP : OverflowPolicy.SATURATE, 1 + r.nextInt(2));
            Lowered lowered = TestLayers.lowered(layer);
            EngineOptions options = new EngineOptions(r.nextInt(30), null);
            ArrayRun vector = new FastEngine(true).run(arch, lowered, options);
            ArrayRun scalar = new FastEngine(false).run(arch, lowered, options);
            EngineEquivalenceTest.assertSameRun(vector, scalar, arch.pe() + " " + layer);
            // weights copied K-major a block of columns at a time, as for a layer too large to copy whole
            EngineEquivalenceTest.assertSameRun(new FastEngine(true, 0).run(arch, lowered, options), scalar, "blocks " + layer);
            withEvents += vector.overflowEvents() > 0 ? 1 : 0;
        }
        assertThat(withEvents).as("trials with overflow events").isGreaterThan(40);
    }
}
