package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INT;
import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.STRING;

import dev.qasim.arith.Signedness;
import dev.qasim.workload.Operand;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * QONNX's Quant (also IntQuant; Brevitas's export_qonnx, the FINN route): y = (clamp(round(x / scale + zeropt),
 * min, max) - zeropt) scale, in float32 arithmetic, with any bit width from 1 to 32, signed or not, the narrow range
 * (signed: -2^(b-1) + 1; unsigned: 2^b - 2 at the top) and the rounding modes ROUND (half to even), CEIL, FLOOR,
 * UP, DOWN, HALF_UP, HALF_DOWN. Scale and zero point are scalars or per channel (one axis of the input). The
 * integers are kept as the output's source, so a Conv or MatMul after it multiplies b-bit operands on the array;
 * an integer operator whose output it is requantizes straight to it when its parameters are constant, per tensor,
 * with an integer zero point and ROUND. One PPU operation per element.
 */
class Quant extends Op {
    static final Schema SCHEMA = schema("Quant").build(Quant::new);

    static Schema.Builder schema(String type) {
        return Schema.op(Registry.QONNX, type).inputs(4, 4).attr("signed", INT).attr("narrow", INT).attr("rounding_mode", STRING);
    }

    static final List<String> MODES = List.of("ROUND", "CEIL", "FLOOR", "UP", "DOWN", "HALF_UP", "HALF_DOWN", "ROUND_TO_ZERO");

    private final boolean signed;
    private final boolean narrow;
    private final String mode;

    Quant(Parsed p) {
        signed = p.flag("signed", true);
        narrow = p.flag("narrow", false);
        mode = roundingMode(p, "ROUND");
    }

    /** The rounding_mode attribute in upper case, checked. */
    static String roundingMode(Parsed p, String fallback) {
        String m = p.s("rounding_mode", fallback).toUpperCase(Locale.ROOT);
        if (!MODES.contains(m)) {
            p.problem("rounding_mode", p.s("rounding_mode", fallback), "must be one of " + String.join(", ", MODES));
            return fallback;
        }
        return m;
    }

    /** v rounded to an integer by a QONNX rounding mode. */
    static double round(double v, String mode) {
        return switch (mode) {
            case "CEIL" -> Math.ceil(v);
            case "FLOOR" -> Math.floor(v);
            case "UP" -> Math.copySign(Math.ceil(Math.abs(v)), v);
            case "DOWN", "ROUND_TO_ZERO" -> Math.copySign(Math.floor(Math.abs(v)), v);
            case "HALF_UP" -> Math.copySign(Math.floor(Math.abs(v) + 0.5), v);
            case "HALF_DOWN" -> Math.copySign(Math.ceil(Math.abs(v) - 0.5), v);
            default -> Math.rint(v);
        };
    }

    /** QONNX's smallest integer of a width. */
    static long minInt(int bits, boolean signed, boolean narrow) {
        return signed ? -(1L << (bits - 1)) + (narrow ? 1 : 0) : 0;
    }

    /** QONNX's largest integer of a width. */
    static long maxInt(int bits, boolean signed, boolean narrow) {
        return signed ? (1L << (bits - 1)) - 1 : (1L << bits) - (narrow ? 2 : 1);
    }

    /** A bit width from an input: a scalar integer 1..32 (as an integer or a real tensor). */
    static int bits(Exec x, int input) {
        Tensor t = x.in(input);
        double v = t != null && t.size() == 1 ? (t instanceof Tensor.Ints q ? q.data()[0] : x.real(t).data()[0]) : Double.NaN;
        if (!(v >= 1 && v <= 32 && v == Math.rint(v))) {
            throw x.badInput(input, t == null ? null : t.size() == 1 ? Double.toString(v) : Arrays.toString(t.shape()),
                    "the bit width must be one integer from 1 to 32");
        }
        return (int) v;
    }

    /**
     * Per-channel parameters of input {@code input}: one value per element along the single axis of {@code shape} it
     * varies on, or one value for the tensor; the axis in {@code axis[0]} (0 for a scalar).
     */
    static double[] parameters(Exec x, int input, int[] shape, int[] axis) {
        Tensor t = x.in(input);
        double[] v = t instanceof Tensor.Ints q ? q.asDoubles() : x.real(t).data();
        if (v.length == 1) {
            axis[0] = 0;
            return v;
        }
        int[] s = t.shape();
        int offset = shape.length - s.length;
        int found = -1;
        for (int d = 0; d < s.length; d++) {
            if (s[d] != 1) {
                if (found >= 0 || offset < 0 || s[d] != shape[d + offset]) {
                    throw x.badInput(input, Arrays.toString(s), "must be a scalar or vary along one axis of the input "
                            + Arrays.toString(shape) + " (per channel)");
                }
                found = d + offset;
            }
        }
        axis[0] = found;
        return v;
    }

