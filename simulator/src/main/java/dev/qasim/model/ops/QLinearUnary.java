package dev.qasim.model.ops;

/**
 * onnxruntime's 8-bit elementwise operators (QLinearSigmoid, QLinearLeakyRelu; com.microsoft): X, X_scale,
 * X_zero_point, Y_scale, Y_zero_point; y = quantize(f(dequantize(x))) in float32, the table lookup onnxruntime
 * computes (one PPU operation per element).
 */
abstract class QLinearUnary extends Op {

    static Schema.Builder schema(String type) {
        return Schema.op(Registry.MICROSOFT, type).inputs(4, 5);
    }

    abstract double apply(double v);

    @Override
    public void run(Exec x) {
        Tensor.Ints q = QLinearBinary.input(x, 0, 1, 2);
        if (!q.perTensor()) {
            throw x.badInput(1, java.util.Arrays.toString(x.in(1).shape()), "the input scale must be a scalar");
        }
        Target y = QLinearBinary.output(x, 3, 4, q.type());
        int[] out = new int[q.size()];
        java.util.Map<Integer, Integer> table = new java.util.HashMap<>();
        for (int i = 0; i < out.length; i++) {
            out[i] = table.computeIfAbsent(q.data()[i], v -> QuantizeLinear.quantize(
                    apply((float) ((float) (v - q.zeroPoint()[0]) * (float) q.scale()[0])), y.scale(), y.zeroPoint(), y.type()));
        }
        x.ppu().ops(out.length);
        x.putTarget(y, q.shape(), out);
    }
}
