package dev.qasim.model.ops;

import dev.qasim.arith.Rounding;
import dev.qasim.quant.Requantizer;
import dev.qasim.workload.Conv2d;
import dev.qasim.workload.FullyConnected;
import dev.qasim.workload.Gemm;
import dev.qasim.workload.IntTensor;
import dev.qasim.workload.Layer;
import dev.qasim.workload.LayerSpec;
import dev.qasim.workload.LayerValues;
import dev.qasim.workload.Operand;
import dev.qasim.workload.Reference;
import dev.qasim.workload.ValueSource;
import java.util.Arrays;
import java.util.function.IntUnaryOperator;

/**
 * The integer path of the array operators (docs/quantization.md, "How each operator runs"): the layer multiplies
 * the stored integers on the array; the post-processing unit applies the zero-point corrections, adds the bias
 * (rounded to the accumulator's scale) and requantizes to the fused target, or forms real values when there is
 * none. Shared by Conv, ConvInteger, QLinearConv, Gemm, MatMul, MatMulInteger, QLinearMatMul, QGemm and Einsum.
 */
final class ArrayWork {
    static final Operand INT32 = Operand.signed(32);

    private ArrayWork() {}

    /** The integers with a scale and zero point read from a node's inputs (per tensor, or along axis). */
    static Tensor.Ints withParams(Exec x, int input, Tensor.Ints q, Tensor scale, Tensor zeroPoint, int axis) {
        if (q == null) {
            throw x.badInput(input, x.node().input(input), "needs an integer (uint8, int8 or int32) input");
        }
        double[] s = scale == null ? new double[] {1} : x.real(scale).data();
        long[] z = new long[s.length];
        if (zeroPoint != null) {
            if (!(zeroPoint instanceof Tensor.Ints zi) || zi.data().length != s.length) {
                throw x.bad("", Arrays.toString(zeroPoint.shape()), "the zero point must be integers, one per scale (" + s.length + ")");
            }
            for (int i = 0; i < z.length; i++) {
                z[i] = zi.data()[i];
            }
        }
        for (double v : s) {
            if (!(v > 0) || !Double.isFinite(v)) {
                throw x.bad("", Double.toString(v), "scales must be positive finite numbers");
            }
        }
        int ax = axis < 0 ? axis + q.rank() : axis;
        if (s.length > 1 && (ax < 0 || ax >= q.rank() || q.shape()[ax] != s.length)) {
            throw x.bad(".axis", Integer.toString(axis), "the " + s.length + " scales must run along an axis of " + s.length
                    + " values of " + Arrays.toString(q.shape()));
        }
        return new Tensor.Ints(q.shape(), q.data(), q.type(), s, z, s.length > 1 ? ax : 0);
    }

    /** A layer's spec, with a unique name. */
    static LayerSpec spec(Exec x, String name, Operand weights, Operand data, IntTensor w, IntTensor d) {
        return new LayerSpec(x.layerName(name), weights, data, true, new ValueSource.Given(w, d));
    }

    static void checkPerTensor(Exec x, Tensor.Ints data) {
        if (!data.perTensor()) {
            throw x.bad("", x.node().op(), "the data input must have one scale and zero point for the whole tensor");
        }
    }

    /** alpha * s_x * s_w[c] per output channel. */
    static double[] accScales(Tensor.Ints data, Tensor.Ints w, int channels, double alpha) {
        double[] s = new double[channels];
        for (int c = 0; c < channels; c++) {
            s[c] = alpha * data.scale()[0] * w.scale()[w.perTensor() ? 0 : c];
        }
        return s;
    }

    /** An int32 bias (QLinearConv, QGemm) as real values with the scale s_x * s_w it is defined in. */
    static Tensor.Real intBias(Exec x, int input, Tensor b, Tensor.Ints data, Tensor.Ints w) {
        if (!(b instanceof Tensor.Ints q)) {
            throw x.badInput(input, "real numbers", "the bias must be int32 integers in steps of data scale x weight scale");
        }
        double[] r = new double[q.data().length];
        for (int c = 0; c < r.length; c++) {
            r[c] = q.data()[c] * data.scale()[0] * w.scale()[w.perTensor() ? 0 : Math.min(c, w.scale().length - 1)];
        }
        return new Tensor.Real(b.shape(), r);
    }

