package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INTS;

import java.util.Arrays;

/**
 * Squeeze (axes as an attribute before opset 13, as an input since) and Unsqueeze: dimensions of size 1 removed
 * or inserted; addressing only, integers kept.
 */
class Squeeze extends Op {
    static final Schema SCHEMA = Schema.op("Squeeze").versions(1, 11, 13, 21).inputs(1, 2).attr("axes", INTS, 0, 13)
            .build(p -> new Squeeze(p, false));

    private final boolean insert;
    private final long[] axes;

    Squeeze(Parsed p, boolean insert) {
        this.insert = insert;
        this.axes = p.ints("axes");
        if (insert && p.version() < 13 && axes == null) {
            p.problem("axes", null, "Unsqueeze needs its axes");
        }
    }

    @Override
    public boolean takesIntegers(int i) {
        return i == 0;
    }

    @Override
    public void run(Exec x) {
        Tensor t = x.in(0);
        int[] s = t.shape();
        long[] a = axes;
        if (x.in(1) != null) {
            a = Arrays.stream(Shapes.ints(x, 1)).asLongStream().toArray();
        }
        if (insert && a == null) {
            throw x.badInput(1, null, "Unsqueeze needs its axes");
        }
        int[] shape;
        if (insert) {
            int rank = s.length + a.length;
            boolean[] added = new boolean[rank];
            for (long v : a) {
                int ax = Shapes.axis(x, "axes", v, rank);
                if (added[ax]) {
                    throw x.bad(".axes", Arrays.toString(a), "an axis appears twice");
                }
                added[ax] = true;
            }
            shape = new int[rank];
            for (int d = 0, k = 0; d < rank; d++) {
                shape[d] = added[d] ? 1 : s[k++];
            }
        } else {
            boolean[] drop = new boolean[s.length];
            if (a == null || a.length == 0) {
                for (int d = 0; d < s.length; d++) {
                    drop[d] = s[d] == 1;
                }
            } else {
                for (long v : a) {
                    int ax = Shapes.axis(x, "axes", v, s.length);
                    if (s[ax] != 1) {
                        throw x.bad(".axes", Arrays.toString(a), "axis " + ax + " of " + Arrays.toString(s) + " is not of size 1");
                    }
                    drop[ax] = true;
                }
            }
            shape = java.util.stream.IntStream.range(0, s.length).filter(d -> !drop[d]).map(d -> s[d]).toArray();
        }
        x.out(0, Tensor.rearranged(t, shape, i -> i));
    }
}
