package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.FLOAT;

/** LeakyRelu: x, or alpha x below 0 (alpha default 0.01). One PPU operation per element. */
final class LeakyRelu extends Unary {
    static final Schema SCHEMA = Schema.op("LeakyRelu").versions(6, 16).attr("alpha", FLOAT).build(LeakyRelu::new);

    private final double alpha;

    LeakyRelu(Parsed p) {
        alpha = p.finite("alpha", 0.01);
    }

    @Override
    double apply(double v) {
        return v < 0 ? alpha * v : v;
    }
}
