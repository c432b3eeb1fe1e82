package dev.qasim.model.ops;

/** MatMulInteger: the stored values on the array, the zero-point corrections in the PPU, int32 out. */
final class MatMulInteger extends Op {
    static final Schema SCHEMA = Schema.op("MatMulInteger").versions(10).inputs(2, 4).array().build(p -> new MatMulInteger());

    @Override
    public void run(Exec x) {
        Tensor.Ints a = ArrayWork.withParams(x, 0, ConvInteger.ints(x.in(0)), null, x.in(2), 0);
        Tensor.Ints braw = ConvInteger.ints(x.in(1));
        Tensor.Ints b = ArrayWork.withParams(x, 1, braw, null, x.in(3), braw == null ? 0 : braw.rank() - 1);
        Target plain = new Target(x.node().output(0), ArrayWork.INT32, Integer.MIN_VALUE, Integer.MAX_VALUE, 1, 0, false,
                java.util.List.of(), false);
        ArrayWork.matmul(x, a, b, false, 1, null, plain, 1);
    }
}
