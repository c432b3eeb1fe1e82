package dev.qasim.model.ops;

/** Mish: x tanh(softplus(x)). One PPU operation per element. */
final class Mish extends Unary {
    static final Schema SCHEMA = Schema.op("Mish").versions(18).build(p -> new Mish());

    @Override
    double apply(double v) {
        return v * Math.tanh(v > 30 ? v : Math.log1p(Math.exp(v)));
    }
}
