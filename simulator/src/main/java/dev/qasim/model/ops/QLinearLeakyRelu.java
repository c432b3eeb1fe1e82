package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.FLOAT;

/** QLinearLeakyRelu (com.microsoft): quantize(leaky_relu(dequantize(x))) with alpha (default 0.01). */
final class QLinearLeakyRelu extends QLinearUnary {
    static final Schema SCHEMA = schema("QLinearLeakyRelu").attr("alpha", FLOAT).build(QLinearLeakyRelu::new);

    private final double alpha;

    QLinearLeakyRelu(Parsed p) {
        alpha = p.finite("alpha", 0.01);
    }

    @Override
    double apply(double v) {
        return v < 0 ? (float) (alpha * v) : v;
    }
}
