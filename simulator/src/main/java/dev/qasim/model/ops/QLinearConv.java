package dev.qasim.model.ops;

/** QLinearConv: the stored values on the array; corrections, the int32 bias and the requantization in the PPU. */
final class QLinearConv extends Op {
    static final Schema SCHEMA = Conv.windowed(Schema.op("QLinearConv").versions(10)).inputs(8, 9).array().build(QLinearConv::new);

    private final int group;

    QLinearConv(Parsed p) {
        group = Window.attributes(p.node(), p.source(), p.problems()).group();
    }

    @Override
    public void run(Exec x) {
        Tensor.Ints data = ArrayWork.withParams(x, 0, ConvInteger.ints(x.in(0)), x.in(1), x.in(2), 1);
        Tensor.Ints w = ArrayWork.withParams(x, 3, ConvInteger.ints(x.in(3)), x.in(4), x.in(5), 0);
        Target own = ArrayWork.own(x, 6, 7);
        Window win = Window.conv(x.node(), data.shape(), w.shape(), 3, x.source());
        Tensor.Real bias = x.in(8) == null ? null : ArrayWork.intBias(x, 8, x.in(8), data, w);
        ArrayWork.conv(x, data, w, bias, 8, own, 3, win, group);
    }
}
