package dev.qasim.model.ops;

/**
 * Relu: on the integers when its input has per-tensor integers (max(q, zero point), exact), on integer tensors as
 * ONNX's max(x, 0), in float otherwise. One PPU operation per element; fused into the integer operator before it
 * when that operator requantizes.
 */
final class Relu extends Op {
    static final Schema SCHEMA = Schema.op("Relu").versions(6, 13, 14).build(p -> new Relu());

    @Override
    public boolean takesIntegers(int i) {
        return true;
    }

    @Override
    public void run(Exec x) {
        Tensor t = x.in(0);
        x.ppu().ops(t.size());
        Tensor.Ints q = Tensor.source(t);
        if (q != null && q.perTensor()) {
            int[] y = new int[q.size()];
            long z = q.zeroPoint()[0];
            for (int i = 0; i < y.length; i++) {
                y[i] = (int) Math.max(q.data()[i], z);
            }
            x.out(0, Unary.onIntegers((Tensor.Real) t, y));
            return;
        }
        if (t instanceof Tensor.Ints ints) {
            int[] y = new int[ints.size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = Math.max(ints.data()[i], 0);
            }
            x.out(0, Tensor.Ints.plain(ints.shape(), y, ints.type()));
            return;
        }
        Tensor.Real r = x.real(t);
        double[] y = new double[r.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.max(0, r.data()[i]);
        }
        x.out(0, new Tensor.Real(r.shape(), y));
    }
}
