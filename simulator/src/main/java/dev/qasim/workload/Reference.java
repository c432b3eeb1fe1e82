package dev.qasim.workload;

import dev.qasim.arith.Vectors;
import java.util.stream.IntStream;

/**
 * The independent oracle: exact outputs by direct loops over the layer's own definition (a direct
 * convolution, a plain matrix product), never through the lowering the engines use. Exact in 64 bits.
 *
 * <p>Written for speed without giving that up: output planes (a batch element and an output channel), matrix rows
 * and blocks of a fully connected layer's outputs are computed in parallel, each into its own slice of the result
 * (a fully connected layer's weights read a row at a time, so a compact tensor is never held whole as ints, and each
 * output a dot product of its row, by the definition); the valid output columns of every kernel
 * tap are computed once, so the innermost loop has no bounds test; and a plane accumulates in 32-bit integers
 * whenever the operand types' worst case sum of one output fits them (the JIT then vectorizes the loop), else in
 * 64 bits. The result does not depend on the number of threads. When the JVM has the Vector API, a convolution
 * whose sums fit 32 bits runs on {@link ReferenceVector} instead (lanes over output channels); ReferenceTest
 * checks both against a plain loop over the definition.
 */
public final class Reference {
    private Reference() {}

    /** Exact outputs in the output tensor's row-major order ({@link Layer#outputShape()}). */
    public static long[] outputs(Layer layer, LayerValues values) {
        return outputs(layer, values, Vectors.enabled());
    }

    /** The same, on the vector kernel where it applies only if {@code vectors} (tests compare both). */
    static long[] outputs(Layer layer, LayerValues values, boolean vectors) {
        int[] x = values.data().data();
        boolean fitsInt = worstCase(values, layer.matrixForm().k()) <= Integer.MAX_VALUE;
        if (layer instanceof FullyConnected f) { // weights read a row at a time: a compact tensor is never held as ints
            return fullyConnected(f, x, values.weights(), fitsInt);
        }
        int[] w = values.weights().data();
        if (layer instanceof Conv2d c) {
            return fitsInt && vectors && Vectors.enabled() ? ReferenceVector.conv(c, x, w) : conv(c, x, w, fitsInt);
        }
        Gemm g = (Gemm) layer;
        if (g.groups() == 1) {
            return matmul(g.m(), g.n(), g.k(), x, w, fitsInt);
        }
        long[] out = new long[g.groups() * g.m() * g.n()]; // G independent products, one after the other
        for (int b = 0; b < g.groups(); b++) {
            long[] part = matmul(g.m(), g.n(), g.k(), java.util.Arrays.copyOfRange(x, b * g.m() * g.k(), (b + 1) * g.m() * g.k()),
                    java.util.Arrays.copyOfRange(w, b * g.k() * g.n(), (b + 1) * g.k() * g.n()), fitsInt);
            System.arraycopy(part, 0, out, b * g.m() * g.n(), part.length);
        }
        return out;
    }

    /** max|w| * max|x| * K of the values at hand (saturated at Long.MAX_VALUE). */
    private static long worstCase(LayerValues values, long k) {
        int[] wr = values.weights().range();
        int[] xr = values.data().range();
        long w = Math.max(Math.abs((long) wr[0]), Math.abs((long) wr[1]));
        long x = Math.max(Math.abs((long) xr[0]), Math.abs((long) xr[1]));
        if (w == 0 || x == 0) {
            return 0;
        }
        double worst = (double) w * x * k;
        return worst >= Long.MAX_VALUE ? Long.MAX_VALUE : w * x * k;
    }

