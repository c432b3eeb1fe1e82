package dev.qasim.workload;

import java.util.stream.IntStream;

/**
 * A layer with its values, lowered to matrix form: per group g, data X_g (M x K) times weights W_g (K x N).
 * For conv2d, X_g[m][k] is the input pixel under kernel offset k of output pixel m (im2col, zero where the
 * kernel covers padding), m = (b, ho, wo) row-major and k = (kh, kw, c) with c fastest. Rows of X are produced
 * on demand ({@link #dataRows}), so a large layer is never materialised whole.
 */
public final class Lowered {
    private final Layer layer;
    private final LayerValues values;
    private final MatrixForm form;
    /** Per group, {@link #columnL1Norms(int)} once computed. */
    private final long[][] norms;

    public Lowered(Layer layer, LayerValues values) {
        this.layer = layer;
        this.values = values;
        this.form = layer.matrixForm();
        this.norms = new long[form.groups()][];
    }

    public Layer layer() {
        return layer;
    }

    public LayerValues values() {
        return values;
    }

    public MatrixForm form() {
        return form;
    }

    public Operand weightType() {
        return layer.spec().weights();
    }

    public Operand dataType() {
        return layer.spec().data();
    }

    /**
     * Writes rows m0 (inclusive) to m1 (exclusive) of X_g into {@code dst}, row-major with K contiguous:
     * {@code dst[(m - m0) * K + k]}.
     */
    public void dataRows(int g, int m0, int m1, int[] dst) {
        int k = form.k();
        IntTensor in = values.data();
        if (layer instanceof Conv2d c) {
            convRows(c, g, m0, m1, dst, in);
        } else {
            // fc and gemm data are M x K already (a batched gemm's group g is the g-th M x K slice)
            in.copyTo((g * form.m() + m0) * k, dst, 0, (m1 - m0) * k);
        }
    }

    private void convRows(Conv2d c, int g, int m0, int m1, int[] dst, IntTensor in) {
        int oh = c.outHeight();
        int ow = c.outWidth();
        int cg = c.groupChannels();
        int k = form.k();
        Conv2d.Axis ys = c.h();
        Conv2d.Axis xs = c.w();
        int h = ys.size();
        int w = xs.size();
        for (int m = m0; m < m1; m++) {
            int b = m / (oh * ow);
            int rem = m - b * oh * ow;
            int ho = rem / ow;
            int wo = rem - ho * ow;
            int base = (m - m0) * k;
            int idx = 0;
            for (int kh = 0; kh < ys.kernel(); kh++) {
                int y = ys.at(ho, kh);
                for (int kw = 0; kw < xs.kernel(); kw++) {
                    int x = xs.at(wo, kw);
                    boolean inside = ys.inside(y) && xs.inside(x);
                    int plane = ((b * c.channels() + g * cg) * h + y) * w + x;
                    for (int ch = 0; ch < cg; ch++) {
                        dst[base + idx++] = inside ? in.get(plane + ch * h * w) : 0;
                    }
                }
            }
        }
    }

    /** X_g[m][k] (slow path, for the stepped engine and tests). */
    public int data(int g, int m, int k) {
        int[] row = new int[form.k()];
        dataRows(g, m, m + 1, row);
        return row[k];
    }

    /**
     * For every K index k, the sum over the rows m of X_g of f(X_g[m][k]), given {@code fx}, the data tensor with f
     * applied to every element; positions where the kernel covers padding add nothing (f(0) must be 0). One pass
     * over the lowered positions, channel by channel (the channels in parallel) so that the input is read in order,
     * without building X.
     */
    public long[] dataColumnSums(int g, int[] fx) {
        int k = form.k();
        long[] sums = new long[k];
        if (!(layer instanceof Conv2d c)) { // M x K, a batched gemm's group g the g-th slice
            int base = g * form.m() * k;
            for (int m = 0; m < form.m(); m++) {
                for (int kk = 0; kk < k; kk++) {
                    sums[kk] += fx[base + m * k + kk];
                }
            }
            return sums;
        }
        int cg = c.groupChannels();
        // channels in parallel: each sums into its own K indices
        IntStream.range(0, cg).parallel().forEach(ch -> {
            for (int b = 0; b < c.batch(); b++) {
                int plane = (b * c.channels() + g * cg + ch) * c.h().size() * c.w().size();
                for (int kh = 0; kh < c.h().kernel(); kh++) {
                    for (int kw = 0; kw < c.w().kernel(); kw++) {
                        sums[(kh * c.w().kernel() + kw) * cg + ch] += windowSum(c, fx, plane, kh, kw);
                    }
                }
            }
        });
        return sums;
    }

