package dev.qasim.model.ops;

/** ReduceProd: the product over the axes (see {@link Reduce}). */
final class ReduceProd extends Reduce {
    static final Schema SCHEMA = schema("ReduceProd", 18, 1, 11, 13, 18).build(ReduceProd::new);

    ReduceProd(Parsed p) {
        super(p);
    }

    @Override
    double start() {
        return 1;
    }

    @Override
    double combine(double acc, double v) {
        return acc * v;
    }

    @Override
    boolean exactOnIntegers() {
        return true;
    }
}
