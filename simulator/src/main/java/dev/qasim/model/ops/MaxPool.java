package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INT;
import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INTS;
import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.STRING;

/** MaxPool (2-D; the indices output refused), see {@link Pool}. */
final class MaxPool extends Pool {
    static final Schema SCHEMA = Schema.op("MaxPool").versions(1, 8, 10, 11, 12).outputs(1, 2)
            .attr("auto_pad", STRING).attr("ceil_mode", INT, 10, Integer.MAX_VALUE).attr("dilations", INTS, 10, Integer.MAX_VALUE)
            .attr("kernel_shape", INTS).attr("pads", INTS).attr("storage_order", INT, 8, Integer.MAX_VALUE).attr("strides", INTS)
            .build(MaxPool::new);

    MaxPool(Parsed p) {
        super(p, true);
    }
}
