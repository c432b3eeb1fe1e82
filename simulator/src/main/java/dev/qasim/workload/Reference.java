package dev.qasim.workload;

/**
 * The independent oracle: exact outputs by direct loops over the layer's own definition (a direct
 * convolution, a plain matrix product), never through the lowering the engines use. Exact in 64 bits.
 */
public final class Reference {
    private Reference() {}

    /** Exact outputs in the output tensor's row-major order ({@link Layer#outputShape()}). */
    public static long[] outputs(Layer layer, LayerValues values) {
        int[] x = values.data().data();
        int[] w = values.weights().data();
        if (layer instanceof Conv2d c) {
            return conv(c, x, w);
        }
        if (layer instanceof FullyConnected f) {
            return matmul(f.batch(), f.outFeatures(), f.inFeatures(), x, w, true);
        }
        Gemm g = (Gemm) layer;
        if (g.groups() == 1) {
            return matmul(g.m(), g.n(), g.k(), x, w, false);
        }
        long[] out = new long[g.groups() * g.m() * g.n()];
        for (int b = 0; b < g.groups(); b++) {
            long[] part = matmul(g.m(), g.n(), g.k(), java.util.Arrays.copyOfRange(x, b * g.m() * g.k(), (b + 1) * g.m() * g.k()),
                    java.util.Arrays.copyOfRange(w, b * g.k() * g.n(), (b + 1) * g.k() * g.n()), false);
            System.arraycopy(part, 0, out, b * g.m() * g.n(), part.length);
        }
        return out;
    }

    private static long[] conv(Conv2d c, int[] x, int[] w) {
        int oh = c.outHeight();
        int ow = c.outWidth();
        int cg = c.groupChannels();
        int perGroup = c.outChannels() / c.groups();
        long[] out = new long[c.batch() * c.outChannels() * oh * ow];
        for (int b = 0; b < c.batch(); b++) {
            for (int co = 0; co < c.outChannels(); co++) {
                int group = co / perGroup;
                for (int ci = 0; ci < cg; ci++) {
                    int inChannel = group * cg + ci;
                    for (int kh = 0; kh < c.kernelH(); kh++) {
                        for (int kw = 0; kw < c.kernelW(); kw++) {
                            long weight = w[((co * cg + ci) * c.kernelH() + kh) * c.kernelW() + kw];
                            if (weight == 0) {
                                continue;
                            }
                            for (int ho = 0; ho < oh; ho++) {
                                int y = ho * c.strideH() - c.padH() + kh * c.dilationH();
                                if (y < 0 || y >= c.height()) {
                                    continue;
                                }
                                int outRow = ((b * c.outChannels() + co) * oh + ho) * ow;
                                int inRow = ((b * c.channels() + inChannel) * c.height() + y) * c.width();
                                for (int wo = 0; wo < ow; wo++) {
                                    int xx = wo * c.strideW() - c.padW() + kw * c.dilationW();
                                    if (xx >= 0 && xx < c.width()) {
                                        out[outRow + wo] += weight * x[inRow + xx];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** out[m][n] = sum_k x[m][k] * W(k, n), W stored n-major (fc: out x in) or k-major (gemm: K x N). */
    private static long[] matmul(int m, int n, int k, int[] x, int[] w, boolean nMajor) {
        long[] out = new long[m * n];
        for (int i = 0; i < m; i++) {
            for (int kk = 0; kk < k; kk++) {
                long xv = x[i * k + kk];
                if (xv == 0) {
                    continue;
                }
                for (int j = 0; j < n; j++) {
                    out[i * n + j] += xv * (nMajor ? w[j * k + kk] : w[kk * n + j]);
                }
            }
        }
        return out;
    }
}
