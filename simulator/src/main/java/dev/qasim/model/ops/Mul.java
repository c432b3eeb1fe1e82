package dev.qasim.model.ops;

/** Mul with broadcasting: a b (integers wrap to their type, as ONNX). One PPU operation per output element. */
final class Mul extends Binary {
    static final Schema SCHEMA = Schema.op("Mul").versions(7, 13, 14).inputs(2, 2).build(p -> new Mul());

    @Override
    double apply(double a, double b) {
        return a * b;
    }

    @Override
    Long applyInts(long a, long b) {
        return a * b;
    }

    @Override
    boolean multiplies() {
        return true;
    }
}
