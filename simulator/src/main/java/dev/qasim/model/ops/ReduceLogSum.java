package dev.qasim.model.ops;

/** ReduceLogSum: the logarithm of the sum over the axes (see {@link Reduce}). */
final class ReduceLogSum extends Reduce {
    static final Schema SCHEMA = schema("ReduceLogSum", 18, 1, 11, 13, 18).build(ReduceLogSum::new);

    ReduceLogSum(Parsed p) {
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
    double finish(double acc, int n) {
        return Math.log(acc);
    }
}
