package dev.qasim.model.ops;

/** Neg: -x. One PPU operation per element. */
final class Neg extends Unary {
    static final Schema SCHEMA = Schema.op("Neg").versions(6, 13).build(p -> new Neg());

    @Override
    double apply(double v) {
        return -v;
    }

    @Override
    Long applyInt(long v) {
        return (long) -v;
    }
}
