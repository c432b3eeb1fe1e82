package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INT;

import dev.qasim.workload.Operand;

/**
 * Shape (with start and end, opset 15 on) and Size: the input's dimensions, or its number of values, as int64.
 * What follows from them (the shape arithmetic of a dynamic batch) costs no PPU work.
 */
class Shape extends Op {
    static final Schema SCHEMA = Schema.op("Shape").versions(1, 13, 15, 19, 21).attr("start", INT, 15, Integer.MAX_VALUE)
            .attr("end", INT, 15, Integer.MAX_VALUE).build(p -> new Shape(p, false));

    private final boolean size;
    private final long start;
    private final Long end;

    Shape(Parsed p, boolean size) {
        this.size = size;
        this.start = p.i("start", 0);
        this.end = p.has("end") ? p.i("end", 0) : null;
    }

    @Override
    public boolean takesIntegers(int i) {
        return true;
    }

    @Override
    public void run(Exec x) {
        int[] s = x.in(0).shape();
        if (size) {
            x.out(0, Tensor.Ints.plain(new int[0], new int[] {Tensor.size(s)}, Operand.signed(32)));
            return;
        }
        int r = s.length;
        int from = (int) Math.max(0, Math.min(r, start < 0 ? start + r : start));
        long e = end == null ? r : end;
        int to = (int) Math.max(0, Math.min(r, e < 0 ? e + r : e));
        int[] dims = java.util.Arrays.copyOfRange(s, from, Math.max(from, to));
        x.out(0, Tensor.Ints.plain(new int[] {dims.length}, dims, Operand.signed(32)));
    }
}
