package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.FLOAT;
import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.FLOATS;
import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INT;
import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INTS;
import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.SPARSE_TENSOR;
import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.STRING;
import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.STRINGS;
import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.TENSOR;

import dev.qasim.workload.Operand;
import java.util.List;

/**
 * Constant: exactly one of value (a tensor), sparse_value, value_float(s), value_int(s) (value_string(s) are
 * refused: qasim has no string tensors). Folded into an initializer at load.
 */
final class Constant extends Op {
    static final Schema SCHEMA = Schema.op("Constant").versions(1, 9, 11, 12, 13, 19, 21).inputs(0, 0)
            .attr("value", TENSOR).attr("sparse_value", SPARSE_TENSOR, 11, Integer.MAX_VALUE)
            .attr("value_float", FLOAT, 12, Integer.MAX_VALUE).attr("value_floats", FLOATS, 12, Integer.MAX_VALUE)
            .attr("value_int", INT, 12, Integer.MAX_VALUE).attr("value_ints", INTS, 12, Integer.MAX_VALUE)
            .attr("value_string", STRING, 12, Integer.MAX_VALUE).attr("value_strings", STRINGS, 12, Integer.MAX_VALUE)
            .build(Constant::new);

    private static final List<String> VALUES = List.of("value", "sparse_value", "value_float", "value_floats", "value_int",
            "value_ints", "value_string", "value_strings");

    private final Tensor value;

    Constant(Parsed p) {
        List<String> given = VALUES.stream().filter(p::has).toList();
        if (given.size() != 1) {
            p.problem(null, given.isEmpty() ? null : String.join(", ", given), "a Constant needs exactly one of the attributes "
                    + String.join(", ", VALUES));
            value = null;
            return;
        }
        value = switch (given.get(0)) {
            case "value" -> p.tensor("value");
            case "sparse_value" -> p.sparseTensor("sparse_value");
            case "value_float" -> new Tensor.Real(new int[0], new double[] {p.f("value_float", 0)});
            case "value_floats" -> new Tensor.Real(new int[] {p.floats("value_floats").length}, p.floats("value_floats"));
            case "value_int" -> Tensor.Ints.plain(new int[0], new int[] {saturated(p.i("value_int", 0))}, Operand.signed(32));
            case "value_ints" -> {
                long[] v = p.ints("value_ints");
                int[] q = new int[v.length];
                for (int i = 0; i < v.length; i++) {
                    q[i] = saturated(v[i]);
                }
                yield Tensor.Ints.plain(new int[] {v.length}, q, Operand.signed(32));
            }
            default -> {
                p.problem(given.get(0), null, "string tensors are not supported");
                yield null;
            }
        };
    }

    /** An int64 held in 32 bits, as tensors hold them (see ElementType). */
    static int saturated(long v) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    @Override
    public void run(Exec x) {
        x.out(0, value);
    }
}
