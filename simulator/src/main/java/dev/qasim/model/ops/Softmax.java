package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INT;

/**
 * Softmax and LogSoftmax: exp(x - max) / sum along one axis (opset 13 on, default the last), or, before 13, over
 * the input coerced to 2-D at axis (default 1). Four PPU operations per element (the maximum, the subtraction
 * and exponential, the sum, the division).
 */
class Softmax extends Op {
    static final Schema SCHEMA = Schema.op("Softmax").versions(1, 11, 13).attr("axis", INT).build(p -> new Softmax(p, false));

    private final long axis;
    private final boolean coerced;
    private final boolean log;

    Softmax(Parsed p, boolean log) {
        this.coerced = p.version() < 13;
        this.axis = p.i("axis", coerced ? 1 : -1);
        this.log = log;
    }

    @Override
    public void run(Exec x) {
        Tensor.Real r = x.real(x.in(0));
        double[] y = of(x, r, axis, coerced, log);
        x.ppu().ops(4L * y.length);
        x.ppu().multiplies(y.length); // the division by the sum
        x.out(0, new Tensor.Real(r.shape(), y));
    }

    /** The softmax (or log-softmax) of r along axis, coerced to 2-D at axis before opset 13; r's layout. */
    static double[] of(Exec x, Tensor.Real r, long axis, boolean coerced, boolean log) {
        int[] s = r.shape();
        int a = Shapes.axis(x, "axis", axis, s.length);
        int len = coerced ? Tensor.size(java.util.Arrays.copyOfRange(s, a, s.length)) : s[a];
        int inner = coerced ? 1 : Tensor.size(java.util.Arrays.copyOfRange(s, a + 1, s.length));
        double[] y = new double[r.size()];
        int groups = len == 0 ? 0 : r.size() / len;
        for (int g = 0; g < groups; g++) {
            int base = g / inner * len * inner + g % inner;
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < len; k++) {
                max = Math.max(max, r.data()[base + k * inner]);
            }
            double sum = 0;
            for (int k = 0; k < len; k++) {
                sum += Math.exp(r.data()[base + k * inner] - max);
            }
            for (int k = 0; k < len; k++) {
                double v = r.data()[base + k * inner] - max;
                y[base + k * inner] = log ? v - Math.log(sum) : Math.exp(v) / sum;
            }
        }
        return y;
    }
}
