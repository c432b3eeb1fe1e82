package dev.qasim.quant;

import dev.qasim.arith.Rounding;
import dev.qasim.arith.Signedness;
import dev.qasim.workload.Operand;
import java.util.Objects;

/**
 * The linear symmetric quantizer of docs/quantization.md: x_q = clamp(round_half_even(x / alpha), Qn, Qp), rounding
 * before clamping; signed: Qn = -2^(b-1), Qp = 2^(b-1) - 1; unsigned: Qn = 0, Qp = 2^b - 1. A scale alpha is per
 * tensor or, for weights, one per output channel (axis 0 of the stored tensor: Cout for conv, out for fc).
 *
 * @param bits       b, 2..16
 * @param signedness signed (weights, data that can be negative) or unsigned (data after ReLU)
 */
public record Quantizer(int bits, Signedness signedness) {
    public static final int MIN_BITS = 2;
    public static final int MAX_BITS = 16;

    public Quantizer {
        if (bits < MIN_BITS || bits > MAX_BITS) {
            throw new IllegalArgumentException("quantizer width must be " + MIN_BITS + ".." + MAX_BITS + " bits, got " + bits);
        }
        Objects.requireNonNull(signedness, "signedness");
    }

    public static Quantizer signed(int bits) {
        return new Quantizer(bits, Signedness.SIGNED);
    }

    public static Quantizer unsigned(int bits) {
        return new Quantizer(bits, Signedness.UNSIGNED);
    }

    /** The quantizer of activations (docs/quantization.md): unsigned when every value is at least 0, else signed. */
    public static Quantizer forData(int bits, double[] values) {
        for (double v : values) {
            if (!(v >= 0)) {
                return signed(bits);
            }
        }
        return unsigned(bits);
    }

    /** Qn: -2^(b-1) signed, 0 unsigned. */
    public long qn() {
        return signedness.min(bits);
    }

    /** Qp: 2^(b-1) - 1 signed, 2^b - 1 unsigned. */
    public long qp() {
        return signedness.max(bits);
    }

    /** The operand type the quantized values have (for a workload layer). */
    public Operand operand() {
        return new Operand(bits, signedness);
    }

    /**
     * One value: clamp(round_half_even(x / alpha), Qn, Qp). NaN is rejected; infinities clamp.
     *
     * @param alpha the scale, finite and greater than 0
     */
    public int quantize(double x, double alpha) {
        checkAlpha(alpha);
        if (Double.isNaN(x)) {
            throw new IllegalArgumentException("cannot quantize NaN");
        }
        double r = x / alpha;
        // clamping before rounding equals clamping after it (Qn and Qp are integers) and keeps the value finite
        return (int) Rounding.halfEven(Math.max(qn(), Math.min(qp(), r)));
    }

    /** alpha * q. */
    public static double dequantize(long q, double alpha) {
        return alpha * q;
    }

    /** A whole tensor with one scale. */
    public int[] quantize(double[] x, double alpha) {
        int[] out = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = quantize(x[i], alpha);
        }
        return out;
    }

    /**
     * A tensor with one scale per slice along axis 0 ({@code alphas.length} slices of equal size): per output
     * channel for weights stored Cout-first.
     */
    public int[] quantizePerChannel(double[] x, double[] alphas) {
        int per = sliceSize(x.length, alphas.length);
        int[] out = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = quantize(x[i], alphas[i / per]);
        }
        return out;
    }

    /** The largest magnitude of each slice along axis 0 ({@code channels} slices of equal size). */
    public static double[] channelMaxAbs(double[] x, int channels) {
        int per = sliceSize(x.length, channels);
        double[] max = new double[channels];
        for (int i = 0; i < x.length; i++) {
            max[i / per] = Math.max(max[i / per], Math.abs(x[i]));
        }
        return max;
    }

    /**
     * The power-of-two scale integer hardware wants: 2^ceil(log2 alpha), never smaller than alpha, so nothing
     * clips that did not clip before; exact powers of two are kept.
     */
    public static double powerOfTwo(double alpha) {
        checkAlpha(alpha);
        int e = Math.getExponent(alpha);
        double p = Math.scalb(1.0, e);
        return p == alpha ? p : Math.scalb(1.0, e + 1);
    }

    /** Mean squared error of quantizing {@code x} with {@code alpha}, against x itself. */
    public double meanSquaredError(double[] x, double alpha) {
        double sum = 0;
        for (double v : x) {
            double e = dequantize(quantize(v, alpha), alpha) - v;
            sum += e * e;
        }
        return x.length == 0 ? 0 : sum / x.length;
    }

    /**
     * A row-major rows x cols matrix transposed (cols x rows): per-channel quantization of weights whose channel
     * axis is the last one (a gemm's K x N weights) goes through it.
     */
    public static double[] transpose(double[] a, int rows, int cols) {
        double[] t = new double[a.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = a[r * cols + c];
            }
        }
        return t;
    }

    /** The same for integers. */
    public static int[] transpose(int[] a, int rows, int cols) {
        int[] t = new int[a.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = a[r * cols + c];
            }
        }
        return t;
    }

    static void checkAlpha(double alpha) {
        if (!(alpha > 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("a scale must be finite and greater than 0, got " + alpha);
        }
    }

    private static int sliceSize(int length, int channels) {
        if (channels < 1 || length % channels != 0) {
            throw new IllegalArgumentException(length + " values do not split into " + channels + " equal channels");
        }
        return length / channels;
    }
}