    /** The sum of {@code fx} over the input positions tap (kh, kw) reads in one channel plane, padding excluded. */
    private static long windowSum(Conv2d c, int[] fx, int plane, int kh, int kw) {
        Conv2d.Axis ys = c.h();
        Conv2d.Axis xs = c.w();
        int sw = xs.stride();
        int shift = xs.at(0, kw); // input column of output column 0
        int lo = xs.firstInside(shift, sw, c.outWidth());
        int hi = xs.endInside(shift, sw, c.outWidth());
        long sum = 0;
        for (int ho = 0; ho < c.outHeight() && lo < hi; ho++) {
            int y = ys.at(ho, kh);
            if (!ys.inside(y)) {
                continue;
            }
            int row = plane + y * xs.size() + shift;
            for (int wo = lo; wo < hi; wo++) {
                sum += fx[row + wo * sw];
            }
        }
        return sum;
    }

    /**
     * For every K index k, the sum over the columns n of W_g of {@code f(W_g[k][n])}, read from the weight tensor
     * as it is stored, an output's (or a gemm's K row's) values at a time: no {@link #columns} made. Parts of the
     * tensor are read in parallel ({@code f} must be a pure function); the sums do not depend on how.
     */
    public long[] weightRowSums(int g, java.util.function.IntUnaryOperator f) {
        int n = form.n();
        int k = form.k();
        IntTensor wt = values.weights();
        if (layer instanceof Gemm) { // stored K x N per group: a K row's N values are contiguous
            long[] sums = new long[k];
            int parts = parts(k, n);
            IntStream.range(0, parts).parallel().forEach(part -> {
                int[] row = new int[n];
                for (int kk = part * k / parts; kk < (part + 1) * k / parts; kk++) {
                    wt.copyTo((g * k + kk) * n, row, 0, n);
                    long sum = 0;
                    for (int v : row) {
                        sum += f.applyAsInt(v);
                    }
                    sums[kk] = sum;
                }
            });
            return sums;
        }
        // by the stored K order of an output's values, each part of the outputs summed apart, then the parts added
        int parts = parts(n, k);
        long[] stored = IntStream.range(0, parts).parallel().mapToObj(part -> {
            long[] acc = new long[k];
            int[] values = new int[k];
            for (int j = part * n / parts; j < (part + 1) * n / parts; j++) {
                wt.copyTo((g * n + j) * k, values, 0, k);
                for (int t = 0; t < k; t++) {
                    acc[t] += f.applyAsInt(values[t]);
                }
            }
            return acc;
        }).reduce(Lowered::addInto).orElseThrow();
        long[] sums = new long[k];
        int cg = channelsPerTap();
        for (int pos = 0; pos < k / cg; pos++) {
            for (int ch = 0; ch < cg; ch++) {
                sums[pos * cg + ch] = stored[storedK(pos, ch, k / cg)];
            }
        }
        return sums;
    }

    /**
     * Parts a pass over {@code count} pieces of {@code size} values each is split into: 64 K values or more each, and
     * four per core at most (each part of {@link #weightRowSums} holds K sums of its own).
     */
    private static int parts(int count, int size) {
        long most = Math.min(count, 4L * Runtime.getRuntime().availableProcessors());
        return (int) Math.max(1, Math.min(most, (long) count * size / (1 << 16)));
    }

