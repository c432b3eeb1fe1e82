package dev.qasim.model.ops;

/** Sin. One PPU operation per element. */
final class Sin extends Unary {
    static final Schema SCHEMA = Schema.op("Sin").versions(7).build(p -> new Sin());

    @Override
    double apply(double v) {
        return Math.sin(v);
    }
}
