package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INT;
import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.STRING;

import dev.qasim.arith.Signedness;
import dev.qasim.workload.Operand;

/**
 * QONNX's Trunc: the integers of x (round(x / scale + zeropt), from in_bitwidth bits) shifted right by the bits
 * dropped and rounded by rounding_mode (default FLOOR). Version 1: by in_bitwidth - out_bitwidth bits, the result
 * (q - zeropt) scale. Version 2: by log2(out_scale / scale) bits (a power of two), clamped to out_bitwidth
 * (signed, narrow), the result (q - zeropt / 2^shift) out_scale. Scalar parameters. The truncated integers are
 * kept as the output's source. One PPU operation per element.
 */
final class Trunc extends Op {
    static final Schema SCHEMA = Schema.op(Registry.QONNX, "Trunc").versions(1, 2).inputs(5, 6).attr("rounding_mode", STRING)
            .attr("signed", INT, 2, Integer.MAX_VALUE).attr("narrow", INT, 2, Integer.MAX_VALUE).build(Trunc::new);

    private final boolean v2;
    private final String mode;
    private final boolean signed;
    private final boolean narrow;

    Trunc(Parsed p) {
        v2 = p.version() >= 2;
        mode = Quant.roundingMode(p, "FLOOR");
        signed = p.flag("signed", true);
        narrow = p.flag("narrow", false);
        int want = v2 ? 6 : 5;
        if (p.node().inputs().size() != want) {
            p.problem(null, p.node().inputs().size() + " inputs", "Trunc version " + p.version() + " takes " + want + " inputs");
        }
    }

    private static double scalar(Exec x, int i) {
        Tensor t = x.in(i);
        if (t == null || t.size() != 1) {
            throw x.badInput(i, t == null ? null : java.util.Arrays.toString(t.shape()), "must be a scalar");
        }
        return t instanceof Tensor.Ints q ? q.data()[0] : x.real(t).data()[0];
    }

    @Override
    public void run(Exec x) {
        Tensor.Real in = x.real(x.in(0));
        double scale = scalar(x, 1);
        double zero = scalar(x, 2);
        int inBits = Quant.bits(x, 3);
        int outBits = Quant.bits(x, v2 ? 5 : 4);
        double outScale = v2 ? scalar(x, 4) : scale;
        if (!(scale > 0) || !(outScale > 0) || !Double.isFinite(scale) || !Double.isFinite(outScale)) {
            throw x.badInput(1, Double.toString(scale), "scales must be positive finite numbers");
        }
        double shift = v2 ? Math.scalb(1.0, (int) Math.rint(Math.log(outScale / scale) / Math.log(2))) : Math.scalb(1.0, inBits - outBits);
        double outZero = v2 ? zero / shift : zero;
        long lo = v2 ? Quant.minInt(outBits, signed, narrow) : Long.MIN_VALUE;
        long hi = v2 ? Quant.maxInt(outBits, signed, narrow) : Long.MAX_VALUE;
        int[] q = new int[in.size()];
        double[] y = new double[q.length];
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < q.length; i++) {
            double v = Math.rint((float) ((float) in.data()[i] / (float) scale) + (float) zero) / shift;
            v = Quant.round(Math.max(lo, Math.min(hi, v)), mode);
            q[i] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
            y[i] = (float) ((float) (v - outZero) * (float) outScale);
            min = Math.min(min, q[i]);
            max = Math.max(max, q[i]);
        }
        x.ppu().ops(q.length);
        if (outZero != Math.rint(outZero)) {
            x.out(0, new Tensor.Real(in.shape(), y));
            return;
        }
        boolean sign = v2 ? signed : min < 0;
        // version 1 does not clamp: the integers' type is as wide as they need, at least out_bitwidth
        int need = sign ? 65 - Long.numberOfLeadingZeros(Math.max(max, ~min)) : 64 - Long.numberOfLeadingZeros(max);
        int bits = Math.max(outBits, need);
        Operand type = new Operand(Math.min(32, Math.max(1, bits)), sign ? Signedness.SIGNED : Signedness.UNSIGNED);
        Tensor.Ints source = new Tensor.Ints(in.shape(), q, type, new double[] {outScale}, new long[] {(long) outZero}, 0);
        x.out(0, new Tensor.Real(in.shape(), y, source, false));
    }
}
