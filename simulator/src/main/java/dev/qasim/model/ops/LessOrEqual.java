package dev.qasim.model.ops;

/** LessOrEqual with broadcasting: a bool tensor. One PPU operation per output element. */
final class LessOrEqual extends Binary {
    static final Schema SCHEMA = Schema.op("LessOrEqual").versions(12, 16).inputs(2, 2).build(p -> new LessOrEqual());

    @Override
    double apply(double a, double b) {
        return a <= b ? 1 : 0;
    }

    @Override
    Long applyInts(long a, long b) {
        return a <= b ? 1L : 0L;
    }

    @Override
    boolean logical() {
        return true;
    }
}
