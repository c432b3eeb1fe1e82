package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INT;

import java.util.Arrays;

/**
 * Gather along an axis by integer indices (negative ones count from the end); the output's shape is the data's
 * with that axis replaced by the indices' shape. Addressing only, integers kept.
 */
final class Gather extends Op {
    static final Schema SCHEMA = Schema.op("Gather").versions(1, 11, 13).inputs(2, 2).attr("axis", INT).build(Gather::new);

    private final long axis;

    Gather(Parsed p) {
        axis = p.i("axis", 0);
    }

    @Override
    public boolean takesIntegers(int i) {
        return i == 0;
    }

    @Override
    public void run(Exec x) {
        Tensor t = x.in(0);
        int[] s = t.shape();
        int a = Shapes.axis(x, "axis", axis, s.length);
        int[] idx = Shapes.ints(x, 1);
        int[] is = x.in(1).shape();
        for (int v : idx) {
            if (v < -s[a] || v >= s[a]) {
                throw x.badInput(1, Integer.toString(v), "indices along axis " + a + " must be " + -s[a] + ".." + (s[a] - 1));
            }
        }
        int[] shape = new int[s.length - 1 + is.length];
        System.arraycopy(s, 0, shape, 0, a);
        System.arraycopy(is, 0, shape, a, is.length);
        System.arraycopy(s, a + 1, shape, a + is.length, s.length - a - 1);
        Shapes.checked(x, shape, "the gathered tensor");
        int inner = Tensor.size(Arrays.copyOfRange(s, a + 1, s.length));
        int count = idx.length;
        x.out(0, Tensor.rearranged(t, shape, i -> {
            int rest = i % inner;
            int k = (i / inner) % count;
            int outer = i / inner / count;
            int v = idx[k] < 0 ? idx[k] + s[a] : idx[k];
            return (outer * s[a] + v) * inner + rest;
        }));
    }
}
