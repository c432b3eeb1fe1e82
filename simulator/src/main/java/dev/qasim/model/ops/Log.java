package dev.qasim.model.ops;

/** Log: the natural logarithm. One PPU operation per element. */
final class Log extends Unary {
    static final Schema SCHEMA = Schema.op("Log").versions(6, 13).build(p -> new Log());

    @Override
    double apply(double v) {
        return Math.log(v);
    }
}
