package dev.qasim.quant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qasim.arith.AccumulatorSpec;
import dev.qasim.arith.OverflowPolicy;
import dev.qasim.workload.Conv2d;
import dev.qasim.workload.FullyConnected;
import dev.qasim.workload.Gemm;
import dev.qasim.workload.Layer;
import dev.qasim.workload.LayerSpec;
import dev.qasim.workload.Operand;
import dev.qasim.workload.ValueSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BitAllocationTest {
    private static final LayerSpec SPEC = new LayerSpec("l", Operand.signed(8), Operand.unsigned(8), true,
            new ValueSource.Synthetic(ValueSource.Distribution.GAUSSIAN, 1));

    /**
     * Brute force over every (data, weight) width pair by the definitions, with direct loops over the layer's
     * outputs: K in the stored order for fc, (kh, kw, c) for a 1-group conv with stride 1 and no padding.
     */
    static boolean[] bruteForce(Layer layer, int[] w, int[] x, boolean unsigned, int dataBits, AccumulatorSpec acc) {
        long lo = acc.min();
        long hi = acc.max();
        boolean observed = true;
        boolean guaranteed = true;
        long maxX = unsigned ? (1L << dataBits) - 1 : 1L << (dataBits - 1);
        List<long[]> chains = new ArrayList<>(); // each output's products in K order
        List<long[]> columns = new ArrayList<>();
        if (layer instanceof FullyConnected f) {
            for (int n = 0; n < f.outFeatures(); n++) {
                long[] col = new long[f.inFeatures()];
                for (int k = 0; k < f.inFeatures(); k++) {
                    col[k] = w[n * f.inFeatures() + k];
                }
                columns.add(col);
                for (int m = 0; m < f.batch(); m++) {
                    long[] p = new long[f.inFeatures()];
                    for (int k = 0; k < f.inFeatures(); k++) {
                        p[k] = (long) x[m * f.inFeatures() + k] * col[k];
                    }
                    chains.add(p);
                }
            }
        } else {
            Conv2d c = (Conv2d) layer;
            int kh = c.h().kernel();
            for (int co = 0; co < c.outChannels(); co++) {
                long[] col = new long[kh * kh * c.channels()];
                int idx = 0;
                for (int u = 0; u < kh; u++) {
                    for (int v = 0; v < kh; v++) {
                        for (int ci = 0; ci < c.channels(); ci++) {
                            col[idx++] = w[((co * c.channels() + ci) * kh + u) * kh + v];
                        }
                    }
                }
                columns.add(col);
                for (int i = 0; i < c.outHeight(); i++) {
                    for (int j = 0; j < c.outWidth(); j++) {
                        long[] p = new long[col.length];
                        idx = 0;
                        for (int u = 0; u < kh; u++) {
                            for (int v = 0; v < kh; v++) {
                                for (int ci = 0; ci < c.channels(); ci++) {
                                    p[idx] = (long) x[(ci * c.h().size() + i + u) * c.w().size() + j + v] * col[idx];
                                    idx++;
                                }
                            }
                        }
                        chains.add(p);
                    }
                }
            }
        }
        for (long[] col : columns) {
            long l1 = 0;
            for (long v : col) {
                l1 += Math.abs(v);
            }
            guaranteed &= l1 * maxX <= hi;
        }
        for (long[] p : chains) {
            long s = 0;
            for (long v : p) {
                s += v;
                if (acc.policy() == OverflowPolicy.SATURATE) {
                    observed &= s >= lo && s <= hi;
                }
            }
            observed &= s >= lo && s <= hi;
        }
        return new boolean[] {observed, guaranteed};
    }

    private static void checkAgainstBruteForce(Layer layer, double[] w, double[] x, AccumulatorSpec acc, int maxBits) {
        checkAgainstBruteForce(layer, w, x, acc, Calibration.max(), maxBits);
    }

    /** fc and conv store their weights output channel first: one scale per slice along axis 0. */
    private static void checkAgainstBruteForce(Layer layer, double[] w, double[] x, AccumulatorSpec acc, Calibration weightCal,
                                               int maxBits) {
        Calibration cal = Calibration.max();
        BitAllocation a = BitAllocation.allocate(layer, w, x, acc, cal, weightCal, maxBits);
        boolean unsigned = true;
        for (double v : x) {
            unsigned &= v >= 0;
        }
        int observedEqual = 0;
        int guaranteedEqual = 0;
        for (int bx = 2; bx <= maxBits; bx++) {
            Quantizer qx = unsigned ? Quantizer.unsigned(bx) : Quantizer.signed(bx);
            int[] xq = qx.quantize(x, cal.alpha(x, qx));
            int observed = 0;
            int guaranteed = 0;
            for (int bw = 2; bw <= maxBits; bw++) {
                Quantizer qw = Quantizer.signed(bw);
                int[] wq = qw.quantizePerChannel(w, weightCal.alphas(w, layer.weightShape()[0], qw));
                boolean[] ok = bruteForce(layer, wq, xq, unsigned, bx, acc);
                observed = ok[0] ? bw : observed;
                guaranteed = ok[1] ? bw : guaranteed;
                if (bw == bx) {
                    observedEqual = ok[0] ? bx : observedEqual;
                    guaranteedEqual = ok[1] ? bx : guaranteedEqual;
                }
            }
            assertThat(a.choices().get(bx - 2)).as("%s data bits %d", acc, bx)
                    .isEqualTo(new BitAllocation.Choice(bx, observed, guaranteed));
        }
        assertThat(a.observedEqual()).isEqualTo(observedEqual);
        assertThat(a.guaranteedEqual()).isEqualTo(guaranteedEqual);
    }

    @Test
    void fcAllocationEqualsBruteForceForEveryPolicyAndWidth() {
        SplittableRandom r = new SplittableRandom(31);
        for (int trial = 0; trial < 6; trial++) {
            FullyConnected fc = new FullyConnected(SPEC, 3, 12, 4);
            double[] w = BatchNormFoldingTest.random(r, 48, -1, 1);
            double[] x = BatchNormFoldingTest.random(r, 36, trial % 2 == 0 ? 0 : -1, 1);
            for (OverflowPolicy p : new OverflowPolicy[] {OverflowPolicy.WRAP, OverflowPolicy.SATURATE}) {
                checkAgainstBruteForce(fc, w, x, AccumulatorSpec.of(10 + trial, p), 9);
                checkAgainstBruteForce(fc, w, x, AccumulatorSpec.of(10 + trial, p), Calibration.mse(), 9);
            }
        }
    }

    @Test
    void convAllocationEqualsBruteForce() {
        SplittableRandom r = new SplittableRandom(32);
        Conv2d conv = new Conv2d(SPEC, 1, 3, 2, new Conv2d.Axis(5, 3, 1, 0, 1), new Conv2d.Axis(5, 3, 1, 0, 1), 1);
        double[] w = BatchNormFoldingTest.random(r, 2 * 3 * 9, -1, 1);
        double[] x = BatchNormFoldingTest.random(r, 3 * 25, 0, 1);
        checkAgainstBruteForce(conv, w, x, AccumulatorSpec.of(12, OverflowPolicy.SATURATE), 8);
        checkAgainstBruteForce(conv, w, x, AccumulatorSpec.of(12, OverflowPolicy.WRAP), 8);
    }

    @Test
    void guaranteedWidthsNeverExceedObservedOnes() {
        SplittableRandom r = new SplittableRandom(33);
        Gemm g = new Gemm(SPEC, 8, 5, 40);
        BitAllocation a = BitAllocation.allocate(g, BatchNormFoldingTest.random(r, 200, -1, 1), BatchNormFoldingTest.random(r, 320, 0, 1),
                AccumulatorSpec.of(16, OverflowPolicy.SATURATE), Calibration.percentile(99), Calibration.max(), 12);
        assertThat(a.choices()).hasSize(11);
        for (BitAllocation.Choice c : a.choices()) {
            assertThat(c.guaranteedWeightBits()).isLessThanOrEqualTo(Math.max(c.observedWeightBits(), 0) == 0 ? 0 : 16);
            if (c.guaranteedWeightBits() > 0) {
                assertThat(c.observedWeightBits()).isGreaterThanOrEqualTo(c.guaranteedWeightBits());
            }
        }
        assertThat(a.guaranteedEqual()).isLessThanOrEqualTo(a.observedEqual());
        assertThat(a.guaranteedEqual()).isGreaterThan(2);
    }
}
