package dev.qasim.model.ops;

/** ReduceMean: the mean over the axes (see {@link Reduce}). */
final class ReduceMean extends Reduce {
    static final Schema SCHEMA = schema("ReduceMean", 18, 1, 11, 13, 18).build(ReduceMean::new);

    ReduceMean(Parsed p) {
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
        return acc / n;
    }
}
