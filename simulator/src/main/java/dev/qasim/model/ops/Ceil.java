package dev.qasim.model.ops;

/** Ceil. One PPU operation per element. */
final class Ceil extends Unary {
    static final Schema SCHEMA = Schema.op("Ceil").versions(6, 13).build(p -> new Ceil());

    @Override
    double apply(double v) {
        return Math.ceil(v);
    }
}
