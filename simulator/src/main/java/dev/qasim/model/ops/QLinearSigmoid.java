package dev.qasim.model.ops;

/** QLinearSigmoid (com.microsoft): quantize(sigmoid(dequantize(x))), see {@link QLinearUnary}. */
final class QLinearSigmoid extends QLinearUnary {
    static final Schema SCHEMA = schema("QLinearSigmoid").build(p -> new QLinearSigmoid());

    @Override
    double apply(double v) {
        return 1 / (1 + Math.exp(-v));
    }
}
