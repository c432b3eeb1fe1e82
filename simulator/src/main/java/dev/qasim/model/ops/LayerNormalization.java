package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.FLOAT;
import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INT;

import java.util.Arrays;

/**
 * LayerNormalization (opset 17): over the axes from axis (default the last) to the end, (x - mean) /
 * sqrt(variance + epsilon) times scale plus bias (both broadcast to the normalized axes), in double precision;
 * the optional Mean and InvStdDev outputs. Five PPU operations per element (the sum, the squared deviation, the
 * normalization, the scale, the bias). Exports before opset 17 write it as ReduceMean, Sub, Pow, Add, Sqrt, Div,
 * Mul, Add, which run node by node.
 */
final class LayerNormalization extends Op {
    static final Schema SCHEMA = Schema.op("LayerNormalization").versions(17).inputs(2, 3).outputs(1, 3)
            .attr("axis", INT).attr("epsilon", FLOAT).attr("stash_type", INT).build(LayerNormalization::new);

    private final long axis;
    private final double epsilon;

    LayerNormalization(Parsed p) {
        axis = p.i("axis", -1);
        epsilon = p.finite("epsilon", 1e-5);
        if (p.i("stash_type", 1) != 1) {
            p.problem("stash_type", Long.toString(p.i("stash_type", 1)), "only 1 (float) is supported");
        }
    }

    @Override
    public void run(Exec x) {
        Tensor.Real r = x.real(x.in(0));
        int[] s = r.shape();
        int a = Shapes.axis(x, "axis", axis, s.length);
        int[] normalized = Arrays.copyOfRange(s, a, s.length);
        int len = Tensor.size(normalized);
        Tensor.Real scale = x.real(x.in(1));
        Tensor.Real bias = x.in(2) == null ? null : x.real(x.in(2));
        for (int i = 1; i < 3; i++) {
            Tensor t = i == 1 ? scale : bias;
            if (t != null) {
                Shapes.broadcast(x, normalized, t.shape(), 0, i);
            }
        }
        int groups = len == 0 ? 0 : r.size() / len;
        double[] y = new double[r.size()];
        double[] means = new double[groups];
        double[] inv = new double[groups];
        for (int g = 0; g < groups; g++) {
            double sum = 0;
            for (int k = 0; k < len; k++) {
                sum += r.data()[g * len + k];
            }
            double mean = sum / len;
            double var = 0;
            for (int k = 0; k < len; k++) {
                double d = r.data()[g * len + k] - mean;
                var += d * d;
            }
            double invStd = 1 / Math.sqrt(var / len + epsilon);
            means[g] = mean;
            inv[g] = invStd;
            for (int k = 0; k < len; k++) {
                double v = (r.data()[g * len + k] - mean) * invStd * scale.data()[FloatOps.broadcastIndex(k, normalized, scale.shape())];
                y[g * len + k] = bias == null ? v : v + bias.data()[FloatOps.broadcastIndex(k, normalized, bias.shape())];
            }
        }
        x.ppu().ops(5L * y.length);
        x.ppu().multiplies(2L * y.length); // the reciprocal standard deviation, then the scale
        x.out(0, new Tensor.Real(s, y));
        int[] reduced = s.clone();
        for (int d = a; d < s.length; d++) {
            reduced[d] = 1;
        }
        x.out(1, new Tensor.Real(reduced, means));
        x.out(2, new Tensor.Real(reduced, inv));
    }
}
