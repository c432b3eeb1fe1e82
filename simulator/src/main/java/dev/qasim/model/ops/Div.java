package dev.qasim.model.ops;

/**
 * Div with broadcasting: a / b; on integer tensors the quotient truncated toward zero (as C and onnxruntime), a
 * division by zero refused. One PPU operation per output element.
 */
final class Div extends Binary {
    static final Schema SCHEMA = Schema.op("Div").versions(7, 13, 14).inputs(2, 2).build(p -> new Div());

    @Override
    double apply(double a, double b) {
        return a / b;
    }

    @Override
    Long applyInts(long a, long b) {
        return b == 0 ? Long.MIN_VALUE : a / b;
    }

    @Override
    public void run(Exec x) {
        if (x.in(0) instanceof Tensor.Ints && x.in(1) instanceof Tensor.Ints q) {
            for (int v : q.data()) {
                if (v == 0) {
                    throw x.badInput(1, "0", "an integer division by zero");
                }
            }
        }
        super.run(x);
    }

    @Override
    boolean multiplies() {
        return true;
    }
}
