package dev.qasim.model.ops;

import dev.qasim.workload.Operand;
import java.util.List;

/**
 * onnxruntime's QLinearAdd and QLinearMul (com.microsoft): two 8-bit inputs with their scales and zero points
 * (A, A_scale, A_zero_point, B, B_scale, B_zero_point, C_scale, C_zero_point; zero points optional, 0 by default),
 * broadcast, the result requantized in integers to C's type.
 */
abstract class QLinearBinary extends Op {

    static Schema.Builder schema(String type) {
        return Schema.op(Registry.MICROSOFT, type).inputs(7, 8);
    }

    /** The input's integers with their parameters (zero point optional). */
    static Tensor.Ints input(Exec x, int data, int scale, int zero) {
        Tensor t = x.in(data);
        if (!(t instanceof Tensor.Ints q)) {
            throw x.badInput(data, "real numbers", "must be an 8-bit integer tensor");
        }
        Tensor zp = x.in(zero);
        return ArrayWork.withParams(x, data, q, x.in(scale), zp, 0);
    }

    /** The output's type, scale and zero point (the type of the zero point, else the inputs'). */
    static Target output(Exec x, int scale, int zero, Operand inputType) {
        Tensor zp = x.in(zero);
        Operand type = zp instanceof Tensor.Ints z ? z.type() : inputType;
        long z = zp instanceof Tensor.Ints zi ? zi.data()[0] : 0;
        Tensor s = x.in(scale);
        if (s == null || s.size() != 1 || zp != null && zp.size() != 1) {
            throw x.badInput(scale, s == null ? null : java.util.Arrays.toString(s.shape()), "the output scale and zero point must be scalars");
        }
        double v = x.real(s).data()[0];
        if (!(v > 0) || !Double.isFinite(v)) {
            throw x.badInput(scale, Double.toString(v), "the output scale must be a positive finite number");
        }
        return new Target(x.node().output(0), type, type.min(), type.max(), v, z, false, List.of(), false);
    }
}
