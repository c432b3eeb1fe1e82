package dev.qasim.model.ops;

/** Sum of one or more inputs, elementwise with broadcasting. */
final class Sum extends Variadic {
    static final Schema SCHEMA = Schema.op("Sum").versions(8, 13).inputs(1, Integer.MAX_VALUE).build(p -> new Sum());

    @Override
    double combine(double a, double b) {
        return a + b;
    }
}
