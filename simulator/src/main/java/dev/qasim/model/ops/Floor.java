package dev.qasim.model.ops;

/** Floor. One PPU operation per element. */
final class Floor extends Unary {
    static final Schema SCHEMA = Schema.op("Floor").versions(6, 13).build(p -> new Floor());

    @Override
    double apply(double v) {
        return Math.floor(v);
    }
}
