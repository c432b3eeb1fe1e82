package dev.qasim.model.ops;

import java.util.Arrays;

/**
 * MatMul, (..., M, K) x (..., K, N) with NumPy's broadcasting of the batch dimensions and of 1-D operands. On the
 * array when both operands have integers: one layer (a gemm; G groups when both sides carry G batches, as in
 * attention's Q K^T and P V); in float otherwise.
 */
final class MatMul extends Op {
    static final Schema SCHEMA = Schema.op("MatMul").versions(1, 9, 13).inputs(2, 2).array().build(p -> new MatMul());

    @Override
    public boolean takesIntegers(int i) {
        return true;
    }

    @Override
    public void run(Exec x) {
        if (x.in(0) instanceof Tensor.Ints || x.in(1) instanceof Tensor.Ints) {
            throw x.bad("", "integer tensors", "MatMul of integer tensors is not supported; MatMulInteger multiplies integers");
        }
        Tensor.Ints a = x.dataInts(0);
        Tensor.Ints b = x.dataInts(1);
        if (a == null || b == null) {
            floatProduct(x, x.real(x.in(0)), x.real(x.in(1)), false, 1, null);
            return;
        }
        ArrayWork.matmul(x, a, b, false, 1, null, x.fusedTarget(), 1);
    }

    /** A 2-D real tensor transposed (its integers too). */
    static Tensor.Real transposed2d(Tensor.Real t) {
        int r = t.shape()[0];
        int c = t.shape()[1];
        return (Tensor.Real) Tensor.rearranged(t, new int[] {c, r}, i -> (i % r) * c + i / r);
    }

    /**
     * alpha a b (+ bias broadcast over the output's last two dimensions) in float, with NumPy's matmul broadcasting;
     * the multiply-adds counted in the PPU.
     */
    static void floatProduct(Exec x, Tensor.Real a, Tensor.Real b, boolean transB, double alpha, Tensor.Real bias) {
        Product p = Product.of(x, a.shape(), b.shape(), transB, 1);
        int m = p.m();
        int k = p.k();
        int n = p.n();
        int batches = p.batches();
        double[] y = new double[batches * m * n];
        for (int g = 0; g < batches; g++) {
            int ai = FloatOps.broadcastIndex(g, p.batch(), p.aBatch()) * m * k;
            int bi = FloatOps.broadcastIndex(g, p.batch(), p.bBatch()) * k * n;
            double[] part = FloatOps.matmul(Arrays.copyOfRange(a.data(), ai, ai + m * k), m, k,
                    Arrays.copyOfRange(b.data(), bi, bi + k * n), n, transB);
            System.arraycopy(part, 0, y, g * m * n, m * n);
        }
        int[] full = {batches * m, n};
        for (int i = 0; i < y.length; i++) {
            y[i] = alpha * y[i] + (bias == null ? 0 : bias.data()[FloatOps.broadcastIndex(i, full, bias.shape())]);
        }
        x.ppu().products((long) y.length * k);
        x.out(0, new Tensor.Real(p.shape(), y));
    }
}
