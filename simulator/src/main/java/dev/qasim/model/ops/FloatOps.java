package dev.qasim.model.ops;

import java.util.Arrays;

/**
 * The float reference of the operators (double arithmetic on float32 values): what the model computes before
 * quantization, used to calibrate and to measure a quantized run's error, and for nodes left in float.
 */
final class FloatOps {
    private FloatOps() {}

    /** A direct 2-D convolution: x (N, C, H, W), w (Cout, C / groups, Kh, Kw), bias per Cout or null. */
    static double[] conv(double[] x, double[] w, double[] bias, Window win, int outChannels, int groups) {
        int oh = win.outHeight();
        int ow = win.outWidth();
        int cg = win.channels() / groups;
        int perGroup = outChannels / groups;
        int plane = win.plane();
        int kk = win.kernelSize();
        double[] out = new double[win.batch() * outChannels * oh * ow];
        int[] taps = new int[kk];
        int[] tapKernel = new int[kk];
        for (int b = 0; b < win.batch(); b++) {
            for (int co = 0; co < outChannels; co++) {
                int g = co / perGroup;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        int n = win.taps(oy, ox, taps, tapKernel);
                        double s = bias == null ? 0 : bias[co];
                        for (int ci = 0; ci < cg; ci++) {
                            int xBase = (b * win.channels() + g * cg + ci) * plane;
                            int wBase = (co * cg + ci) * kk;
                            for (int t = 0; t < n; t++) {
                                s += w[wBase + tapKernel[t]] * x[xBase + taps[t]];
                            }
                        }
                        out[((b * outChannels + co) * oh + oy) * ow + ox] = s;
                    }
                }
            }
        }
        return out;
    }

    /** out (M x N) = a (M x K) times b, b stored K x N, or N x K when {@code bTransposed}. */
    static double[] matmul(double[] a, int m, int k, double[] b, int n, boolean bTransposed) {
        double[] out = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int kk = 0; kk < k; kk++) {
                    s += a[i * k + kk] * (bTransposed ? b[j * k + kk] : b[kk * n + j]);
                }
                out[i * n + j] = s;
            }
        }
        return out;
    }

    /** Max or average pooling per (N, C) plane; the average divides by the whole window when countPad. */
    static double[] pool(double[] x, Window win, boolean max, boolean countPad) {
        int oh = win.outHeight();
        int ow = win.outWidth();
        int plane = win.plane();
        double[] out = new double[win.batch() * win.channels() * oh * ow];
        int[] taps = new int[win.kernelSize()];
        for (int p = 0; p < win.batch() * win.channels(); p++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int n = win.taps(oy, ox, taps);
                    double s = max ? Double.NEGATIVE_INFINITY : 0;
                    for (int t = 0; t < n; t++) {
                        double v = x[p * plane + taps[t]];
                        s = max ? Math.max(s, v) : s + v;
                    }
                    out[(p * oh + oy) * ow + ox] = max ? s : s / (countPad ? taps.length : n);
                }
            }
        }
        return out;
    }

    /** NumPy broadcasting of two shapes. */
    static int[] broadcast(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i - (rank - a.length) >= 0 ? a[i - (rank - a.length)] : 1;
            int db = i - (rank - b.length) >= 0 ? b[i - (rank - b.length)] : 1;
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b) + " do not broadcast");
            }
            out[i] = Math.max(da, db);
        }
        return out;
    }

    /** The flat index into a tensor of shape {@code from} broadcast to {@code to}, for flat index i of {@code to}. */
    static int broadcastIndex(int i, int[] to, int[] from) {
        int index = 0;
        int stride = 1;
        int rem = i;
        for (int d = to.length - 1; d >= 0; d--) {
            int coord = rem % to[d];
            rem /= to[d];
            int fd = d - (to.length - from.length);
            if (fd >= 0) {
                if (from[fd] != 1) {
                    index += coord * stride;
                }
                stride *= from[fd];
            }
        }
        return index;
    }
}
