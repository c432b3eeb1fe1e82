package dev.qasim.model.ops;

/** ReduceSumSquare: the sum of squares over the axes (see {@link Reduce}). */
final class ReduceSumSquare extends Reduce {
    static final Schema SCHEMA = schema("ReduceSumSquare", 18, 1, 11, 13, 18).build(ReduceSumSquare::new);

    ReduceSumSquare(Parsed p) {
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
}
