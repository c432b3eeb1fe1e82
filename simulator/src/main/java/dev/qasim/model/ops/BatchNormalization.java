package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.FLOAT;
import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INT;

import java.util.Arrays;

/**
 * BatchNormalization in inference mode: gamma (x - mean) / sqrt(var + epsilon) + beta per channel (axis 1), one
 * PPU operation per element. A batch norm right after a Conv or Gemm with constant weights is folded into it
 * before quantization (docs/quantization.md); training mode and its extra outputs are refused.
 */
final class BatchNormalization extends Op {
    static final Schema SCHEMA = Schema.op("BatchNormalization").versions(9, 14, 15).inputs(5, 5).outputs(1, 3)
            .attr("epsilon", FLOAT).attr("momentum", FLOAT).attr("training_mode", INT, 14, Integer.MAX_VALUE)
            .build(BatchNormalization::new);

    private final double epsilon;

    BatchNormalization(Parsed p) {
        epsilon = p.finite("epsilon", 1e-5);
        if (p.i("training_mode", 0) != 0 || p.node().outputs().size() > 1) {
            p.problem(null, "BatchNormalization", "only inference BatchNormalization (one output, training_mode 0) is supported");
        }
    }

    double epsilon() {
        return epsilon;
    }

    @Override
    public void run(Exec x) {
        Tensor.Real in = x.real(x.in(0));
        int[] s = in.shape();
        if (s.length < 2) {
            throw x.badInput(0, Arrays.toString(s), "needs at least 2 dimensions (N, C, ...)");
        }
        double[][] p = new double[4][];
        for (int i = 0; i < 4; i++) {
            p[i] = x.real(x.in(i + 1)).data();
            if (p[i].length != s[1]) {
                throw x.badInput(i + 1, Arrays.toString(x.in(i + 1).shape()), "needs one value per channel (" + s[1] + ")");
            }
        }
        int inner = s.length > 2 ? Tensor.size(Arrays.copyOfRange(s, 2, s.length)) : 1;
        double[] y = new double[in.size()];
        for (int i = 0; i < y.length; i++) {
            int c = (i / inner) % s[1];
            y[i] = p[0][c] * (in.data()[i] - p[2][c]) / Math.sqrt(p[3][c] + epsilon) + p[1][c];
        }
        x.ppu().products(y.length);
        x.out(0, new Tensor.Real(s, y));
    }
}
