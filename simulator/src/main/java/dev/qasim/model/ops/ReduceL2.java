package dev.qasim.model.ops;

/** ReduceL2: the Euclidean norm over the axes (see {@link Reduce}). */
final class ReduceL2 extends Reduce {
    static final Schema SCHEMA = schema("ReduceL2", 18, 1, 11, 13, 18).build(ReduceL2::new);

    ReduceL2(Parsed p) {
        super(p);
    }

    @Override
    double start() {
        return 0;
    }

    @Override
    double combine(double acc, double v) {
        return acc + v * v;
    }

    @Override
    double finish(double acc, int n) {
        return Math.sqrt(acc);
    }
}
