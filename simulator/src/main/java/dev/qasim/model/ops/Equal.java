package dev.qasim.model.ops;

/** Equal with broadcasting: a bool tensor. One PPU operation per output element. */
final class Equal extends Binary {
    static final Schema SCHEMA = Schema.op("Equal").versions(7, 11, 13, 19).inputs(2, 2).build(p -> new Equal());

    @Override
    double apply(double a, double b) {
        return a == b ? 1 : 0;
    }

    @Override
    Long applyInts(long a, long b) {
        return a == b ? 1L : 0L;
    }

    @Override
    boolean logical() {
        return true;
    }
}
