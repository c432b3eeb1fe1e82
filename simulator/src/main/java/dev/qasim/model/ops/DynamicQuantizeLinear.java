package dev.qasim.model.ops;

import dev.qasim.workload.Operand;

/**
 * DynamicQuantizeLinear: uint8 quantization with a scale and zero point found from the tensor's own range
 * (including 0): scale = (max - min) / 255, zero point = saturate(round(-min / scale)), y = saturate(round(x /
 * scale) + zero point), all in float32 as ONNX defines. Two PPU operations per element (the range, the quantization).
 */
final class DynamicQuantizeLinear extends Op {
    static final Schema SCHEMA = Schema.op("DynamicQuantizeLinear").versions(11).outputs(3, 3).build(p -> new DynamicQuantizeLinear());

    @Override
    public void run(Exec x) {
        Tensor.Real in = x.real(x.in(0));
        float lo = 0;
        float hi = 0;
        for (double v : in.data()) {
            lo = Math.min(lo, (float) v);
            hi = Math.max(hi, (float) v);
        }
        float scale = (hi - lo) / 255f;
        Operand u8 = Operand.unsigned(8);
        int zp = scale == 0 ? 0 : (int) Math.max(0, Math.min(255, Math.rint((0f - lo) / scale)));
        int[] q = new int[in.size()];
        for (int i = 0; i < q.length; i++) {
            q[i] = scale == 0 ? zp : QuantizeLinear.quantize(in.data()[i], scale, zp, u8);
        }
        x.ppu().ops(2L * q.length);
        x.ppu().multiplies(q.length);
        double s = scale == 0 ? 1 : scale;
        x.out(0, new Tensor.Ints(in.shape(), q, u8, new double[] {s}, new long[] {zp}, 0));
        x.out(1, new Tensor.Real(new int[0], new double[] {scale}));
        x.out(2, Tensor.Ints.plain(new int[0], new int[] {zp}, u8));
    }
}
