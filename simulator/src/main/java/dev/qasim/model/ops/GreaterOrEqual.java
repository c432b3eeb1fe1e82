package dev.qasim.model.ops;

/** GreaterOrEqual with broadcasting: a bool tensor. One PPU operation per output element. */
final class GreaterOrEqual extends Binary {
    static final Schema SCHEMA = Schema.op("GreaterOrEqual").versions(12, 16).inputs(2, 2).build(p -> new GreaterOrEqual());

    @Override
    double apply(double a, double b) {
        return a >= b ? 1 : 0;
    }

    @Override
    Long applyInts(long a, long b) {
        return a >= b ? 1L : 0L;
    }

    @Override
    boolean logical() {
        return true;
    }
}
