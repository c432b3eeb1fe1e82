package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.FLOAT;

/** Selu: gamma x, or gamma alpha (e^x - 1) below 0. One PPU operation per element. */
final class Selu extends Unary {
    static final Schema SCHEMA = Schema.op("Selu").versions(6).attr("alpha", FLOAT).attr("gamma", FLOAT).build(Selu::new);

    private final double alpha;
    private final double gamma;

    Selu(Parsed p) {
        alpha = p.finite("alpha", 1.67326319217681884765625);
        gamma = p.finite("gamma", 1.05070102214813232421875);
    }

    @Override
    double apply(double v) {
        return v <= 0 ? gamma * alpha * (Math.exp(v) - 1) : gamma * v;
    }
}
