package dev.qasim.model.ops;

/**
 * onnxruntime's QLinearAveragePool and QLinearGlobalAveragePool (com.microsoft): X, x_scale, x_zero_point, y_scale,
 * y_zero_point; the sum of each window's integers (less the zero point) at the PPU's width, requantized by
 * x_scale / (count y_scale). NCHW only (channels_last 0). Kh Kw + 1 PPU operations per output.
 */
class QLinearPool extends Op {
    private final boolean global;
    private final boolean countPad;

    QLinearPool(Parsed p, boolean global) {
        this.global = global;
        if (!global) {
            Window.attributes(p.node(), p.source(), p.problems());
        }
        countPad = p.flag("count_include_pad", false);
        if (p.i("channels_last", 0) != 0) {
            p.problem("channels_last", "1", "only NCHW inputs (channels_last 0) are supported");
        }
    }

    @Override
    public void run(Exec x) {
        Tensor.Ints q = QLinearBinary.input(x, 0, 1, 2);
        if (!q.perTensor()) {
            throw x.badInput(1, java.util.Arrays.toString(x.in(1).shape()), "the input scale must be a scalar");
        }
        Target y = QLinearBinary.output(x, 3, 4, q.type());
        Window win = global ? Window.global(x.node(), q.shape(), x.source()) : Window.pool(x.node(), q.shape(), x.source());
        int[] s = q.shape();
        int[] outShape = {s[0], s[1], win.outHeight(), win.outWidth()};
        x.ppu().ops((long) Tensor.size(outShape) * (win.kernelSize() + 1));
        x.ppu().multiplies(Tensor.size(outShape));
        x.putTarget(y, outShape, Pool.integers(x, q, win, false, countPad, y));
    }
}
