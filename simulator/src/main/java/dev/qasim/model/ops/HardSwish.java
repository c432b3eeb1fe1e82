package dev.qasim.model.ops;

/** HardSwish: x max(0, min(1, x / 6 + 1 / 2)). One PPU operation per element. */
final class HardSwish extends Unary {
    static final Schema SCHEMA = Schema.op("HardSwish").versions(14).build(p -> new HardSwish());

    @Override
    double apply(double v) {
        return v * Math.max(0, Math.min(1, v / 6 + 0.5));
    }
}
