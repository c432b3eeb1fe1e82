package dev.qasim.model.ops;

/** And of two bool tensors with broadcasting. One PPU operation per output element. */
final class And extends Binary {
    static final Schema SCHEMA = Schema.op("And").versions(7).inputs(2, 2).build(p -> new And());

    @Override
    double apply(double a, double b) {
        return a != 0 && b != 0 ? 1 : 0;
    }

    @Override
    Long applyInts(long a, long b) {
        return a != 0 && b != 0 ? 1L : 0L;
    }

    @Override
    boolean logical() {
        return true;
    }
}
