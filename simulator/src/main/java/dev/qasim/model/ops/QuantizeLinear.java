package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INT;

import dev.qasim.workload.Operand;
import java.util.List;
import java.util.function.Function;

/**
 * QuantizeLinear (per tensor or per axis): y = saturate(round_half_even(x / scale) + zero_point) in float32
 * arithmetic, as ONNX defines it, into the zero point's integer type (uint8 without one). One PPU operation per
 * element. An integer operator whose output only this node reads requantizes straight into it (see
 * {@link #target}). Float8 outputs and blocked quantization are refused: the array multiplies integers.
 */
final class QuantizeLinear extends Op {
    static final Schema SCHEMA = Schema.op("QuantizeLinear").versions(10, 13, 19, 21).inputs(2, 3)
            .attr("axis", INT, 13, Integer.MAX_VALUE).attr("saturate", INT, 19, Integer.MAX_VALUE)
            .attr("block_size", INT, 21, Integer.MAX_VALUE).attr("output_dtype", INT, 21, Integer.MAX_VALUE)
            .build(QuantizeLinear::new);

    private final int axis;
    private final ElementType outputType;

    QuantizeLinear(Parsed p) {
        axis = (int) p.i("axis", 1);
        if (p.i("block_size", 0) != 0) {
            p.problem("block_size", Long.toString(p.i("block_size", 0)), "blocked quantization is not supported (block_size 0 only)");
        }
        ElementType out = null;
        if (p.has("output_dtype") && p.i("output_dtype", 0) != 0) {
            out = ElementType.of((int) p.i("output_dtype", 0));
            if (out == null || out.kind() != ElementType.Kind.INTEGER || out == ElementType.BOOL) {
                p.problem("output_dtype", Long.toString(p.i("output_dtype", 0)), "qasim quantizes to integer types only (uint8, int8, "
                        + "uint16, int16, uint4, int4, ...)");
                out = null;
            }
        }
        outputType = out;
    }

    /** The integer type of the output: the zero point's, the output_dtype, or uint8. */
    private Operand type(Exec x) {
        Tensor zp = x.in(2);
        if (zp != null && !(zp instanceof Tensor.Ints)) {
            throw x.badInput(2, "real numbers", "a quantization to a float8 type is not supported: qasim's array multiplies integers");
        }
        return zp != null ? ((Tensor.Ints) zp).type() : outputType != null ? outputType.operand() : Operand.unsigned(8);
    }

    @Override
    public void run(Exec x) {
        Tensor.Real in = x.real(x.in(0));
        Operand type = type(x);
        Tensor.Ints params = ArrayWork.withParams(x, 1, Tensor.Ints.plain(in.shape(), new int[in.size()], type), x.in(1), x.in(2), axis);
        int[] q = new int[in.size()];
        for (int i = 0; i < q.length; i++) {
            q[i] = quantize(in.data()[i], params.scale()[params.channel(i)], params.zeroPoint()[params.channel(i)], type);
        }
        x.ppu().products(q.length);
        x.out(0, new Tensor.Ints(in.shape(), q, type, params.scale(), params.zeroPoint(), params.axis()));
    }

    /** float32 division, as ONNX defines QuantizeLinear on float tensors; then half-even rounding and saturation. */
    static int quantize(double x, double scale, long zeroPoint, Operand type) {
        double r = Math.rint((float) x / (float) scale) + zeroPoint;
        return (int) Math.max(type.min(), Math.min(type.max(), r));
    }

    @Override
    public Target target(Node self, Function<String, Tensor> constants) {
        Tensor scale = constants.apply(self.input(1));
        Tensor zp = self.input(2).isEmpty() ? null : constants.apply(self.input(2));
        if (scale == null || scale.size() != 1 || (!self.input(2).isEmpty() && (zp == null || zp.size() != 1 || !(zp instanceof Tensor.Ints)))) {
            return null;
        }
        double s = scale instanceof Tensor.Real r ? r.data()[0] : ((Tensor.Ints) scale).data()[0];
        if (!(s > 0) || !Double.isFinite(s)) {
            return null;
        }
        Operand type = zp != null ? ((Tensor.Ints) zp).type() : outputType != null ? outputType.operand() : Operand.unsigned(8);
        long z = zp == null ? 0 : ((Tensor.Ints) zp).data()[0];
        return new Target(self.output(0), type, type.min(), type.max(), s, z, false, List.of(self), false);
    }
}
