package dev.qasim.model.ops;

/** Less with broadcasting: a bool tensor. One PPU operation per output element. */
final class Less extends Binary {
    static final Schema SCHEMA = Schema.op("Less").versions(7, 9, 13).inputs(2, 2).build(p -> new Less());

    @Override
    double apply(double a, double b) {
        return a < b ? 1 : 0;
    }

    @Override
    Long applyInts(long a, long b) {
        return a < b ? 1L : 0L;
    }

    @Override
    boolean logical() {
        return true;
    }
}
