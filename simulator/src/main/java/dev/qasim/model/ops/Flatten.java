package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INT;

/** Flatten: (d0 .. d_axis-1, d_axis ..) to 2-D; addressing only (no PPU work), integers kept. */
final class Flatten extends Op {
    static final Schema SCHEMA = Schema.op("Flatten").versions(1, 9, 11, 13, 21).attr("axis", INT).build(Flatten::new);

    private final long axis;

    Flatten(Parsed p) {
        axis = p.i("axis", 1);
    }

    @Override
    public boolean takesIntegers(int i) {
        return true;
    }

    @Override
    public void run(Exec x) {
        Tensor t = x.in(0);
        int[] s = t.shape();
        int a = axis == s.length ? s.length : Shapes.axis(x, "axis", axis, s.length);
        int outer = Tensor.size(java.util.Arrays.copyOf(s, a));
        x.out(0, Tensor.rearranged(t, new int[] {outer, outer == 0 ? 0 : t.size() / outer}, i -> i));
    }
}
