package dev.qasim.model.ops;

/** ConvInteger: the stored u8/s8 values on the array, the zero-point corrections in the PPU, int32 out. */
final class ConvInteger extends Op {
    static final Schema SCHEMA = Conv.windowed(Schema.op("ConvInteger").versions(10)).inputs(2, 4).array().build(ConvInteger::new);

    private final int group;

    ConvInteger(Parsed p) {
        group = Window.attributes(p.node(), p.source(), p.problems()).group();
    }

    @Override
    public void run(Exec x) {
        Tensor.Ints data = ArrayWork.withParams(x, 0, ints(x.in(0)), null, x.in(2), 1);
        Tensor.Ints w = ArrayWork.withParams(x, 1, ints(x.in(1)), null, x.in(3), 0);
        Window win = Window.conv(x.node(), data.shape(), w.shape(), 1, x.source());
        Target plain = new Target(x.node().output(0), ArrayWork.INT32, Integer.MIN_VALUE, Integer.MAX_VALUE, 1, 0, false,
                java.util.List.of(), false);
        // ConvInteger has no bias: its third input is the data's zero point
        ArrayWork.conv(x, data, w, null, -1, plain, 1, win, group);
    }

    static Tensor.Ints ints(Tensor t) {
        return t instanceof Tensor.Ints q ? q : null;
    }
}
