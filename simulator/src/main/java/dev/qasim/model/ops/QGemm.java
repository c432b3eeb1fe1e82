package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.FLOAT;
import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INT;

import java.util.Arrays;

/**
 * onnxruntime's QGemm (com.microsoft): A, a_scale, a_zero_point, B, b_scale, b_zero_point (per tensor or per
 * column), optional int32 C in steps of alpha a_scale b_scale, optional y_scale and y_zero_point (without them the
 * output is real). The stored values on the array (a fc layer when transB = 1), corrections, C and the
 * requantization in the PPU.
 */
final class QGemm extends Op {
    static final Schema SCHEMA = Schema.op(Registry.MICROSOFT, "QGemm").inputs(6, 9).attr("alpha", FLOAT).attr("transA", INT)
            .attr("transB", INT).array().build(QGemm::new);

    private final double alpha;
    private final boolean transA;
    private final boolean transB;

    QGemm(Parsed p) {
        alpha = p.finite("alpha", 1);
        transA = p.flag("transA", false);
        transB = p.flag("transB", false);
    }

    @Override
    public void run(Exec x) {
        for (int i : new int[] {0, 3}) {
            if (!(x.in(i) instanceof Tensor.Ints) || x.in(i).rank() != 2) {
                throw x.badInput(i, x.in(i) == null ? null : Arrays.toString(x.in(i).shape()), "QGemm multiplies 2-D 8-bit integer matrices");
            }
        }
        Tensor.Ints a = ArrayWork.withParams(x, 0, (Tensor.Ints) x.in(0), x.in(1), x.in(2), 0);
        if (transA) {
            a = (Tensor.Ints) Tensor.source(MatMul.transposed2d(a.dequantized()));
        }
        Tensor.Ints b = ArrayWork.withParams(x, 3, (Tensor.Ints) x.in(3), x.in(4), x.in(5), transB ? 0 : 1);
        int m = a.shape()[0];
        int n = transB ? b.shape()[0] : b.shape()[1];
        Tensor.Real bias = null;
        if (x.in(6) != null) {
            if (!(x.in(6) instanceof Tensor.Ints c)) {
                throw x.badInput(6, "real numbers", "C must be int32 integers in steps of alpha a_scale b_scale");
            }
            int[] cs = c.shape();
            int cm = cs.length == 2 ? cs[0] : 1;
            int cn = cs.length >= 1 ? cs[cs.length - 1] : 1;
            if (cs.length > 2 || cm != 1 && cm != m || cn != 1 && cn != n) {
                throw x.badInput(6, Arrays.toString(cs), "C must broadcast to the product's shape [" + m + ", " + n + "]");
            }
            double[] r = new double[m * n];
            for (int i = 0; i < r.length; i++) {
                int row = i / n;
                int col = i % n;
                int q = c.data()[(cm == 1 ? 0 : row) * cn + (cn == 1 ? 0 : col)];
                r[i] = q * alpha * a.scale()[0] * b.scale()[b.perTensor() ? 0 : col];
            }
            bias = new Tensor.Real(new int[] {m, n}, r);
        }
        Target target = x.in(7) == null ? null : ArrayWork.own(x, 7, 8);
        ArrayWork.matmul(x, a, b, transB, alpha, bias, target, 3);
    }
}
