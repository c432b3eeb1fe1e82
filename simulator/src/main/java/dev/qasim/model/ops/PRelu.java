package dev.qasim.model.ops;

/** PRelu: x, or slope x below 0, the slope broadcast to x. One PPU operation per element. */
final class PRelu extends Binary {
    static final Schema SCHEMA = Schema.op("PRelu").versions(9, 16).inputs(2, 2).build(p -> new PRelu());

    @Override
    double apply(double a, double b) {
        return a < 0 ? a * b : a;
    }

    @Override
    boolean multiplies() {
        return true;
    }
}
