package dev.qasim.model.ops;

/** ReduceSum: the sum over the axes (see {@link Reduce}). */
final class ReduceSum extends Reduce {
    static final Schema SCHEMA = schema("ReduceSum", 13, 1, 11, 13).build(ReduceSum::new);

    ReduceSum(Parsed p) {
        super(p);
    }

    @Override
    double start() {
        return 0;
    }

    @Override
    double combine(double acc, double v) {
        return acc + v;
    }

    @Override
    boolean exactOnIntegers() {
        return true;
    }
}
