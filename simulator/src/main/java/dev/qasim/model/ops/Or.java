package dev.qasim.model.ops;

/** Or of two bool tensors with broadcasting. One PPU operation per output element. */
final class Or extends Binary {
    static final Schema SCHEMA = Schema.op("Or").versions(7).inputs(2, 2).build(p -> new Or());

    @Override
    double apply(double a, double b) {
        return a != 0 || b != 0 ? 1 : 0;
    }

    @Override
    Long applyInts(long a, long b) {
        return a != 0 || b != 0 ? 1L : 0L;
    }

    @Override
    boolean logical() {
        return true;
    }
}
