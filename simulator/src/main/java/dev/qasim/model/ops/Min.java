package dev.qasim.model.ops;

/** Min of one or more inputs, elementwise with broadcasting. */
final class Min extends Variadic {
    static final Schema SCHEMA = Schema.op("Min").versions(8, 12, 13).inputs(1, Integer.MAX_VALUE).build(p -> new Min());

    @Override
    double combine(double a, double b) {
        return Math.min(a, b);
    }
}
