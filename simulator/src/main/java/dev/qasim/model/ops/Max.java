package dev.qasim.model.ops;

/** Max of one or more inputs, elementwise with broadcasting. */
final class Max extends Variadic {
    static final Schema SCHEMA = Schema.op("Max").versions(8, 12, 13).inputs(1, Integer.MAX_VALUE).build(p -> new Max());

    @Override
    double combine(double a, double b) {
        return Math.max(a, b);
    }
}
