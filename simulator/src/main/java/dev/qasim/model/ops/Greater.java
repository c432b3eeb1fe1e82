package dev.qasim.model.ops;

/** Greater with broadcasting: a bool tensor. One PPU operation per output element. */
final class Greater extends Binary {
    static final Schema SCHEMA = Schema.op("Greater").versions(7, 9, 13).inputs(2, 2).build(p -> new Greater());

    @Override
    double apply(double a, double b) {
        return a > b ? 1 : 0;
    }

    @Override
    Long applyInts(long a, long b) {
        return a > b ? 1L : 0L;
    }

    @Override
    boolean logical() {
        return true;
    }
}
