package dev.qasim.engine;

/**
 * The inner loops of the fast engine, kept simple so the JIT vectorizes them.
 *
 * <p>A dot product also widens the layer's exact prefix-sum extremes ({min, max} over every prefix of every
 * chain). A prefix scan is sequential and would cost the vectorized loop most of its speed, so the products go
 * in blocks of {@link #BLOCK}: per block the sum S and the sum A of the products' magnitudes (two reductions).
 * Every prefix inside a block lies in [before + (S - A) / 2, before + (S + A) / 2] (the sums of its negative and
 * of its positive products); only a block whose bound reaches past the extremes seen so far is scanned product
 * by product. The extremes are exact; once a layer's first chains have set them, almost every block is skipped
 * (on ResNet-18, fewer than 1 in 100).
 */
final class Kernels {
    /** Products per block of the prefix bound. */
    static final int BLOCK = 128;

    private Kernels() {}

    /**
     * The dot product in int arithmetic (the caller proved no prefix exceeds int), widening {@code extremes}
     * ({min, max}) to every prefix sum on the way.
     */
    static int dotIntTracking(int[] x, int xo, int[] w, int wo, int k, long[] extremes) {
        long lo = extremes[0];
        long hi = extremes[1];
        int s = 0;
        for (int b = 0; b < k; b += BLOCK) {
            int e = Math.min(k, b + BLOCK);
            int sum = 0;
            int abs = 0;
            for (int i = b; i < e; i++) {
                int p = x[xo + i] * w[wo + i];
                sum += p;
                abs += Math.abs(p);
            }
            // A and |S| are at most the chain's l1 bound, within int; their sum may not be
            if (s + (((long) sum + abs) >> 1) > hi || s + (((long) sum - abs) >> 1) < lo) {
                int t = s;
                for (int i = b; i < e; i++) {
                    t += x[xo + i] * w[wo + i];
                    lo = Math.min(lo, t);
                    hi = Math.max(hi, t);
                }
            }
            s += sum;
        }
        extremes[0] = lo;
        extremes[1] = hi;
        return s;
    }

    /** {@link #dotIntTracking} in long arithmetic. */
    static long dotLongTracking(int[] x, int xo, int[] w, int wo, int k, long[] extremes) {
        long lo = extremes[0];
        long hi = extremes[1];
        long s = 0;
        for (int b = 0; b < k; b += BLOCK) {
            int e = Math.min(k, b + BLOCK);
            long sum = 0;
            long abs = 0;
            for (int i = b; i < e; i++) {
                long p = (long) x[xo + i] * w[wo + i];
                sum += p;
                abs += Math.abs(p);
            }
            // halves taken apart so that nothing overflows; the bound only widens by one
            if (s + (sum >> 1) + (abs >> 1) + 1 > hi || s + (sum >> 1) - (abs >> 1) - 1 < lo) {
                long t = s;
                for (int i = b; i < e; i++) {
                    t += (long) x[xo + i] * w[wo + i];
                    lo = Math.min(lo, t);
                    hi = Math.max(hi, t);
                }
            }
            s += sum;
        }
        extremes[0] = lo;
        extremes[1] = hi;
        return s;
    }
}
