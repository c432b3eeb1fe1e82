package dev.qasim.model.ops;

/** Reciprocal: 1 / x. One PPU operation per element. */
final class Reciprocal extends Unary {
    static final Schema SCHEMA = Schema.op("Reciprocal").versions(6, 13).build(p -> new Reciprocal());

    @Override
    double apply(double v) {
        return 1 / v;
    }
}
