package dev.qasim.model.ops;

/** QLinearMatMul: the stored values on the array; corrections and the requantization in the PPU. */
final class QLinearMatMul extends Op {
    static final Schema SCHEMA = Schema.op("QLinearMatMul").versions(10, 21).inputs(8, 8).array().build(p -> new QLinearMatMul());

    @Override
    public void run(Exec x) {
        Tensor.Ints a = ArrayWork.withParams(x, 0, ConvInteger.ints(x.in(0)), x.in(1), x.in(2), 0);
        Tensor.Ints braw = ConvInteger.ints(x.in(3));
        Tensor.Ints b = ArrayWork.withParams(x, 3, braw, x.in(4), x.in(5), braw == null ? 0 : braw.rank() - 1);
        ArrayWork.matmul(x, a, b, false, 1, null, ArrayWork.own(x, 6, 7), 3);
    }
}
