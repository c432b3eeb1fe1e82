package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INTS;

import java.util.Arrays;

/** Transpose by perm (default: the dimensions reversed); addressing only, integers kept. */
final class Transpose extends Op {
    static final Schema SCHEMA = Schema.op("Transpose").versions(1, 13, 21).attr("perm", INTS).build(Transpose::new);

    private final long[] perm;

    Transpose(Parsed p) {
        perm = p.ints("perm");
    }

    @Override
    public boolean takesIntegers(int i) {
        return true;
    }

    @Override
    public void run(Exec x) {
        Tensor t = x.in(0);
        int r = t.rank();
        int[] p = new int[r];
        boolean[] seen = new boolean[r];
        for (int d = 0; d < r; d++) {
            long v = perm == null ? r - 1 - d : d < perm.length ? perm[d] : -1;
            if (perm != null && (perm.length != r || v < 0 || v >= r || seen[(int) v])) {
                throw x.bad(".perm", Arrays.toString(perm), "must be a permutation of the " + r + " axes of input "
                        + Arrays.toString(t.shape()));
            }
            p[d] = (int) v;
            seen[(int) v] = true;
        }
        x.out(0, permuted(t, p));
    }

    /** {@code t} with output axis d taken from input axis p[d]. */
    static Tensor permuted(Tensor t, int[] p) {
        int[] s = t.shape();
        int r = s.length;
        int[] shape = new int[r];
        for (int d = 0; d < r; d++) {
            shape[d] = s[p[d]];
        }
        int[] inStrides = Shapes.strides(s);
        int[] outStrides = Shapes.strides(shape);
        return Tensor.rearranged(t, shape, i -> {
            int from = 0;
            for (int d = 0; d < r; d++) {
                from += (i / outStrides[d]) % shape[d] * inStrides[p[d]];
            }
            return from;
        });
    }
}
