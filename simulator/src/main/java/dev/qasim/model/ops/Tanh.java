package dev.qasim.model.ops;

/** Tanh. One PPU operation per element. */
final class Tanh extends Unary {
    static final Schema SCHEMA = Schema.op("Tanh").versions(6, 13).build(p -> new Tanh());

    @Override
    double apply(double v) {
        return Math.tanh(v);
    }
}
