package dev.qasim.model.ops;

/** Sqrt: the square root (NaN below 0, as IEEE). One PPU operation per element. */
final class Sqrt extends Unary {
    static final Schema SCHEMA = Schema.op("Sqrt").versions(6, 13).build(p -> new Sqrt());

    @Override
    double apply(double v) {
        return Math.sqrt(v);
    }
}
