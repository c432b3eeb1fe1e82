package dev.qasim.model.ops;

/**
 * An elementwise function of real numbers (Sqrt, Erf, Sigmoid, Tanh, ...), computed in double precision on the
 * float32 inputs, one PPU operation per element. Integer inputs are taken as their real values.
 */
abstract class Unary extends Op {

    /** The function's value at {@code v}. */
    abstract double apply(double v);

    /** The exact value at an integer (integer tensors keep their type), or null: integers are taken as reals. */
    Long applyInt(long v) {
        return null;
    }

    @Override
    public void run(Exec x) {
        if (x.in(0) instanceof Tensor.Ints q && applyInt(0) != null) {
            int[] y = new int[q.size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = Binary.wrap(x, applyInt(q.data()[i]), q.type());
            }
            x.ppu().ops(y.length);
            x.out(0, Tensor.Ints.plain(q.shape(), y, q.type()));
            return;
        }
        Tensor.Real r = x.real(x.in(0));
        double[] y = new double[r.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = apply(r.data()[i]);
        }
        x.ppu().ops(y.length);
        x.out(0, new Tensor.Real(r.shape(), y));
    }

    /** A real tensor whose integers are {@code q}, with the parameters of {@code like}'s integers, not formed as reals. */
    static Tensor.Real onIntegers(Tensor.Real like, int[] q) {
        Tensor.Ints s = like.source();
        return new Tensor.Ints(like.shape(), q, s.type(), s.scale(), s.zeroPoint(), s.axis()).dequantized();
    }
}
