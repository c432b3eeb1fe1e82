package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.FLOAT;
import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INT;

import java.util.Arrays;

/**
 * Gemm: alpha A B + beta C with A, B optionally transposed. On the array (a fc layer when transB = 1, else a gemm
 * layer) when A and B have integers, C and the requantization in the PPU; in float otherwise.
 */
final class Gemm extends Op {
    // versions 6 to 9 differ from 11 in requiring C (and 6 in its broadcast flag, which numpy broadcasting covers)
    static final Schema SCHEMA = Schema.op("Gemm").versions(6, 7, 9, 11, 13).inputs(2, 3)
            .attr("alpha", FLOAT).attr("beta", FLOAT).attr("transA", INT).attr("transB", INT).attr("broadcast", INT, 6, 7).array()
            .build(Gemm::new);

    private final double alpha;
    private final double beta;
    private final boolean transA;
    private final boolean transB;

    Gemm(Parsed p) {
        alpha = p.finite("alpha", 1);
        beta = p.finite("beta", 1);
        transA = p.flag("transA", false);
        transB = p.flag("transB", false);
    }

    @Override
    public boolean takesIntegers(int i) {
        return i < 2;
    }

    @Override
    public void run(Exec x) {
        Tensor ta = x.in(0);
        Tensor tb = x.in(1);
        for (int i = 0; i < 2; i++) {
            if (x.in(i).rank() != 2) {
                throw x.badInput(i, Arrays.toString(x.in(i).shape()), "Gemm multiplies 2-D matrices");
            }
        }
        Tensor.Real bias = null;
        if (x.in(2) != null) {
            Tensor.Real c = x.real(x.in(2));
            double[] scaled = new double[c.size()];
            for (int i = 0; i < scaled.length; i++) {
                scaled[i] = beta * c.data()[i];
            }
            bias = new Tensor.Real(c.shape(), scaled);
            int m = ta.shape()[transA ? 1 : 0];
            int n = tb.shape()[transB ? 0 : 1];
            if (!broadcastsTo(c.shape(), m, n)) {
                throw x.badInput(2, Arrays.toString(c.shape()), "C must broadcast to the product's shape [" + m + ", " + n + "]");
            }
        }
        Tensor.Ints a = x.dataInts(0);
        Tensor.Ints b = x.dataInts(1);
        if (a == null || b == null) {
            Tensor.Real ra = x.real(ta);
            if (transA) {
                ra = MatMul.transposed2d(ra);
            }
            MatMul.floatProduct(x, ra, x.real(tb), transB, alpha, bias);
            return;
        }
        if (transA) {
            a = (Tensor.Ints) Tensor.source(MatMul.transposed2d(a.dequantized()));
        }
        ArrayWork.matmul(x, a, b, transB, alpha, bias, x.fusedTarget(), 1);
    }

    private static boolean broadcastsTo(int[] c, int m, int n) {
        if (c.length > 2) {
            return false;
        }
        int cm = c.length == 2 ? c[0] : 1;
        int cn = c.length >= 1 ? c[c.length - 1] : 1;
        return (cm == 1 || cm == m) && (cn == 1 || cn == n);
    }
}
