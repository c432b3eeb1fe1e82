package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INT;
import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INTS;
import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.STRING;

/** QLinearAveragePool (com.microsoft): a 2-D average pooling of integers, see {@link QLinearPool}. */
final class QLinearAveragePool extends QLinearPool {
    static final Schema SCHEMA = Schema.op(Registry.MICROSOFT, "QLinearAveragePool").inputs(4, 5).attr("auto_pad", STRING)
            .attr("ceil_mode", INT).attr("channels_last", INT).attr("count_include_pad", INT).attr("kernel_shape", INTS)
            .attr("pads", INTS).attr("strides", INTS).build(QLinearAveragePool::new);

    QLinearAveragePool(Parsed p) {
        super(p, false);
    }
}
