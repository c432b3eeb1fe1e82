package dev.qasim.model.ops;

/** Round: to the nearest integer, halves to even. One PPU operation per element. */
final class Round extends Unary {
    static final Schema SCHEMA = Schema.op("Round").versions(11).build(p -> new Round());

    @Override
    double apply(double v) {
        return Math.rint(v);
    }
}
