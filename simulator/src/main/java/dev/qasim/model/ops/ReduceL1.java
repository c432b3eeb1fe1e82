package dev.qasim.model.ops;

/** ReduceL1: the sum of absolute values over the axes (see {@link Reduce}). */
final class ReduceL1 extends Reduce {
    static final Schema SCHEMA = schema("ReduceL1", 18, 1, 11, 13, 18).build(ReduceL1::new);

    ReduceL1(Parsed p) {
        super(p);
    }

    @Override
    double start() {
        return 0;
    }

    @Override
    double combine(double acc, double v) {
        return acc + Math.abs(v);
    }
}
