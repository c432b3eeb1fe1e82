package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.FLOAT;

/** Celu: max(0, x) + min(0, alpha (e^(x / alpha) - 1)) (alpha default 1). One PPU operation per element. */
final class Celu extends Unary {
    static final Schema SCHEMA = Schema.op("Celu").versions(12).attr("alpha", FLOAT).build(Celu::new);

    private final double alpha;

    Celu(Parsed p) {
        alpha = p.finite("alpha", 1.0);
    }

    @Override
    double apply(double v) {
        return Math.max(0, v) + Math.min(0, alpha * (Math.exp(v / alpha) - 1));
    }
}
