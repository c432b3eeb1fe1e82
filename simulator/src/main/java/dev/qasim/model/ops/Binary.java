package dev.qasim.model.ops;

import dev.qasim.workload.Operand;

/**
 * An elementwise function of two inputs with NumPy broadcasting: on real numbers in double precision (float32
 * inputs), on two integer tensors with ONNX's integer semantics (results wrap to the type's width, as ONNX's
 * reference does for uint8; a result beyond the 32 bits qasim holds integers in is refused). One PPU operation
 * per output element.
 */
abstract class Binary extends Op {

    /** The real result. */
    abstract double apply(double a, double b);

    /** The exact integer result (null: the operator has no integer form, integers are taken as reals). */
    Long applyInts(long a, long b) {
        return null;
    }

    /** Whether each element costs the post-processing unit a multiply (Mul, Div, PRelu). */
    boolean multiplies() {
        return false;
    }

    /** Whether the result is a boolean (comparisons, logic): integers 0 / 1 of type bool. */
    boolean logical() {
        return false;
    }

    @Override
    public void run(Exec x) {
        Tensor a = x.in(0);
        Tensor b = x.in(1);
        int[] shape = Shapes.broadcast(x, a.shape(), b.shape(), 0, 1);
        int n = Tensor.size(shape);
        if (multiplies()) {
            x.ppu().products(n);
        } else {
            x.ppu().ops(n);
        }
        if (a instanceof Tensor.Ints qa && b instanceof Tensor.Ints qb && applyInts(0, 1) != null) {
            Operand type = logical() ? Operand.unsigned(1) : qa.type();
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                long v = applyInts(qa.data()[FloatOps.broadcastIndex(i, shape, a.shape())], qb.data()[FloatOps.broadcastIndex(i, shape, b.shape())]);
                y[i] = wrap(x, v, type);
            }
            x.out(0, Tensor.Ints.plain(shape, y, type));
            return;
        }
        double[] ra = x.real(a).data();
        double[] rb = x.real(b).data();
        if (logical()) {
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = apply(ra[FloatOps.broadcastIndex(i, shape, a.shape())], rb[FloatOps.broadcastIndex(i, shape, b.shape())]) != 0 ? 1 : 0;
            }
            x.out(0, Tensor.Ints.plain(shape, y, Operand.unsigned(1)));
            return;
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = apply(ra[FloatOps.broadcastIndex(i, shape, a.shape())], rb[FloatOps.broadcastIndex(i, shape, b.shape())]);
        }
        x.out(0, new Tensor.Real(shape, y));
    }

    /** An integer result in a type: wrapped to its width below 32 bits; beyond 32 bits refused. */
    static int wrap(Exec x, long v, Operand type) {
        if (type.bits() < 32) {
            long m = 1L << type.bits();
            long w = Math.floorMod(v, m);
            return (int) (type.signedness() == dev.qasim.arith.Signedness.SIGNED && w >= m / 2 ? w - m : w);
        }
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw x.bad("", Long.toString(v), "an integer result beyond 32 bits: qasim holds integer tensors (int32, int64) in 32 bits");
        }
        return (int) v;
    }
}
