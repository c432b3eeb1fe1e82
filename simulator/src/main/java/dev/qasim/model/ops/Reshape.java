package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INT;

import java.util.Arrays;

/**
 * Reshape: a 0 copies the input's dimension (or is a 0-size dimension with allowzero 1), one -1 is inferred;
 * addressing only (no PPU work), integers kept.
 */
final class Reshape extends Op {
    static final Schema SCHEMA = Schema.op("Reshape").versions(5, 13, 14, 19, 21).inputs(2, 2)
            .attr("allowzero", INT, 14, Integer.MAX_VALUE).build(Reshape::new);

    private final boolean allowZero;

    Reshape(Parsed p) {
        allowZero = p.flag("allowzero", false);
    }

    @Override
    public boolean takesIntegers(int i) {
        return i == 0;
    }

    @Override
    public void run(Exec x) {
        Tensor t = x.in(0);
        int[] wanted = Shapes.ints(x, 1);
        if (x.in(1).rank() != 1) {
            throw x.badInput(1, Arrays.toString(x.in(1).shape()), "the shape must be a 1-D tensor");
        }
        x.out(0, Tensor.rearranged(t, shape(x, t.shape(), wanted, allowZero), i -> i));
    }

    /** The target shape of a reshape of {@code s} to {@code wanted} (0 copies, -1 inferred), checked. */
    static int[] shape(Exec x, int[] s, int[] wanted, boolean allowZero) {
        int[] shape = new int[wanted.length];
        long known = 1;
        int infer = -1;
        long size = Tensor.size(s);
        for (int i = 0; i < wanted.length; i++) {
            int w = wanted[i];
            if (w == 0 && !allowZero) {
                if (i >= s.length) {
                    throw x.badInput(1, Arrays.toString(wanted), "a 0 copies the input's dimension, but the input " + Arrays.toString(s)
                            + " has no dimension " + i);
                }
                w = s[i];
            }
            if (w == -1) {
                if (infer >= 0) {
                    throw x.badInput(1, Arrays.toString(wanted), "at most one dimension may be -1");
                }
                infer = i;
                continue;
            }
            if (w < 0) {
                throw x.badInput(1, Arrays.toString(wanted), "dimensions must be -1, 0 or positive");
            }
            shape[i] = w;
            known *= w;
        }
        if (infer >= 0) {
            if (known == 0 || size % known != 0) {
                throw x.badInput(1, Arrays.toString(wanted), "cannot infer the -1 dimension: " + size + " values of "
                        + Arrays.toString(s) + " do not divide into " + known);
            }
            shape[infer] = (int) (size / known);
            known *= shape[infer];
        }
        if (known != size) {
            throw x.badInput(1, Arrays.toString(wanted), "cannot reshape " + Arrays.toString(s) + " (" + size + " values) to "
                    + Arrays.toString(shape) + " (" + known + ")");
        }
        return shape;
    }
}
