package dev.qasim.model.ops;

/** ReduceMin: the minimum over the axes (see {@link Reduce}). */
final class ReduceMin extends Reduce {
    static final Schema SCHEMA = schema("ReduceMin", 18, 1, 11, 12, 13, 18, 20).build(ReduceMin::new);

    ReduceMin(Parsed p) {
        super(p);
    }

    @Override
    double start() {
        return Double.POSITIVE_INFINITY;
    }

    @Override
    double combine(double acc, double v) {
        return Math.min(acc, v);
    }

    @Override
    boolean exactOnIntegers() {
        return true;
    }
}
