package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INT;
import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INTS;
import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.STRING;

/**
 * Conv (2-D): on the array when its data and weights have integers (a QDQ model's, or a float model's quantized
 * by qasim), the bias and requantization in the post-processing unit; in float otherwise (the float reference).
 */
final class Conv extends Op {
    static final Schema SCHEMA = windowed(Schema.op("Conv").versions(1, 11)).inputs(2, 3).array().build(Conv::new);

    /** The attributes every convolution and pooling window shares. */
    static Schema.Builder windowed(Schema.Builder b) {
        return b.attr("auto_pad", STRING).attr("dilations", INTS).attr("group", INT).attr("kernel_shape", INTS).attr("pads", INTS)
                .attr("strides", INTS);
    }

    private final int group;

    Conv(Parsed p) {
        group = Window.attributes(p.node(), p.source(), p.problems()).group();
    }

    @Override
    public boolean takesIntegers(int i) {
        return i < 2;
    }

    @Override
    public void run(Exec x) {
        Tensor.Ints data = x.dataInts(0);
        Tensor.Ints w = Tensor.source(x.in(1));
        Tensor b = x.in(2);
        if (data == null || w == null) {
            floatConv(x, group);
            return;
        }
        Window win = Window.conv(x.node(), data.shape(), w.shape(), 1, x.source());
        ArrayWork.conv(x, data, w, b == null ? null : x.real(b), 2, x.fusedTarget(), 1, win, group);
    }

    /** The convolution in float (double arithmetic on float32 values), its multiply-adds counted in the PPU. */
    static void floatConv(Exec x, int group) {
        Tensor.Real in = x.real(x.in(0));
        Tensor.Real w = x.real(x.in(1));
        Tensor b = x.in(2);
        int[] ws = w.shape();
        Window win = Window.conv(x.node(), in.shape(), ws, 1, x.source());
        if (b != null && b.size() != ws[0]) {
            throw x.badInput(2, java.util.Arrays.toString(b.shape()), "the bias must have one value per output channel (" + ws[0] + ")");
        }
        double[] y = FloatOps.conv(in.data(), w.data(), b == null ? null : x.real(b).data(), win, ws[0], group);
        x.ppu().products((long) y.length * (w.size() / ws[0]));
        x.out(0, new Tensor.Real(new int[] {win.batch(), ws[0], win.outHeight(), win.outWidth()}, y));
    }
}
