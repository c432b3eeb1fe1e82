package dev.qasim.model.ops;

/** Cos. One PPU operation per element. */
final class Cos extends Unary {
    static final Schema SCHEMA = Schema.op("Cos").versions(7).build(p -> new Cos());

    @Override
    double apply(double v) {
        return Math.cos(v);
    }
}
