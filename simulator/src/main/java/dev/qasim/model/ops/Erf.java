package dev.qasim.model.ops;

/** Erf: the error function (the exact form of GELU exports), to double precision. One PPU operation per element. */
final class Erf extends Unary {
    static final Schema SCHEMA = Schema.op("Erf").versions(9, 13).build(p -> new Erf());

    @Override
    double apply(double v) {
        return Special.erf(v);
    }
}
