package dev.qasim.model.ops;

/** Sigmoid: 1 / (1 + e^-x). One PPU operation per element. */
final class Sigmoid extends Unary {
    static final Schema SCHEMA = Schema.op("Sigmoid").versions(6, 13).build(p -> new Sigmoid());

    @Override
    double apply(double v) {
        return 1 / (1 + Math.exp(-v));
    }
}
