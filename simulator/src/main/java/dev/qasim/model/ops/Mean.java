package dev.qasim.model.ops;

/** Mean of one or more inputs, elementwise with broadcasting. */
final class Mean extends Variadic {
    static final Schema SCHEMA = Schema.op("Mean").versions(8, 13).inputs(1, Integer.MAX_VALUE).build(p -> new Mean());

    @Override
    double combine(double a, double b) {
        return a + b;
    }

    @Override
    double finish(double v, int n) {
        return v / n;
    }
}
