package dev.qasim.model.ops;

import dev.qasim.arith.Rounding;
import dev.qasim.workload.Operand;

/**
 * Clip (bounds as inputs, opset 11 on): on integers the hardware holds but has not formed as reals (a float model
 * quantized by qasim) the bounds are put on the tensor's integer grid (ReLU6 on integers); on integer tensors with
 * ONNX's integer semantics; in float otherwise. One PPU operation per element.
 */
final class Clip extends Op {
    static final Schema SCHEMA = Schema.op("Clip").versions(11, 12, 13).inputs(1, 3).build(p -> new Clip());

    @Override
    public void run(Exec x) {
        Tensor t = x.in(0);
        for (int i = 1; i < 3; i++) {
            if (x.in(i) != null && x.in(i).size() != 1) {
                throw x.badInput(i, java.util.Arrays.toString(x.in(i).shape()), "a Clip bound must be a scalar");
            }
        }
        double lo = x.in(1) != null ? scalar(x, 1) : Double.NEGATIVE_INFINITY;
        double hi = x.in(2) != null ? scalar(x, 2) : Double.POSITIVE_INFINITY;
        if (Double.isNaN(lo) || Double.isNaN(hi)) {
            throw x.bad("", "NaN", "a Clip bound is NaN");
        }
        x.ppu().ops(t.size());
        Tensor.Ints q = Tensor.source(t);
        if (q != null && q.perTensor() && !((Tensor.Real) t).formed()) {
            // the bounds on the tensor's own grid (ReLU6 on integers)
            double s = q.scale()[0];
            long z = q.zeroPoint()[0];
            long qlo = onGrid(lo / s, z, q.type());
            long qhi = onGrid(hi / s, z, q.type());
            int[] y = new int[q.size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = (int) Math.max(qlo, Math.min(qhi, q.data()[i]));
            }
            x.out(0, Unary.onIntegers((Tensor.Real) t, y));
            return;
        }
        if (t instanceof Tensor.Ints ints) {
            int[] y = new int[ints.size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = (int) Math.max(Math.ceil(lo), Math.min(Math.floor(hi), ints.data()[i]));
            }
            x.out(0, Tensor.Ints.plain(ints.shape(), y, ints.type()));
            return;
        }
        Tensor.Real r = x.real(t);
        double[] y = new double[r.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.max(lo, Math.min(hi, r.data()[i]));
        }
        x.out(0, new Tensor.Real(r.shape(), y));
    }

    private static double scalar(Exec x, int i) {
        Tensor b = x.in(i);
        return b instanceof Tensor.Ints q ? q.data()[0] : x.real(b).data()[0];
    }

    /**
     * A Clip bound on a tensor's integer grid: round(bound / scale) + zero point, within the type (a tiny scale
     * makes a finite bound huge, which is as good as no bound).
     */
    private static long onGrid(double steps, long zeroPoint, Operand type) {
        double clamped = Math.max(type.min() - zeroPoint, Math.min(type.max() - zeroPoint, steps));
        return Math.max(type.min(), Math.min(type.max(), Rounding.halfEven(clamped) + zeroPoint));
    }
}