    private static long[] conv(Conv2d c, int[] x, int[] w, boolean fitsInt) {
        int oh = c.outHeight();
        int ow = c.outWidth();
        int plane = oh * ow;
        long[] out = new long[c.batch() * c.outChannels() * plane];
        int[] padded = fitsInt && c.h().stride() == 1 && c.w().stride() == 1 ? pad(c, x) : null;
        IntStream.range(0, c.batch() * c.outChannels()).parallel().forEach(p -> {
            int b = p / c.outChannels();
            int co = p % c.outChannels();
            if (padded != null) {
                unitStridePlane(c, padded, w, b, co, out, p * plane);
            } else if (fitsInt) {
                int[] acc = new int[plane];
                convPlane(c, x, w, b, co, acc, null);
                for (int i = 0; i < plane; i++) {
                    out[p * plane + i] = acc[i];
                }
            } else {
                long[] acc = new long[plane];
                convPlane(c, x, w, b, co, null, acc);
                System.arraycopy(acc, 0, out, p * plane, plane);
            }
        });
        return out;
    }

    /** The input with its padding made explicit: [batch][channel][H + 2 padH][W + 2 padW], zeros around. */
    private static int[] pad(Conv2d c, int[] x) {
        Conv2d.Axis ys = c.h();
        Conv2d.Axis xs = c.w();
        int hp = ys.size() + 2 * ys.pad();
        int wp = xs.size() + 2 * xs.pad();
        int[] padded = new int[c.batch() * c.channels() * hp * wp];
        for (int plane = 0; plane < c.batch() * c.channels(); plane++) {
            for (int y = 0; y < ys.size(); y++) {
                System.arraycopy(x, (plane * ys.size() + y) * xs.size(), padded, (plane * hp + y + ys.pad()) * wp + xs.pad(),
                        xs.size());
            }
        }
        return padded;
    }

    /**
     * One output plane of a stride-1 convolution whose sums fit 32 bits, on the padded input: output (ho, wo) is
     * accumulated at ho * Wp + wo of a plane as wide as the padded input, so every tap is one contiguous loop over
     * the whole plane (the columns past ow hold nothing anyone reads), then the plane is cut to ow columns.
     */
    private static void unitStridePlane(Conv2d c, int[] padded, int[] w, int b, int co, long[] out, int at) {
        int oh = c.outHeight();
        int ow = c.outWidth();
        Conv2d.Axis ys = c.h();
        Conv2d.Axis xs = c.w();
        int hp = ys.size() + 2 * ys.pad();
        int wp = xs.size() + 2 * xs.pad();
        int cg = c.groupChannels();
        int group = co / (c.outChannels() / c.groups());
        int length = (oh - 1) * wp + ow;
        int[] acc = new int[length];
        for (int ci = 0; ci < cg; ci++) {
            int channel = (b * c.channels() + group * cg + ci) * hp;
            for (int kh = 0; kh < ys.kernel(); kh++) {
                for (int kw = 0; kw < xs.kernel(); kw++) {
                    int weight = w[((co * cg + ci) * ys.kernel() + kh) * xs.kernel() + kw];
                    if (weight == 0) {
                        continue;
                    }
                    int base = (channel + kh * ys.dilation()) * wp + kw * xs.dilation();
                    for (int i = 0; i < length; i++) {
                        acc[i] += weight * padded[base + i];
                    }
                }
            }
        }
        for (int ho = 0; ho < oh; ho++) {
            for (int wo = 0; wo < ow; wo++) {
                out[at + ho * ow + wo] = acc[ho * wp + wo];
            }
        }
    }

