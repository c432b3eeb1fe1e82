package dev.qasim.engine;

/** The inner loops of the fast engine, kept simple so the JIT vectorizes them. */
final class Kernels {
    private Kernels() {}

    /**
     * The dot product in int arithmetic (the caller proved no prefix exceeds int), widening {@code extremes}
     * ({min, max}) to every prefix sum on the way.
     */
    static int dotIntTracking(int[] x, int xo, int[] w, int wo, int k, long[] extremes) {
        int s = 0;
        int lo = 0;
        int hi = 0;
        for (int i = 0; i < k; i++) {
            s += x[xo + i] * w[wo + i];
            lo = Math.min(lo, s);
            hi = Math.max(hi, s);
        }
        extremes[0] = Math.min(extremes[0], lo);
        extremes[1] = Math.max(extremes[1], hi);
        return s;
    }

    /** {@link #dotIntTracking} in long arithmetic. */
    static long dotLongTracking(int[] x, int xo, int[] w, int wo, int k, long[] extremes) {
        long s = 0;
        long lo = 0;
        long hi = 0;
        for (int i = 0; i < k; i++) {
            s += (long) x[xo + i] * w[wo + i];
            lo = Math.min(lo, s);
            hi = Math.max(hi, s);
        }
        extremes[0] = Math.min(extremes[0], lo);
        extremes[1] = Math.max(extremes[1], hi);
        return s;
    }
}
