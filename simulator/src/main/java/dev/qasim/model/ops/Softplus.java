package dev.qasim.model.ops;

/** Softplus: ln(1 + e^x). One PPU operation per element. */
final class Softplus extends Unary {
    static final Schema SCHEMA = Schema.op("Softplus").versions(1).build(p -> new Softplus());

    @Override
    double apply(double v) {
        return v > 30 ? v : Math.log1p(Math.exp(v));
    }
}
