package dev.qasim.model.ops;

import java.util.Arrays;

/** Shape arithmetic shared by the kernels, with problems named for the node's inputs and attributes. */
final class Shapes {
    private Shapes() {}

    /** NumPy broadcasting of two shapes (of inputs {@code i} and {@code j}, for the message). */
    static int[] broadcast(Exec x, int[] a, int[] b, int i, int j) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int d = 0; d < rank; d++) {
            int da = d - (rank - a.length) >= 0 ? a[d - (rank - a.length)] : 1;
            int db = d - (rank - b.length) >= 0 ? b[d - (rank - b.length)] : 1;
            if (da != db && da != 1 && db != 1) {
                throw x.badInput(j, Arrays.toString(b), "does not broadcast with input " + i + " " + Arrays.toString(a)
                        + " (each dimension must be equal, or 1 on one side)");
            }
            out[d] = da == 1 ? db : da;
        }
        return out;
    }

    /** An axis attribute in -rank..rank-1 made non-negative. */
    static int axis(Exec x, String attribute, long axis, int rank) {
        if (axis < -rank || axis >= Math.max(rank, 1)) {
            throw x.bad("." + attribute, Long.toString(axis), "must be an axis of the " + rank + "-D input (" + -rank + ".." + (rank - 1) + ")");
        }
        return (int) (axis < 0 ? axis + rank : axis);
    }

    /** Integer values of input i (shapes, axes, indices): an integer tensor whose values are read as they are. */
    static int[] ints(Exec x, int i) {
        Tensor t = x.in(i);
        if (!(t instanceof Tensor.Ints q)) {
            throw x.badInput(i, t == null ? null : "real numbers", "must be an integer tensor (int64 or int32)");
        }
        return q.data();
    }

    /** The row-major strides of a shape. */
    static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = acc;
            acc *= shape[d];
        }
        return s;
    }

    /** Checks that a shape holds at most a Java array's worth of values (and no negative dimension). */
    static int[] checked(Exec x, int[] shape, String what) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw x.bad("", Arrays.toString(shape), what + " would have a negative dimension");
            }
            n *= d;
            if (n > Window.MAX_VALUES) {
                throw x.bad("", Arrays.toString(shape), what + " would hold more than " + Window.MAX_VALUES + " values");
            }
        }
        return shape;
    }
}
