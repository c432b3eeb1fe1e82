package dev.qasim.model.ops;

/** Softsign: x / (1 + |x|). One PPU operation per element. */
final class Softsign extends Unary {
    static final Schema SCHEMA = Schema.op("Softsign").versions(1).build(p -> new Softsign());

    @Override
    double apply(double v) {
        return v / (1 + Math.abs(v));
    }
}
