package dev.qasim.model.ops;

/** ReduceLogSumExp: the logarithm of the sum of exponentials over the axes (see {@link Reduce}). */
final class ReduceLogSumExp extends Reduce {
    static final Schema SCHEMA = schema("ReduceLogSumExp", 18, 1, 11, 13, 18).build(ReduceLogSumExp::new);

    ReduceLogSumExp(Parsed p) {
        super(p);
    }

    @Override
    double start() {
        return 0;
    }

    @Override
    double combine(double acc, double v) {
        return acc + Math.exp(v);
    }

    @Override
    double finish(double acc, int n) {
        return Math.log(acc);
    }
}