    /**
     * Runs one layer on the array and returns the accumulators with the zero-point corrections applied in the PPU:
     * sum (x - x_z)(w - w_z) = acc - w_z rowsum(x) - x_z colsum(w) + K x_z w_z, where, for a padded convolution,
     * the column sums and K count only the kernel taps inside the image (padding contributes x_z, i.e. nothing).
     * The array multiplied the stored values with zero padding.
     */
    static long[] multiply(Exec x, Layer layer, LayerValues lv, Tensor.Ints data, Tensor.Ints w, IntUnaryOperator channel) {
        long[] acc = x.array().run(layer, lv);
        long xz = data.zeroPoint()[0];
        boolean anyW = false;
        for (long z : w.zeroPoint()) {
            anyW |= z != 0;
        }
        if (xz == 0 && !anyW) {
            return acc;
        }
        Ppu ppu = x.ppu();
        var form = layer.matrixForm();
        IntTensor onesW = ones(layer.weightShape());
        IntTensor onesX = ones(layer.dataShape());
        // each correction is a full pass over the layer: only those whose zero point is not 0 are computed (a term
        // whose coefficient is 0 adds exactly 0 at the PPU, with no event)
        long[] rowSums = anyW ? Reference.outputs(layer, new LayerValues(onesW, lv.data())) : null;
        long[] colSums = xz != 0 ? Reference.outputs(layer, new LayerValues(lv.weights(), onesX)) : null;
        long[] taps = xz != 0 && anyW ? Reference.outputs(layer, new LayerValues(onesW, onesX)) : null;
        ppu.ops((anyW ? (long) form.groups() * form.m() * form.k() : 0) + (xz != 0 ? (long) form.groups() * form.n() * form.k() : 0));
        long[] out = new long[acc.length];
        for (int i = 0; i < acc.length; i++) {
            long wz = w.zeroPoint()[w.perTensor() ? 0 : channel.applyAsInt(i)];
            long v = ppu.multiplyAdd(acc[i], -wz, rowSums == null ? 0 : rowSums[i]);
            v = ppu.multiplyAdd(v, -xz, colSums == null ? 0 : colSums[i]);
            out[i] = ppu.multiplyAdd(v, xz * wz, taps == null ? 0 : taps[i]);
        }
        ppu.ops(3L * acc.length);
        return out;
    }

    private static IntTensor ones(int[] shape) {
        int[] d = new int[Tensor.size(shape)];
        Arrays.fill(d, 1);
        return new IntTensor(shape, d);
    }

