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
            // on the array
            Conv.SCHEMA, ConvInteger.SCHEMA, QLinearConv.SCHEMA, Gemm.SCHEMA, MatMul.SCHEMA, MatMulInteger.SCHEMA,
            QLinearMatMul.SCHEMA, Einsum.SCHEMA,
            // quantization
            QuantizeLinear.SCHEMA, DequantizeLinear.SCHEMA, DynamicQuantizeLinear.SCHEMA,
            // elementwise with two or more inputs
            Add.SCHEMA, Sub.SCHEMA, Mul.SCHEMA, Div.SCHEMA, Pow.SCHEMA, Max.SCHEMA, Min.SCHEMA, Sum.SCHEMA, Mean.SCHEMA,
            PRelu.SCHEMA, Equal.SCHEMA, Less.SCHEMA, Greater.SCHEMA, LessOrEqual.SCHEMA, GreaterOrEqual.SCHEMA, And.SCHEMA,
            Or.SCHEMA, Xor.SCHEMA, Not.SCHEMA, Where.SCHEMA,
            // elementwise functions
            Relu.SCHEMA, Clip.SCHEMA, LeakyRelu.SCHEMA, Sigmoid.SCHEMA, Tanh.SCHEMA,
            HardSigmoid.SCHEMA, HardSwish.SCHEMA, Gelu.SCHEMA, Erf.SCHEMA, Elu.SCHEMA, Selu.SCHEMA, Celu.SCHEMA,
            ThresholdedRelu.SCHEMA, Softplus.SCHEMA, Softsign.SCHEMA, Mish.SCHEMA, Abs.SCHEMA, Neg.SCHEMA, Sqrt.SCHEMA,
            Exp.SCHEMA, Log.SCHEMA, Reciprocal.SCHEMA, Floor.SCHEMA, Ceil.SCHEMA, Round.SCHEMA, Sign.SCHEMA, Sin.SCHEMA,
            Cos.SCHEMA, Cast.SCHEMA, CastLike.SCHEMA,
            // normalization, reductions, pooling
            Softmax.SCHEMA, LogSoftmax.SCHEMA, LayerNormalization.SCHEMA, BatchNormalization.SCHEMA, ReduceMean.SCHEMA,
            ReduceSum.SCHEMA, ReduceMax.SCHEMA, ReduceMin.SCHEMA, ReduceProd.SCHEMA, ReduceSumSquare.SCHEMA, ReduceL1.SCHEMA,
            ReduceL2.SCHEMA, ReduceLogSum.SCHEMA, ReduceLogSumExp.SCHEMA, ArgMax.SCHEMA, ArgMin.SCHEMA, MaxPool.SCHEMA,
            AveragePool.SCHEMA, GlobalAveragePool.SCHEMA, GlobalMaxPool.SCHEMA, Resize.SCHEMA,
            // layout and shapes (addressing only)
            Flatten.SCHEMA, Reshape.SCHEMA, Transpose.SCHEMA, Squeeze.SCHEMA, Unsqueeze.SCHEMA, Concat.SCHEMA, Split.SCHEMA,
            Slice.SCHEMA, Gather.SCHEMA, Expand.SCHEMA, Tile.SCHEMA, Pad.SCHEMA, Identity.SCHEMA, Dropout.SCHEMA, Shape.SCHEMA,
            Size.SCHEMA, ConstantOfShape.SCHEMA, Range.SCHEMA, Constant.SCHEMA,
            // onnxruntime's quantized operators
            QGemm.SCHEMA, QLinearAdd.SCHEMA, QLinearMul.SCHEMA, QLinearGlobalAveragePool.SCHEMA, QLinearAveragePool.SCHEMA,
            QLinearConcat.SCHEMA, QLinearSigmoid.SCHEMA, QLinearLeakyRelu.SCHEMA, QLinearSoftmax.SCHEMA,
            // QONNX
            Quant.SCHEMA, IntQuant.SCHEMA, BipolarQuant.SCHEMA, Trunc.SCHEMA);

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
