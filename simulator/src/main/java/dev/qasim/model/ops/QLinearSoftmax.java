package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INT;

/**
 * onnxruntime's QLinearSoftmax (com.microsoft): X, X_scale, x_zero_point, y_scale, y_zero_point; the softmax of the
 * dequantized input along axis (opset 13 semantics when the opset attribute is 13 or more, else the input coerced to
 * 2-D), quantized. Four PPU operations per element.
 */
final class QLinearSoftmax extends Op {
    static final Schema SCHEMA = Schema.op(Registry.MICROSOFT, "QLinearSoftmax").inputs(4, 5).attr("axis", INT).required("opset", INT)
            .build(QLinearSoftmax::new);

    private final long axis;
    private final boolean coerced;

    QLinearSoftmax(Parsed p) {
        coerced = p.i("opset", 13) < 13;
        axis = p.i("axis", coerced ? 1 : -1);
    }

    @Override
    public void run(Exec x) {
        Tensor.Ints q = QLinearBinary.input(x, 0, 1, 2);
        Target y = QLinearBinary.output(x, 3, 4, q.type());
        Tensor.Real r = q.dequantized();
        double[] v = Softmax.of(x, r, axis, coerced, false);
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = QuantizeLinear.quantize(v[i], y.scale(), y.zeroPoint(), y.type());
        }
        x.ppu().ops(4L * out.length);
        x.ppu().multiplies(out.length);
        x.putTarget(y, r.shape(), out);
    }
}
