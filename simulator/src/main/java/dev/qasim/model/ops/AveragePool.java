package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INT;
import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INTS;
import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.STRING;

/** AveragePool (2-D, count_include_pad), see {@link Pool}. */
final class AveragePool extends Pool {
    static final Schema SCHEMA = Schema.op("AveragePool").versions(1, 7, 10, 11, 19)
            .attr("auto_pad", STRING).attr("ceil_mode", INT, 10, Integer.MAX_VALUE)
            .attr("count_include_pad", INT, 7, Integer.MAX_VALUE).attr("kernel_shape", INTS)
            .attr("pads", INTS).attr("strides", INTS).attr("dilations", INTS, 19, Integer.MAX_VALUE).build(AveragePool::new);

    AveragePool(Parsed p) {
        super(p, false);
    }
}
