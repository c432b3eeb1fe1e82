package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INT;

import dev.qasim.workload.Operand;

/**
 * ArgMax and ArgMin along an axis: the index of the first (or, with select_last_index, the last) extreme, as int64;
 * keepdims keeps the axis as size 1. One PPU operation per input element.
 */
class ArgMax extends Op {
    static final Schema SCHEMA = schema("ArgMax").build(p -> new ArgMax(p, true));

    static Schema.Builder schema(String type) {
        return Schema.op(type).versions(1, 11, 12, 13).attr("axis", INT).attr("keepdims", INT)
                .attr("select_last_index", INT, 12, Integer.MAX_VALUE);
    }

    private final long axis;
    private final boolean keepDims;
    private final boolean last;
    private final boolean max;

    ArgMax(Parsed p, boolean max) {
        this.axis = p.i("axis", 0);
        this.keepDims = p.flag("keepdims", true);
        this.last = p.flag("select_last_index", false);
        this.max = max;
    }

    @Override
    public void run(Exec x) {
        Tensor t = x.in(0);
        double[] v = t instanceof Tensor.Ints q ? q.asDoubles() : x.real(t).data();
        int[] s = t.shape();
        int a = Shapes.axis(x, "axis", axis, s.length);
        int len = s[a];
        int inner = Tensor.size(java.util.Arrays.copyOfRange(s, a + 1, s.length));
        int outer = Tensor.size(java.util.Arrays.copyOf(s, a));
        int[] y = new int[outer * inner];
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                int best = 0;
                for (int k = 1; k < len; k++) {
                    double c = v[(o * len + k) * inner + in];
                    double b = v[(o * len + best) * inner + in];
                    boolean better = max ? c > b || last && c == b : c < b || last && c == b;
                    best = better ? k : best;
                }
                y[o * inner + in] = best;
            }
        }
        x.ppu().ops(v.length);
        int[] shape = s.clone();
        shape[a] = 1;
        if (!keepDims) {
            shape = java.util.stream.IntStream.range(0, s.length).filter(d -> d != a).map(d -> s[d]).toArray();
        }
        x.out(0, Tensor.Ints.plain(shape, y, Operand.signed(32)));
    }
}
