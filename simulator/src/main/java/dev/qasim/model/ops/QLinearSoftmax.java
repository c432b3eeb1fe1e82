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
        int[] s = r.shape();
        int a = Shapes.axis(x, "axis", axis, s.length);
        int len = coerced ? Tensor.size(java.util.Arrays.copyOfRange(s, a, s.length)) : s[a];
        int inner = coerced ? 1 : Tensor.size(java.util.Arrays.copyOfRange(s, a + 1, s.length));
        int[] out = new int[r.size()];
        int groups = len == 0 ? 0 : r.size() / len;
        for (int g = 0; g < groups; g++) {
            int base = g / inner * len * inner + g % inner;
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < len; k++) {
                max = Math.max(max, r.data()[base + k * inner]);
            }
            double sum = 0;
            for (int k = 0; k < len; k++) {
                sum += Math.exp(r.data()[base + k * inner] - max);
            }
            for (int k = 0; k < len; k++) {
                double v = Math.exp(r.data()[base + k * inner] - max) / sum;
                out[base + k * inner] = QuantizeLinear.quantize(v, y.scale(), y.zeroPoint(), y.type());
            }
        }
        x.ppu().ops(4L * out.length);
        x.putTarget(y, s, out);
    }
}
