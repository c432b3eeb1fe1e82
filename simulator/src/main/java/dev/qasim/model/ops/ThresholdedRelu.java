package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.FLOAT;

/** ThresholdedRelu: x above alpha, else 0 (alpha default 1). One PPU operation per element. */
final class ThresholdedRelu extends Unary {
    static final Schema SCHEMA = Schema.op("ThresholdedRelu").versions(10).attr("alpha", FLOAT).build(ThresholdedRelu::new);

    private final double alpha;

    ThresholdedRelu(Parsed p) {
        alpha = p.finite("alpha", 1.0);
    }

    @Override
    double apply(double v) {
        return v > alpha ? v : 0;
    }
}
