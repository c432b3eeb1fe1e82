package dev.qasim.model.ops;

import dev.qasim.quant.Requantizer;
import java.util.HashMap;
import java.util.Map;

/**
 * MaxPool, AveragePool, GlobalAveragePool and GlobalMaxPool (2-D) in the post-processing unit: Kh Kw operations
 * per output (plus one for an average). Max pooling of per-tensor integers compares the integers; average pooling
 * of per-tensor integers whose result is requantized sums at the PPU's width and requantizes by
 * s_in / (count s_out); everything else in float.
 */
class Pool extends Op {
    private final boolean max;
    private final boolean countPad;

    Pool(Parsed p, boolean max) {
        this.max = max;
        if (!p.node().op().startsWith("Global")) {
            Window.attributes(p.node(), p.source(), p.problems());
        }
        countPad = p.flag("count_include_pad", false);
        if (p.node().outputs().size() > 1 && !p.node().output(1).isEmpty()) {
            p.problem(null, "Indices", "MaxPool's second output (indices) is not supported");
        }
    }

    @Override
    public boolean takesIntegers(int i) {
        return true;
    }

    @Override
    public void run(Exec x) {
        Tensor t = x.in(0);
        int[] s = t.shape();
        Window win = Window.pool(x.node(), s, x.source());
        int[] outShape = {s[0], s[1], win.outHeight(), win.outWidth()};
        int outs = Tensor.size(outShape);
        x.ppu().ops((long) outs * (win.kernelSize() + (max ? 0 : 1)));
        Tensor.Ints q = t instanceof Tensor.Ints i ? i : Tensor.source(t);
        q = q != null && q.perTensor() ? q : null;
        Target target = q != null && !max && t instanceof Tensor.Real ? x.fusedTarget() : null;
        if (q != null && max) {
            int[] y = integers(x, q, win, true, countPad, null);
            if (t instanceof Tensor.Ints) {
                x.out(0, new Tensor.Ints(outShape, y, q.type(), q.scale(), q.zeroPoint(), 0));
            } else {
                // the maximum of the integers is the maximum of their real values: formed when the input's were
                Tensor.Real r = new Tensor.Ints(outShape, y, q.type(), q.scale(), q.zeroPoint(), 0).dequantized();
                x.out(0, ((Tensor.Real) t).formed() ? r.asFormed() : r);
            }
            return;
        }
        if (q != null && target != null) {
            x.putTarget(target, outShape, integers(x, q, win, false, countPad, target));
            return;
        }
        if (!max) {
            x.ppu().multiplies(outs); // the division by the count
        }
        x.out(0, new Tensor.Real(outShape, FloatOps.pool(x.real(t).data(), win, max, countPad)));
    }

    /**
     * Pooling of per-tensor integers: the maximum of the integers, or their sum (less the zero point) at the PPU's
     * width requantized by s_in / (count s_out) to the target.
     */
    static int[] integers(Exec x, Tensor.Ints q, Window win, boolean max, boolean countPad, Target target) {
        int[] s = q.shape();
        int plane = s[2] * s[3];
        int[] taps = new int[win.kernelSize()];
        int[] y = new int[s[0] * s[1] * win.outHeight() * win.outWidth()];
        long z = q.zeroPoint()[0];
        Map<Integer, Requantizer> byCount = new HashMap<>();
        Ppu ppu = x.ppu();
        for (int p = 0; p < s[0] * s[1]; p++) {
            for (int oy = 0; oy < win.outHeight(); oy++) {
                for (int ox = 0; ox < win.outWidth(); ox++) {
                    int n = win.taps(oy, ox, taps);
                    int o = (p * win.outHeight() + oy) * win.outWidth() + ox;
                    long acc = max ? Long.MIN_VALUE : 0;
                    for (int k = 0; k < n; k++) {
                        int v = q.data()[p * plane + taps[k]];
                        acc = max ? Math.max(acc, v) : ppu.add(acc, v - z);
                    }
                    if (max) {
                        y[o] = (int) acc;
                    } else {
                        int count = countPad ? taps.length : n;
                        Requantizer rq = byCount.computeIfAbsent(count,
                                c -> ArrayWork.requantizer(x, q.scale()[0] / (c * target.scale()), target));
                        if (rq.multiplier() != 1) {
                            ppu.multiplies(1); // a power-of-two scale is a shift
                        }
                        y[o] = (int) rq.apply(acc);
                    }
                }
            }
        }
        return y;
    }
}
