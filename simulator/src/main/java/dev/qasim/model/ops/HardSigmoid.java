package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.FLOAT;

/** HardSigmoid: max(0, min(1, alpha x + beta)) (alpha 0.2, beta 0.5 by default). One PPU operation per element. */
final class HardSigmoid extends Unary {
    static final Schema SCHEMA = Schema.op("HardSigmoid").versions(6).attr("alpha", FLOAT).attr("beta", FLOAT).build(HardSigmoid::new);

    private final double alpha;
    private final double beta;

    HardSigmoid(Parsed p) {
        alpha = p.finite("alpha", 0.2);
        beta = p.finite("beta", 0.5);
    }

    @Override
    double apply(double v) {
        return Math.max(0, Math.min(1, alpha * v + beta));
    }
}
