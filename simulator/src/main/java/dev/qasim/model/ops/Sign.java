package dev.qasim.model.ops;

/** Sign: -1, 0 or 1. One PPU operation per element. */
final class Sign extends Unary {
    static final Schema SCHEMA = Schema.op("Sign").versions(9, 13).build(p -> new Sign());

    @Override
    double apply(double v) {
        return Math.signum(v);
    }

    @Override
    Long applyInt(long v) {
        return (long) Long.signum(v);
    }
}
