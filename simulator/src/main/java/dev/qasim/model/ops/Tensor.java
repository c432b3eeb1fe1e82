package dev.qasim.model.ops;

import dev.qasim.workload.Operand;
import java.util.Arrays;
import java.util.function.IntUnaryOperator;

/**
 * A value flowing through the model interpreter, as ONNX types it: a tensor of real numbers ({@link Real},
 * float32 values held in doubles) or of integers ({@link Ints}: int8, uint8, int32, bool, the int64 of shapes).
 * A real tensor may carry the integers the hardware holds for it (its {@link Real#source()}: the codes behind a
 * DequantizeLinear, a QONNX Quant, or a tensor qasim quantized), so operators that can work on the integers (the
 * array, the post-processing unit's integer paths) take those. A scalar has shape {@code []}.
 */
public sealed interface Tensor permits Tensor.Real, Tensor.Ints {

    int[] shape();

    default int size() {
        return size(shape());
    }

    default int rank() {
        return shape().length;
    }

    /** The number of values of a shape. */
    static int size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " is too large");
        }
        return (int) n;
    }

    /** The integers behind a real tensor (null when it has none, and for an integer tensor). */
    static Ints source(Tensor t) {
        return t instanceof Real r ? r.source() : null;
    }

    /**
     * Real values. {@code source} is the integer tensor they stand for (they are its dequantized values), so an
     * operator that can work on the integers takes those instead. {@code formed} says whether the
     * post-processing unit has produced the real values (false for a tensor whose integers come straight from
     * a requantization: a reader that needs real values dequantizes them, which costs one operation per element).
     */
    record Real(int[] shape, double[] data, Ints source, boolean formed) implements Tensor {
        public Real {
            if (Tensor.size(shape) != data.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + Tensor.size(shape) + " values, got " + data.length);
            }
            if (source != null && !Arrays.equals(source.shape(), shape)) {
                throw new IllegalArgumentException("a real tensor and its integers must have one shape");
            }
        }

        /** Real values with no integers behind them. */
        public Real(int[] shape, double[] data) {
            this(shape, data, null, true);
        }

        /** Real values formed by the post-processing unit (dequantized), with the integers they come from. */
        public Real(int[] shape, double[] data, Ints source) {
            this(shape, data, source, true);
        }

        /** The same values, marked as formed (the post-processing unit dequantized them). */
        public Real asFormed() {
            return formed ? this : new Real(shape, data, source, true);
        }
    }

    /**
     * Integers: real value = scale[c] * (q - zeroPoint[c]) with c the index along {@code axis} (one scale and zero
     * point for the whole tensor when their length is 1). ONNX integer tensors (int32 results, int64 shapes,
     * QuantizeLinear's outputs) are integers with ONNX's integer semantics; their parameters matter only where
     * they are the source of a real tensor. Plain integers have scale 1 and zero point 0.
     */
    record Ints(int[] shape, int[] data, Operand type, double[] scale, long[] zeroPoint, int axis) implements Tensor {
        public Ints {
            if (Tensor.size(shape) != data.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + Tensor.size(shape) + " values, got " + data.length);
            }
            if (scale.length != zeroPoint.length || (scale.length > 1 && (axis < 0 || axis >= shape.length || shape[axis] != scale.length))) {
                throw new IllegalArgumentException("quantization parameters do not match shape " + Arrays.toString(shape) + " along axis " + axis);
            }
        }

        /** Plain integers (scale 1, zero point 0). */
        public static Ints plain(int[] shape, int[] data, Operand type) {
            return new Ints(shape, data, type, new double[] {1}, new long[] {0}, 0);
        }

        /** The same integers with another shape: per-tensor parameters only. */
        public Ints reshaped(int[] newShape) {
            return new Ints(newShape, data, type, scale, zeroPoint, 0);
        }

        public boolean perTensor() {
            return scale.length == 1;
        }

        /** The parameter index of flat element i. */
        public int channel(int i) {
            if (scale.length == 1) {
                return 0;
            }
            int inner = 1;
            for (int d = axis + 1; d < shape.length; d++) {
                inner *= shape[d];
            }
            return (i / inner) % shape[axis];
        }

        /** scale[c] * (q - zeroPoint[c]) for every element, in float32, as a real tensor not yet formed. */
        public Real dequantized() {
            double[] out = new double[data.length];
            for (int i = 0; i < data.length; i++) {
                int c = channel(i);
                out[i] = (float) ((float) (data[i] - zeroPoint[c]) * (float) scale[c]);
            }
            return new Real(shape, out, this, false);
        }

        /** The values as real numbers (no quantization parameters applied: for integer tensors used as numbers). */
        public double[] asDoubles() {
            double[] out = new double[data.length];
            for (int i = 0; i < data.length; i++) {
                out[i] = data[i];
            }
            return out;
        }
    }

    /**
     * A tensor whose element i is element {@code from.applyAsInt(i)} of {@code t} (a transpose, slice, gather,
     * reshape...): real values, their integers and their formed state move together. Per-axis integers stay when
     * some output axis carries the channels exactly; otherwise the integers are dropped (the real values stay).
     */
    static Tensor rearranged(Tensor t, int[] shape, IntUnaryOperator from) {
        int n = size(shape);
        if (t instanceof Ints q) {
            int[] v = pick(q.data(), n, from);
            int axis = q.perTensor() ? 0 : channelAxis(q, shape, from);
            return axis < 0 ? Ints.plain(shape, v, q.type()) : new Ints(shape, v, q.type(), q.scale(), q.zeroPoint(), axis);
        }
        Real r = (Real) t;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = r.data()[from.applyAsInt(i)];
        }
        Ints s = r.source();
        Ints moved = null;
        if (s != null) {
            int[] q = pick(s.data(), n, from);
            if (s.perTensor()) {
                moved = new Ints(shape, q, s.type(), s.scale(), s.zeroPoint(), 0);
            } else {
                int axis = channelAxis(s, shape, from);
                moved = axis < 0 ? null : new Ints(shape, q, s.type(), s.scale(), s.zeroPoint(), axis);
            }
        }
        return new Real(shape, d, moved, r.formed() || moved == null);
    }

    private static int[] pick(int[] data, int n, IntUnaryOperator from) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = data[from.applyAsInt(i)];
        }
        return out;
    }

    /** The output axis along which every element keeps its source channel, or -1. */
    private static int channelAxis(Ints s, int[] shape, IntUnaryOperator from) {
        int channels = s.scale().length;
        for (int a = 0; a < shape.length; a++) {
            if (shape[a] != channels) {
                continue;
            }
            int inner = 1;
            for (int d = a + 1; d < shape.length; d++) {
                inner *= shape[d];
            }
            boolean same = true;
            for (int i = 0, n = size(shape); i < n && same; i++) {
                same = (i / inner) % channels == s.channel(from.applyAsInt(i));
            }
            if (same) {
                return a;
            }
        }
        return -1;
    }
}
