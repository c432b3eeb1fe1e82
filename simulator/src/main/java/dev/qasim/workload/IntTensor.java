package dev.qasim.workload;

import java.util.Arrays;

/**
 * A dense integer tensor in row-major order. The data array is shared, not copied: producers hand it over and
 * nobody writes to it afterwards.
 */
public final class IntTensor {
    private final int[] shape;
    private final int[] data;

    public IntTensor(int[] shape, int[] data) {
        long size = 1;
        for (int d : shape) {
            if (d < 1) {
                throw new IllegalArgumentException("tensor dimensions must be >= 1: " + Arrays.toString(shape));
            }
            size *= d;
        }
        if (size != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + size + " values, data has " + data.length);
        }
        this.shape = shape.clone();
        this.data = data;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int dim(int i) {
        return shape[i];
    }

    public int rank() {
        return shape.length;
    }

    public int size() {
        return data.length;
    }

    /** The backing array (row-major); read-only by convention. */
    public int[] data() {
        return data;
    }

    public int get(int flatIndex) {
        return data[flatIndex];
    }

    /** The smallest and largest value (a tensor always has at least one element). */
    public int[] range() {
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        for (int v : data) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return new int[] {lo, hi};
    }

    /** Equal when the shapes and every element are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof IntTensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "IntTensor" + Arrays.toString(shape);
    }
}