    /**
     * After the array: bias (rounded to the accumulator's scale, added at the PPU's width), then requantization to
     * the target (ReLU fused), or, with no target, the real result acc * scale + bias.
     *
     * @param weightInput the node's weight input, named when a bias cannot be quantized
     */
    static void epilogue(Exec x, long[] acc, int[] shape, IntUnaryOperator channel, double[] accScale, double[] bias,
                         IntUnaryOperator biasIndex, Target target, int weightInput, Tensor.Ints w) {
        int n = acc.length;
        Ppu ppu = x.ppu();
        ppu.ops((long) n * (bias != null ? 2 : 1));
        if (target == null) {
            ppu.multiplies(n);
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = (float) (acc[i] * accScale[channel.applyAsInt(i)] + (bias == null ? 0 : bias[biasIndex.applyAsInt(i)]));
            }
            x.out(0, new Tensor.Real(shape, y));
            return;
        }
        Requantizer[] rq = new Requantizer[accScale.length];
        for (int c = 0; c < rq.length; c++) {
            rq[c] = requantizer(x, accScale[c] / target.scale(), target);
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = channel.applyAsInt(i);
            long v = acc[i];
            if (bias != null) {
                double b = bias[biasIndex.applyAsInt(i)];
                double steps = b / accScale[c];
                if (!(Math.abs(steps) < 0x1p62)) {
                    throw tooSmallToQuantize(x, weightInput, w, c, accScale[c], b, steps);
                }
                v = ppu.add(v, Rounding.halfEven(steps));
            }
            if (rq[c].multiplier() != 1) {
                ppu.multiplies(1); // a power-of-two scale is a shift
            }
            y[i] = (int) rq[c].apply(v);
        }
        x.putTarget(target, shape, y);
    }

    /**
     * The bias cannot be added in integers: in units of the accumulator's scale (data scale x weight scale) it is
     * beyond 64 bits, because a weight (or data) scale is tiny, e.g. weights of 1e-45 quantized per channel.
     */
    private static RuntimeException tooSmallToQuantize(Exec x, int weightInput, Tensor.Ints w, int c, double accScale, double bias,
                                                       double steps) {
        double ws = w.scale()[w.perTensor() ? 0 : c];
        String channel = w.perTensor() ? "" : " (output channel " + c + ")";
        return x.badInput(weightInput, "scale " + ws + channel, "too small to quantize: one accumulator step (data scale x weight "
                + "scale) is " + accScale + ", so the bias " + bias + " would be " + steps + " steps, more than a 64-bit integer "
                + "holds; weights or scales this small cannot run in integers");
    }

    /** Multiplier and shift, or a plain shift when the scale is a power of two (power-of-two calibration). */
    static Requantizer requantizer(Exec x, double scale, Target t) {
        checkFactor(x, scale);
        int e = Math.getExponent(scale);
        Requantizer r = scale == Math.scalb(1.0, e) && e <= 0 && e >= -62
                ? Requantizer.shiftOnly(-e, t.zeroPoint(), t.min(), t.max())
                : Requantizer.of(scale, x.multiplierBits(), t.zeroPoint(), t.min(), t.max());
        return t.relu() ? r.withRelu() : r;
    }

    /**
     * A requantization factor (input scale / output scale) the post-processing unit can hold: positive, finite and
     * below 2^62 (its multiplier is an integer with a shift of at most 62).
     */
    static void checkFactor(Exec x, double factor) {
        if (!(factor > 0) || !(factor < 0x1p62)) {
            throw x.bad("", Double.toString(factor), "the requantization factor (input scale / output scale) must be a positive "
                    + "number below 2^62 for the post-processing unit's integer multiplier; the scales are corrupt or far apart");
        }
    }

    /** A QLinear operator's own output: its scale and zero point (uint8 when the zero point is omitted). */
    static Target own(Exec x, int scaleInput, int zeroInput) {
        Tensor zp = x.in(zeroInput);
        Tensor scale = x.in(scaleInput);
        if (scale == null || scale.size() != 1 || (zp != null && (zp.size() != 1 || !(zp instanceof Tensor.Ints)))) {
            throw x.badInput(scaleInput, scale == null ? null : Arrays.toString(scale.shape()),
                    "the output's scale and zero point must be one value each (the zero point an integer)");
        }
        Operand type = zp == null ? Operand.unsigned(8) : ((Tensor.Ints) zp).type();
        long z = zp == null ? 0 : ((Tensor.Ints) zp).data()[0];
        double s = x.real(scale).data()[0];
        if (!(s > 0) || !Double.isFinite(s)) {
            throw x.badInput(scaleInput, Double.toString(s), "the output scale must be a positive finite number");
        }
        return new Target(x.node().output(0), type, type.min(), type.max(), s, z, false, java.util.List.of(), false);
    }

    /**
     * A 2-D convolution on the array: data and weights integers with their parameters, an optional real bias
     * (one value per output channel), the output requantized to the target or formed as real values.
     */
    static void conv(Exec x, Tensor.Ints data, Tensor.Ints w, Tensor.Real bias, int biasInput, Target target, int weightInput, Window win,
                     int groups) {
        int[] ws = w.shape();
        if (bias != null && bias.size() != ws[0]) {
            throw x.badInput(biasInput, Arrays.toString(bias.shape()), "the bias must have one value per output channel (" + ws[0] + ")");
        }
        checkPerTensor(x, data);
        IntTensor wt = new IntTensor(ws, w.data());
        IntTensor dt = new IntTensor(data.shape(), data.data());
        // the window's kernel is the weights' (Window.conv checked it)
        Conv2d layer = new Conv2d(spec(x, x.node().label(), w.type(), data.type(), wt, dt), win.batch(), win.channels(), ws[0],
                win.h(), win.w(), groups);
        int plane = win.outHeight() * win.outWidth();
        IntUnaryOperator channel = i -> (i / plane) % ws[0];
        long[] acc = multiply(x, layer, new LayerValues(wt, dt), data, w, channel);
        epilogue(x, acc, layer.outputShape(), channel, accScales(data, w, ws[0], 1), bias == null ? null : bias.data(), channel, target,
                weightInput, w);
    }

    /**
     * A matrix product on the array, (..., M, K) x (..., K, N) with NumPy's broadcasting of the batch dimensions:
     * one gemm layer (G groups for G batches when b has batch dimensions; a fc layer when b is transposed), the
     * output requantized to the target or formed as real values; bias broadcast over (..., M, N).
     *
     * @param transB b is stored (..., N, K) (Gemm's transB)
     * @param alpha  the product's factor (Gemm's alpha)
     */
    static void matmul(Exec x, Tensor.Ints a, Tensor.Ints b, boolean transB, double alpha, Tensor.Real bias, Target target,
                       int weightInput) {
        checkPerTensor(x, a);
        int[] as = a.shape();
        int[] bs = b.shape();
        Product p = Product.of(x, as, bs, transB, weightInput);
        if (!b.perTensor() && b.axis() != (transB ? bs.length - 2 : bs.length - 1)) {
            throw x.badInput(weightInput, "scales along axis " + b.axis(), "per-channel weights need one scale per output column (axis "
                    + (transB ? bs.length - 2 : bs.length - 1) + " of " + Arrays.toString(bs) + ")");
        }
        int m = p.m();
        int k = p.k();
        int n = p.n();
        int[] batch = p.batch();
        int[] aBatch = p.aBatch();
        int[] bBatch = p.bBatch();
        int batches = p.batches();
        IntUnaryOperator channel = i -> i % n;
        long[] acc;
        Layer layer;
        IntTensor wt;
        IntTensor dt;
        if (bBatch.length == 0 || Tensor.size(bBatch) == 1 && batches == Tensor.size(aBatch)) {
            // one weight matrix for every batch: the batches stack into M (a fc layer when b is stored N x K)
            int rows = batches * m;
            wt = new IntTensor(transB ? new int[] {n, k} : new int[] {k, n}, b.data());
            dt = new IntTensor(new int[] {rows, k}, a.data());
            LayerSpec spec = spec(x, x.node().label(), b.type(), a.type(), wt, dt);
            layer = transB ? new FullyConnected(spec, rows, k, n) : new Gemm(spec, rows, n, k);
        } else {
            // a weight matrix per batch: one gemm of G groups, each operand laid out per broadcast batch
            int[] xs = new int[batches * m * k];
            int[] ws = new int[batches * k * n];
            for (int g = 0; g < batches; g++) {
                int ai = FloatOps.broadcastIndex(g, batch, aBatch);
                int bi = FloatOps.broadcastIndex(g, batch, bBatch);
                System.arraycopy(a.data(), ai * m * k, xs, g * m * k, m * k);
                for (int kk = 0; kk < k; kk++) {
                    for (int j = 0; j < n; j++) {
                        ws[g * k * n + kk * n + j] = b.data()[bi * k * n + (transB ? j * k + kk : kk * n + j)];
                    }
                }
            }
            wt = new IntTensor(new int[] {batches, k, n}, ws);
            dt = new IntTensor(new int[] {batches, m, k}, xs);
            layer = new Gemm(spec(x, x.node().label(), b.type(), a.type(), wt, dt), batches, m, n, k);
        }
        acc = multiply(x, layer, new LayerValues(wt, dt), a, b, channel);
        int[] full = {batches * m, n};
        double[] biasData = bias == null ? null : bias.data();
        int[] biasShape = bias == null ? null : bias.shape();
        IntUnaryOperator biasIndex = bias == null ? i -> 0 : i -> FloatOps.broadcastIndex(i, full, biasShape);
        epilogue(x, acc, p.shape(), channel, accScales(a, b, n, alpha), biasData, biasIndex, target, weightInput, b);
    }
}