    /** One output plane (batch b, output channel co), into {@code ints} or {@code longs}. */
    private static void convPlane(Conv2d c, int[] x, int[] w, int b, int co, int[] ints, long[] longs) {
        int oh = c.outHeight();
        int ow = c.outWidth();
        int cg = c.groupChannels();
        int group = co / (c.outChannels() / c.groups());
        Conv2d.Axis ys = c.h();
        Conv2d.Axis xs = c.w();
        int sw = xs.stride();
        for (int ci = 0; ci < cg; ci++) {
            int inChannel = group * cg + ci;
            for (int kh = 0; kh < ys.kernel(); kh++) {
                for (int kw = 0; kw < xs.kernel(); kw++) {
                    int weight = w[((co * cg + ci) * ys.kernel() + kh) * xs.kernel() + kw];
                    if (weight == 0) {
                        continue;
                    }
                    // output columns wo whose input column wo * sw - padW + kw * dilationW lies inside the image
                    int shift = xs.at(0, kw);
                    int lo = xs.firstInside(shift, sw, ow);
                    int hi = xs.endInside(shift, sw, ow);
                    if (lo >= hi) {
                        continue;
                    }
                    for (int ho = 0; ho < oh; ho++) {
                        int y = ys.at(ho, kh);
                        if (!ys.inside(y)) {
                            continue;
                        }
                        int outRow = ho * ow;
                        int inRow = ((b * c.channels() + inChannel) * ys.size() + y) * xs.size() + shift;
                        if (ints != null && sw == 1) {
                            for (int wo = lo; wo < hi; wo++) {
                                ints[outRow + wo] += weight * x[inRow + wo];
                            }
                        } else if (ints != null) {
                            for (int wo = lo; wo < hi; wo++) {
                                ints[outRow + wo] += weight * x[inRow + wo * sw];
                            }
                        } else {
                            for (int wo = lo; wo < hi; wo++) {
                                longs[outRow + wo] += (long) weight * x[inRow + wo * sw];
                            }
                        }
                    }
                }
            }
        }
    }

    /** Weights a task of {@link #fullyConnected} reads at least (rows of output features, copied one at a time). */
    private static final int FC_TASK_WEIGHTS = 1 << 16;

    /**
     * out[b][j] = sum_i x[b][i] * w[j][i], each output the dot product of its weight row (stored out x in, the row
     * contiguous) with an input, by the definition; blocks of output features in parallel, each row copied out of the
     * tensor once and used for every input of the batch.
     */
    private static long[] fullyConnected(FullyConnected f, int[] x, IntTensor w, boolean fitsInt) {
        int in = f.inFeatures();
        int outs = f.outFeatures();
        long[] out = new long[f.batch() * outs];
        int rows = Math.max(1, FC_TASK_WEIGHTS / in);
        IntStream.range(0, (outs + rows - 1) / rows).parallel().forEach(task -> {
            int[] row = new int[in];
            for (int j = task * rows; j < Math.min(outs, (task + 1) * rows); j++) {
                w.copyTo(j * in, row, 0, in);
                for (int b = 0; b < f.batch(); b++) {
                    out[b * outs + j] = fitsInt ? dotInt(x, b * in, row) : dotLong(x, b * in, row);
                }
            }
        });
        return out;
    }

    /** sum_i x[from + i] * row[i] in 32 bits (the caller proved it fits; the JIT vectorizes the loop). */
    private static int dotInt(int[] x, int from, int[] row) {
        int sum = 0;
        for (int i = 0; i < row.length; i++) {
            sum += x[from + i] * row[i];
        }
        return sum;
    }

    private static long dotLong(int[] x, int from, int[] row) {
        long sum = 0;
        for (int i = 0; i < row.length; i++) {
            sum += (long) x[from + i] * row[i];
        }
        return sum;
    }

    /** out[m][n] = sum_k x[m][k] * W[k][n], W stored K x N (rows contiguous). */
    private static long[] matmul(int m, int n, int k, int[] x, int[] wk, boolean fitsInt) {
        long[] out = new long[m * n];
        IntStream.range(0, m).parallel().forEach(i -> {
            if (fitsInt) {
                int[] acc = new int[n];
                for (int kk = 0; kk < k; kk++) {
                    int xv = x[i * k + kk];
                    if (xv != 0) {
                        int row = kk * n;
                        for (int j = 0; j < n; j++) {
                            acc[j] += xv * wk[row + j];
                        }
                    }
                }
                for (int j = 0; j < n; j++) {
                    out[i * n + j] = acc[j];
                }
            } else {
                for (int kk = 0; kk < k; kk++) {
                    long xv = x[i * k + kk];
                    if (xv != 0) {
                        int row = kk * n;
                        for (int j = 0; j < n; j++) {
                            out[i * n + j] += xv * wk[row + j];
                        }
                    }
                }
            }
        });
        return out;
    }
}
