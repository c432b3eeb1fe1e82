package dev.qasim.model;

import dev.qasim.workload.Operand;
import java.util.Arrays;

/**
 * A value flowing through the model interpreter: real numbers ({@link Real}, float32 values held in doubles), or
 * stored integers with their quantization parameters ({@link Ints}). A scalar has shape {@code []}.
 */
sealed interface Tensor permits Tensor.Real, Tensor.Ints {

    int[] shape();

    default int size() {
        return size(shape());
    }

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

    /**
     * Real values. {@code source} is the integer tensor they were dequantized from (by DequantizeLinear), so an
     * operator that can work on the integers (the array, the PPU's integer paths) takes those instead.
     */
    record Real(int[] shape, double[] data, Ints source) implements Tensor {
        public Real {
            if (Tensor.size(shape) != data.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + Tensor.size(shape) + " values, got " + data.length);
            }
        }

        Real(int[] shape, double[] data) {
            this(shape, data, null);
        }
    }

    /**
     * Stored integers: real value = scale[c] * (q - zeroPoint[c]) with c the index along {@code axis} (one
     * scale and zero point for the whole tensor when their length is 1). Plain integer tensors (int32 results,
     * int64 shapes) have scale 1 and zero point 0.
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
        static Ints plain(int[] shape, int[] data, Operand type) {
            return new Ints(shape, data, type, new double[] {1}, new long[] {0}, 0);
        }

        /** The same integers with another shape (Flatten, Reshape): per-tensor parameters only. */
        Ints reshaped(int[] newShape) {
            return new Ints(newShape, data, type, scale, zeroPoint, 0); // callers keep per-tensor parameters only
        }

        boolean perTensor() {
            return scale.length == 1;
        }

        /** The parameter index of flat element i. */
        int channel(int i) {
            if (scale.length == 1) {
                return 0;
            }
            int inner = 1;
            for (int d = axis + 1; d < shape.length; d++) {
                inner *= shape[d];
            }
            return (i / inner) % shape[axis];
        }

        /** scale[c] * (q - zeroPoint[c]) for every element. */
        Real dequantized() {
            double[] out = new double[data.length];
            for (int i = 0; i < data.length; i++) {
                int c = channel(i);
                out[i] = (float) ((float) (data[i] - zeroPoint[c]) * (float) scale[c]);
            }
            return new Real(shape, out, this);
        }
    }
}
