package dev.qasim.model.ops;

/** Exp: e^x. One PPU operation per element. */
final class Exp extends Unary {
    static final Schema SCHEMA = Schema.op("Exp").versions(6, 13).build(p -> new Exp());

    @Override
    double apply(double v) {
        return Math.exp(v);
    }
}
