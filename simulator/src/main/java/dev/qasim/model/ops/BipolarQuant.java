package dev.qasim.model.ops;

import dev.qasim.workload.Operand;

/**
 * QONNX's BipolarQuant: y = scale where x >= 0, else -scale (scale a scalar or per channel). The codes +1 / -1 are
 * kept as 2-bit signed integers, so a layer after it multiplies them on the array. One PPU operation per element.
 */
final class BipolarQuant extends Op {
    static final Schema SCHEMA = Schema.op(Registry.QONNX, "BipolarQuant").inputs(2, 2).build(p -> new BipolarQuant());

    @Override
    public void run(Exec x) {
        Tensor.Real in = x.real(x.in(0));
        int[] axis = new int[1];
        double[] scale = Quant.parameters(x, 1, in.shape(), axis);
        for (double s : scale) {
            if (!(s > 0) || !Double.isFinite(s)) {
                throw x.badInput(1, Double.toString(s), "scales must be positive finite numbers");
            }
        }
        int channels = scale.length;
        int[] q = new int[in.size()];
        for (int i = 0; i < q.length; i++) {
            q[i] = in.data()[i] >= 0 ? 1 : -1;
        }
        x.ppu().ops(q.length);
        Tensor.Ints source = new Tensor.Ints(in.shape(), q, Operand.signed(2), scale, new long[channels], channels == 1 ? 0 : axis[0]);
        x.out(0, source.dequantized());
    }
}
