package dev.qasim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The blocked prefix bound skips blocks but never changes a sum or an extreme: against a plain prefix scan. */
class KernelsTest {

    /** The oracle: sum and prefix extremes, one product at a time, starting from the given extremes. */
    private static long[] scan(int[] x, int xo, int[] w, int wo, int k, long lo, long hi) {
        long s = 0;
        for (int i = 0; i < k; i++) {
            s += (long) x[xo + i] * w[wo + i];
            lo = Math.min(lo, s);
            hi = Math.max(hi, s);
        }
        return new long[] {s, lo, hi};
    }

    @Test
    void blockedTrackingEqualsAPrefixScanForEveryLengthOffsetAndStartingExtremes() {
        SplittableRandom r = new SplittableRandom(17);
        int widened = 0;
        for (int trial = 0; trial < 4000; trial++) {
            int k = 1 + r.nextInt(3 * Kernels.BLOCK + 5);
            int xo = r.nextInt(4);
            int wo = r.nextInt(4);
            int[] x = new int[xo + k];
            int[] w = new int[wo + k];
            // skewed values: runs of one sign make prefixes wander far inside a block
            boolean skew = r.nextBoolean();
            for (int i = 0; i < x.length; i++) {
                x[i] = skew ? r.nextInt(256) : r.nextInt(-128, 128);
            }
            for (int i = 0; i < w.length; i++) {
                w[i] = skew && i % 40 < 20 ? r.nextInt(0, 128) : r.nextInt(-128, 128);
            }
            long lo0 = trial % 3 == 0 ? 0 : -r.nextInt(200_000);
            long hi0 = trial % 3 == 0 ? 0 : r.nextInt(200_000);
            long[] want = scan(x, xo, w, wo, k, lo0, hi0);
            long[] intExtremes = {lo0, hi0};
            long[] longExtremes = {lo0, hi0};
            assertThat((long) Kernels.dotIntTracking(x, xo, w, wo, k, intExtremes)).isEqualTo(want[0]);
            assertThat(Kernels.dotLongTracking(x, xo, w, wo, k, longExtremes)).isEqualTo(want[0]);
            assertThat(intExtremes).containsExactly(want[1], want[2]);
            assertThat(longExtremes).containsExactly(want[1], want[2]);
            widened += want[1] < lo0 || want[2] > hi0 ? 1 : 0;
        }
        assertThat(widened).as("trials whose prefixes widened the starting extremes (the scanned path)").isGreaterThan(1000);
    }
}