    private static long[] addInto(long[] a, long[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
        return a;
    }

    /** The channels of one kernel position in K: a convolution's group channels; K for a fully connected layer. */
    private int channelsPerTap() {
        return layer instanceof Conv2d c ? c.groupChannels() : form.k();
    }

    /**
     * Where the lowered K index {@code pos * cg + ch} (kernel position, then channel) lies among an output's stored
     * weights (OIHW: channel, then kernel position); a fully connected layer has one position, the identity.
     */
    private static int storedK(int pos, int ch, int positions) {
        return ch * positions + pos;
    }

    /**
     * ||w_n||_1 of every column n of W_g ({@link #columns}), read from the weight tensor as it is stored (a norm does
     * not depend on the order of K); computed once per group and shared, so read-only.
     */
    public long[] columnL1Norms(int g) {
        synchronized (norms) {
            if (norms[g] == null) {
                norms[g] = computeL1Norms(g);
            }
            return norms[g];
        }
    }

    private long[] computeL1Norms(int g) {
        int n = form.n();
        int k = form.k();
        IntTensor wt = values.weights();
        long[] out = new long[n];
        int[] part = new int[layer instanceof Gemm ? n : k];
        if (layer instanceof Gemm) {
            for (int kk = 0; kk < k; kk++) { // stored K x N per group: a K row's N values are contiguous
                wt.copyTo((g * k + kk) * n, part, 0, n);
                for (int j = 0; j < n; j++) {
                    out[j] += Math.abs((long) part[j]);
                }
            }
            return out;
        }
        for (int j = 0; j < n; j++) { // fc (out x in) and conv (OIHW): an output's K values are contiguous
            wt.copyTo((g * n + j) * k, part, 0, k);
            long sum = 0;
            for (int i = 0; i < k; i++) {
                sum += Math.abs((long) part[i]);
            }
            out[j] = sum;
        }
        return out;
    }

    /**
     * Columns j0 .. j1 of W_g K-major into {@code dst}: W_g[k][j] at {@code dst[at + k * rowStride + j - j0]}, read
     * from the weight tensor as it is stored (no {@link #columns} made); the rest of {@code dst} is left as it is.
     */
    public void columnRows(int g, int j0, int j1, int[] dst, int at, int rowStride) {
        int n = form.n();
        int k = form.k();
        IntTensor wt = values.weights();
        if (layer instanceof Gemm) {
            for (int kk = 0; kk < k; kk++) {
                wt.copyTo((g * k + kk) * n + j0, dst, at + kk * rowStride, j1 - j0);
            }
            return;
        }
        // COLUMNS_PER_PASS columns at a time, so that each K row's write fills one cache line rather than touching one
        int[] part = new int[Math.min(COLUMNS_PER_PASS, j1 - j0) * k];
        int cg = channelsPerTap();
        int taps = k / cg; // a convolution's (kh, kw) positions; 1 for fc
        for (int p0 = j0; p0 < j1; p0 += COLUMNS_PER_PASS) {
            int p1 = Math.min(j1, p0 + COLUMNS_PER_PASS);
            wt.copyTo((g * n + p0) * k, part, 0, (p1 - p0) * k); // fc: K in order; conv: (c, kh, kw), lowered as (kh, kw, c)
            for (int pos = 0; pos < taps; pos++) {
                for (int ch = 0; ch < cg; ch++) {
                    int row = at + (pos * cg + ch) * rowStride + p0 - j0;
                    int from = storedK(pos, ch, taps);
                    for (int j = 0; j < p1 - p0; j++) {
                        dst[row + j] = part[j * k + from];
                    }
                }
            }
        }
    }

    /** Columns {@link #columnRows} reads per pass (a cache line of ints). */
    private static final int COLUMNS_PER_PASS = 16;

    /**
     * W_g by output column as one int array, {@code w[n * K + k]} = W_g[k][n] ({@link #columns}); read-only. A fully
     * connected layer's own array when its weights are held as ints; a compact tensor's values are copied, so the
     * paths that read large layers take {@link #columns} instead.
     */
    public int[] weightColumns(int g) {
        return columns(g).data();
    }

    /**
     * W_g by output column: an N x K tensor, {@code w[n * K + k]} = W_g[k][n], K contiguous; read-only. A fully
     * connected layer's weight tensor (outFeatures x inFeatures) already is that layout: the tensor itself is
     * returned, in its own storage, not a copy, so the largest layers (a VGG-16 fc6 holds 103 M weights) are not held
     * twice; other layers get a new int tensor.
     */
    public IntTensor columns(int g) {
        int n = form.n();
        int k = form.k();
        if (layer instanceof FullyConnected) {
            return values.weights(); // stored out x in: already by column
        }
        IntTensor wt = values.weights();
        int[] out = new int[n * k];
        if (layer instanceof Conv2d) {
            for (int j = 0; j < n; j++) {
                columnRows(g, j, j + 1, out, j * k, 1); // one column is K contiguous values
            }
        } else {
            int base = g * k * n; // gemm: stored K x N per group
            for (int kk = 0; kk < k; kk++) {
                for (int j = 0; j < n; j++) {
                    out[j * k + kk] = wt.get(base + kk * n + j);
                }
            }
        }
        return new IntTensor(new int[] {n, k}, out);
    }

    /** The flat index in the output tensor of output (g, m, n). */
    public long outputIndex(int g, int m, int n) {
        if (layer instanceof Conv2d c) {
            int hw = c.outHeight() * c.outWidth();
            int b = m / hw;
            int pixel = m - b * hw;
            return ((long) b * c.outChannels() + (long) g * form.n() + n) * hw + pixel;
        }
        return ((long) g * form.m() + m) * form.n() + n; // fc and gemm (g is 0 but for a batched gemm)
    }

    /**
     * How far apart the outputs of columns n and n + 1 of a row are ({@link #outputIndex}): a convolution's output
     * channels are planes of its output.
     */
    public int outputColumnStep() {
        return layer instanceof Conv2d c ? c.outHeight() * c.outWidth() : 1;
    }
}