    @Override
    public void run(Exec x) {
        Tensor.Real in = x.real(x.in(0));
        int bits = bits(x, 3);
        int[] sAxis = new int[1];
        int[] zAxis = new int[1];
        double[] scale = parameters(x, 1, in.shape(), sAxis);
        double[] zero = parameters(x, 2, in.shape(), zAxis);
        if (scale.length > 1 && zero.length > 1 && (sAxis[0] != zAxis[0] || scale.length != zero.length)) {
            throw x.badInput(2, Arrays.toString(x.in(2).shape()), "the zero point must vary along the scale's axis, or be a scalar");
        }
        int axis = scale.length > 1 ? sAxis[0] : zAxis[0];
        int channels = Math.max(scale.length, zero.length);
        for (double s : scale) {
            if (!(s > 0) || !Double.isFinite(s)) {
                throw x.badInput(1, Double.toString(s), "scales must be positive finite numbers");
            }
        }
        long lo = minInt(bits, signed, narrow);
        long hi = maxInt(bits, signed, narrow);
        int inner = Tensor.size(Arrays.copyOfRange(in.shape(), Math.min(axis + 1, in.rank()), in.rank()));
        int[] q = new int[in.size()];
        boolean integerZero = true;
        for (double z : zero) {
            integerZero &= z == Math.rint(z);
        }
        double[] y = new double[q.length];
        for (int i = 0; i < q.length; i++) {
            int c = channels == 1 ? 0 : (i / inner) % channels;
            float s = (float) scale[scale.length == 1 ? 0 : c];
            float z = (float) zero[zero.length == 1 ? 0 : c];
            double v = Math.max(lo, Math.min(hi, (float) ((float) in.data()[i] / s) + z));
            double r = round(v, mode);
            q[i] = (int) r; // the code, zero point included: its value is (q - zero point) scale
            y[i] = (float) ((float) (r - z) * s);
        }
        x.ppu().products(q.length);
        if (!integerZero) {
            x.out(0, new Tensor.Real(in.shape(), y)); // a fractional zero point: the values have no integer form
            return;
        }
        double[] s = new double[channels];
        long[] z = new long[channels];
        for (int c = 0; c < channels; c++) {
            s[c] = scale[scale.length == 1 ? 0 : c];
            z[c] = (long) zero[zero.length == 1 ? 0 : c];
        }
        Operand type = new Operand(Math.max(1, bits), signed ? Signedness.SIGNED : Signedness.UNSIGNED);
        Tensor.Ints source = new Tensor.Ints(in.shape(), q, type, s, z, channels == 1 ? 0 : axis);
        x.out(0, new Tensor.Real(in.shape(), y, source, false));
    }

    @Override
    public Target target(Node self, Function<String, Tensor> constants) {
        Tensor scale = constants.apply(self.input(1));
        Tensor zero = constants.apply(self.input(2));
        Tensor bw = constants.apply(self.input(3));
        if (!mode.equals("ROUND") || scale == null || zero == null || bw == null || scale.size() != 1 || zero.size() != 1 || bw.size() != 1) {
            return null;
        }
        double s = scale instanceof Tensor.Real r ? r.data()[0] : ((Tensor.Ints) scale).data()[0];
        double z = zero instanceof Tensor.Real r ? r.data()[0] : ((Tensor.Ints) zero).data()[0];
        double b = bw instanceof Tensor.Real r ? r.data()[0] : ((Tensor.Ints) bw).data()[0];
        if (!(s > 0) || !Double.isFinite(s) || z != Math.rint(z) || !(b >= 1 && b <= 32 && b == Math.rint(b))) {
            return null;
        }
        int bits = (int) b;
        Operand type = new Operand(bits, signed ? Signedness.SIGNED : Signedness.UNSIGNED);
        // the requantized integer is q = clamp(round(acc m) + z): Quant's code before its zero point is removed
        long lo = minInt(bits, signed, narrow);
        long hi = maxInt(bits, signed, narrow);
        return new Target(self.output(0), type, lo, hi, s, (long) z, false, List.of(self), true);
    }
}
