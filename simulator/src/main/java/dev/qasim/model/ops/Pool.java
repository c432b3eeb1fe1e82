package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INT;
import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INTS;
import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.STRING;

import dev.qasim.quant.Requantizer;
import java.util.HashMap;
import java.util.Map;

/**
 * MaxPool, AveragePool, GlobalAveragePool and GlobalMaxPool (2-D) in the post-processing unit: Kh Kw operations
 * per output (plus one for an average). Max pooling of per-tensor integers compares the integers; average pooling
 * of per-tensor integers whose result is requantized sums at the PPU's width and requantizes by
 * s_in / (count s_out); everything else in float.
 */
final class Pool extends Op {
    static final Schema MAX = Schema.op("MaxPool").versions(11, 12).outputs(1, 2)
            .attr("auto_pad", STRING).attr("ceil_mode", INT).attr("dilations", INTS).attr("kernel_shape", INTS).attr("pads", INTS)
            .attr("storage_order", INT).attr("strides", INTS).build(p -> new Pool(p, true));
    static final Schema AVERAGE = Schema.op("AveragePool").versions(11, 19)
            .attr("auto_pad", STRING).attr("ceil_mode", INT).attr("count_include_pad", INT).attr("kernel_shape", INTS)
            .attr("pads", INTS).attr("strides", INTS).attr("dilations", INTS, 19, Integer.MAX_VALUE).build(p -> new Pool(p, false));
    static final Schema GLOBAL_AVERAGE = Schema.op("GlobalAveragePool").build(p -> new Pool(p, false));
    static final Schema GLOBAL_MAX = Schema.op("GlobalMaxPool").build(p -> new Pool(p, true));

    private final boolean max;
    private final boolean countPad;

    private Pool(Parsed p, boolean max) {
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
        int[] kernel = {win.kernelH(), win.kernelW()};
        int[] outShape = {s[0], s[1], win.outHeight(), win.outWidth()};
        int outs = Tensor.size(outShape);
        x.ppu().ops((long) outs * (kernel[0] * kernel[1] + (max ? 0 : 1)));
        Tensor.Ints q = t instanceof Tensor.Ints i ? i : Tensor.source(t);
        q = q != null && q.perTensor() ? q : null;
        Target target = q != null && !max && t instanceof Tensor.Real ? x.fusedTarget() : null;
        if (q != null && (max || target != null)) {
            int plane = s[2] * s[3];
            int[] taps = new int[kernel[0] * kernel[1]];
            int[] y = new int[outs];
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
                            Target tg = target;
                            Tensor.Ints src = q;
                            y[o] = (int) byCount.computeIfAbsent(count, c -> ArrayWork.requantizer(x, src.scale()[0] / (c * tg.scale()), tg))
                                    .apply(acc);
                        }
                    }
                }
            }
            if (!max) {
                x.putTarget(target, outShape, y);
            } else if (t instanceof Tensor.Ints) {
                x.out(0, new Tensor.Ints(outShape, y, q.type(), q.scale(), q.zeroPoint(), 0));
            } else {
                // the maximum of the integers is the maximum of their real values: formed when the input's were
                Tensor.Real r = new Tensor.Ints(outShape, y, q.type(), q.scale(), q.zeroPoint(), 0).dequantized();
                x.out(0, ((Tensor.Real) t).formed() ? r.asFormed() : r);
            }
            return;
        }
        x.out(0, new Tensor.Real(outShape, FloatOps.pool(x.real(t).data(), win, max, countPad)));
    }
}
