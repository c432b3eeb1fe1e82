package dev.qasim.engine;

/** The inner loops of the fast engine, kept simple so the JIT vectorizes them. */
final class Kernels {
    private Kernels() {}

    /** Sum of x[xo + i] * w[wo + i] for i &lt; k, in int arithmetic: the caller proved no partial sum exceeds int. */
    static int dotInt(int[] x, int xo, int[] w, int wo, int k) {
        int s = 0;
        for (int i = 0; i < k; i++) {
            s += x[xo + i] * w[wo + i];
        }
        return s;
    }

    /** Sum of x[xo + i] * w[wo + i] for i &lt; k, in long arithmetic. */
    static long dotLong(int[] x, int xo, int[] w, int wo, int k) {
        long s = 0;
        for (int i = 0; i < k; i++) {
            s += (long) x[xo + i] * w[wo + i];
        }
        return s;
    }
}
