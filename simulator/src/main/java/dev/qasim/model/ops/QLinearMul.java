package dev.qasim.model.ops;

import dev.qasim.quant.Requantizer;

/**
 * QLinearMul: C = (A - A_zero)(B - B_zero) A_scale B_scale / C_scale + C_zero: the exact integer product at the
 * PPU's width, requantized by A_scale B_scale / C_scale. One PPU operation per output element.
 */
final class QLinearMul extends QLinearBinary {
    static final Schema SCHEMA = schema("QLinearMul").build(p -> new QLinearMul());

    @Override
    public void run(Exec x) {
        Tensor.Ints a = input(x, 0, 1, 2);
        Tensor.Ints b = input(x, 3, 4, 5);
        Target c = output(x, 6, 7, a.type());
        int[] shape = Shapes.broadcast(x, a.shape(), b.shape(), 0, 3);
        int n = Tensor.size(shape);
        Requantizer r = ArrayWork.requantizer(x, a.scale()[0] * b.scale()[0] / c.scale(), c);
        Ppu ppu = x.ppu();
        ppu.ops(n);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            long p = ppu.multiplyAdd(0, a.data()[FloatOps.broadcastIndex(i, shape, a.shape())] - a.zeroPoint()[0],
                    b.data()[FloatOps.broadcastIndex(i, shape, b.shape())] - b.zeroPoint()[0]);
            y[i] = (int) r.apply(p);
        }
        x.putTarget(c, shape, y);
    }
}
