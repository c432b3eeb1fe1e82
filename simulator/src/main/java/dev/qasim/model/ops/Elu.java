package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.FLOAT;

/** Elu: x, or alpha (e^x - 1) below 0 (alpha default 1). One PPU operation per element. */
final class Elu extends Unary {
    static final Schema SCHEMA = Schema.op("Elu").versions(6).attr("alpha", FLOAT).build(Elu::new);

    private final double alpha;

    Elu(Parsed p) {
        alpha = p.finite("alpha", 1.0);
    }

    @Override
    double apply(double v) {
        return v < 0 ? alpha * (Math.exp(v) - 1) : v;
    }
}
