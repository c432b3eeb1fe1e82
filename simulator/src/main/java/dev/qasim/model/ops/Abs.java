package dev.qasim.model.ops;

/** Abs: |x|. One PPU operation per element. */
final class Abs extends Unary {
    static final Schema SCHEMA = Schema.op("Abs").versions(6, 13).build(p -> new Abs());

    @Override
    double apply(double v) {
        return Math.abs(v);
    }

    @Override
    Long applyInt(long v) {
        return (long) Math.abs(v);
    }
}
