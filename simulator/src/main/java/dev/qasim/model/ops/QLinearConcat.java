package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INT;

import dev.qasim.quant.Requantizer;
import java.util.Arrays;

/**
 * onnxruntime's QLinearConcat (com.microsoft): Y_scale, Y_zero_point, then (X, X_scale, X_zero_point) per input;
 * every input requantized in integers to Y's parameters (one PPU operation per element; none for an input that
 * already has them), then joined along the axis.
 */
final class QLinearConcat extends Op {
    static final Schema SCHEMA = Schema.op(Registry.MICROSOFT, "QLinearConcat").inputs(5, Integer.MAX_VALUE).required("axis", INT)
            .build(QLinearConcat::new);

    private final long axis;

    QLinearConcat(Parsed p) {
        axis = p.i("axis", 0);
        if ((p.node().inputs().size() - 2) % 3 != 0) {
            p.problem(null, p.node().inputs().size() + " inputs", "QLinearConcat takes Y_scale, Y_zero_point and then (X, X_scale, "
                    + "X_zero_point) triples");
        }
    }

    @Override
    public void run(Exec x) {
        int n = (x.node().inputs().size() - 2) / 3;
        Tensor.Ints first = QLinearBinary.input(x, 2, 3, 4);
        Target y = QLinearBinary.output(x, 0, 1, first.type());
        Tensor[] parts = new Tensor[n];
        int r = first.rank();
        int a = Shapes.axis(x, "axis", axis, r);
        int[] shape = first.shape().clone();
        shape[a] = 0;
        for (int i = 0; i < n; i++) {
            Tensor.Ints q = QLinearBinary.input(x, 2 + 3 * i, 3 + 3 * i, 4 + 3 * i);
            int[] s = q.shape();
            for (int d = 0; d < r; d++) {
                if (s.length != r || d != a && s[d] != first.shape()[d]) {
                    throw x.badInput(2 + 3 * i, Arrays.toString(s), "must match the first input " + Arrays.toString(first.shape())
                            + " except along axis " + a);
                }
            }
            shape[a] += s[a];
            int[] v = q.data();
            if (q.scale()[0] != y.scale() || q.zeroPoint()[0] != y.zeroPoint() || !q.type().equals(y.type())) {
                Requantizer rq = ArrayWork.requantizer(x, q.scale()[0] / y.scale(), y);
                v = new int[q.size()];
                for (int k = 0; k < v.length; k++) {
                    v[k] = (int) rq.apply(q.data()[k] - q.zeroPoint()[0]);
                }
                x.ppu().ops(v.length);
            }
            parts[i] = Tensor.Ints.plain(s, v, y.type());
        }
        int outer = Tensor.size(Arrays.copyOf(shape, a));
        int inner = Tensor.size(Arrays.copyOfRange(shape, a + 1, r));
        int[] out = new int[Tensor.size(shape)];
        Concat.copy(parts, outer, inner, a, (src, si, di) -> out[di] = ((Tensor.Ints) src).data()[si]);
        x.putTarget(y, shape, out);
    }
}
