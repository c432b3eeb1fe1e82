package dev.qasim.model.ops;

/** ReduceMax: the maximum over the axes (see {@link Reduce}). */
final class ReduceMax extends Reduce {
    static final Schema SCHEMA = schema("ReduceMax", 18, 1, 11, 12, 13, 18, 20).build(ReduceMax::new);

    ReduceMax(Parsed p) {
        super(p);
    }

    @Override
    double start() {
        return Double.NEGATIVE_INFINITY;
    }

    @Override
    double combine(double acc, double v) {
        return Math.max(acc, v);
    }

    @Override
    boolean exactOnIntegers() {
        return true;
    }
}
