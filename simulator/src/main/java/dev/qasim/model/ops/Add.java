package dev.qasim.model.ops;

import dev.qasim.arith.Rounding;
import dev.qasim.quant.Requantizer;

/**
 * Add with broadcasting. Two per-tensor integer inputs whose sum is requantized (a QDQ model's Add
 * before a QuantizeLinear, a float model quantized by qasim) add in integers: y = (s_a (a - z_a) + s_b (b - z_b))
 * / s_y with both terms scaled by integer multipliers with a common shift, summed at the PPU's width, then one
 * rounding shift. Otherwise in float, or on integer tensors with ONNX's integer semantics. One PPU operation per
 * element.
 */
final class Add extends Binary {
    static final Schema SCHEMA = Schema.op("Add").versions(7, 13, 14).inputs(2, 2).build(p -> new Add());

    @Override
    double apply(double a, double b) {
        return a + b;
    }

    @Override
    Long applyInts(long a, long b) {
        return a + b;
    }

    @Override
    public boolean takesIntegers(int i) {
        return true;
    }

    @Override
    public void run(Exec x) {
        Tensor a = x.in(0);
        Tensor b = x.in(1);
        Tensor.Ints qa = Tensor.source(a);
        Tensor.Ints qb = Tensor.source(b);
        Target target = qa != null && qb != null && qa.perTensor() && qb.perTensor() ? x.fusedTarget() : null;
        if (target == null) {
            super.run(x);
            return;
        }
        x.putTarget(target, Shapes.broadcast(x, qa.shape(), qb.shape(), 0, 1), integerSum(x, qa, qb, target));
    }

    /**
     * (s_a (a - z_a) + s_b (b - z_b)) / s_y + z_y in integers, with broadcasting: both terms scaled by integer
     * multipliers with a common shift, summed at the PPU's width, then one rounding shift to the target's type.
     */
    static int[] integerSum(Exec x, Tensor.Ints qa, Tensor.Ints qb, Target target) {
        int[] shape = Shapes.broadcast(x, qa.shape(), qb.shape(), 0, 1);
        Ppu ppu = x.ppu();
        int n = Tensor.size(shape);
        ppu.ops(n);
        double big = Math.max(qa.scale()[0], qb.scale()[0]) / target.scale();
        ArrayWork.checkFactor(x, big);
        int headroom = ppu.bits() - 2 - Math.max(qa.type().bits(), qb.type().bits());
        int shift = Math.max(0, Math.min(62, headroom - 1 - Math.getExponent(big)));
        long ma = Rounding.halfEven(Math.scalb(qa.scale()[0] / target.scale(), shift));
        long mb = Rounding.halfEven(Math.scalb(qb.scale()[0] / target.scale(), shift));
        Requantizer r = Requantizer.shiftOnly(shift, target.zeroPoint(), target.min(), target.max());
        r = target.relu() ? r.withRelu() : r;
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            long sum = ppu.multiplyAdd(0, qa.data()[FloatOps.broadcastIndex(i, shape, qa.shape())] - qa.zeroPoint()[0], ma);
            sum = ppu.multiplyAdd(sum, qb.data()[FloatOps.broadcastIndex(i, shape, qb.shape())] - qb.zeroPoint()[0], mb);
            y[i] = (int) r.apply(sum);
        }
        return y;
    }
}
