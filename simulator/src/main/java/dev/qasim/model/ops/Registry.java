package dev.qasim.model.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operators qasim runs, by domain and type: ONNX's own (opsets {@value #MIN_OPSET} to {@value #MAX_OPSET}),
 * onnxruntime's {@code com.microsoft} quantized operators and QONNX's quantizers ({@code qonnx.custom_op.general},
 * also as {@code finn.custom_op.general} and Brevitas's {@code onnx.brevitas}). One kernel class per operator.
 */
public final class Registry {
    /** ONNX's own operator set versions qasim reads. */
    public static final int MIN_OPSET = 11;
    public static final int MAX_OPSET = 21;
    /** onnxruntime's contributed operators. */
    public static final String MICROSOFT = "com.microsoft";
    /** QONNX's quantization operators. */
    public static final String QONNX = "qonnx.custom_op.general";

    private static final List<Schema> ALL = List.of(
            Conv.SCHEMA, ConvInteger.SCHEMA, QLinearConv.SCHEMA, Gemm.SCHEMA, MatMul.SCHEMA, MatMulInteger.SCHEMA,
            QLinearMatMul.SCHEMA, QuantizeLinear.SCHEMA, DequantizeLinear.SCHEMA, Relu.SCHEMA, Clip.SCHEMA, Add.SCHEMA,
            Pool.MAX, Pool.AVERAGE, Pool.GLOBAL_AVERAGE, Pool.GLOBAL_MAX, Flatten.SCHEMA, Reshape.SCHEMA,
            BatchNormalization.SCHEMA, Constant.SCHEMA, Identity.SCHEMA);

    private static final Map<String, Schema> BY_KEY = new LinkedHashMap<>();

    static {
        for (Schema s : ALL) {
            if (BY_KEY.put(key(s.domain(), s.type()), s) != null) {
                throw new IllegalStateException("two kernels for " + s);
            }
        }
    }

    private Registry() {}

    private static String key(String domain, String type) {
        return domain + "\u0000" + type;
    }

    /** A domain as qasim names it: "" for ONNX's own ("" or "ai.onnx"), QONNX's under its current name. */
    public static String domain(String domain) {
        return switch (domain) {
            case "ai.onnx" -> "";
            case "finn.custom_op.general", "onnx.brevitas" -> QONNX;
            default -> domain;
        };
    }

    /** The operator of a domain (as {@link #domain} names it) and type, or null when qasim does not run it. */
    public static Schema find(String domain, String type) {
        return BY_KEY.get(key(domain(domain), type));
    }

    /** Every operator, in the order of docs/quantization.md's table. */
    public static List<Schema> all() {
        return ALL;
    }
}
