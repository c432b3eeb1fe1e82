package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INT;

/** LogSoftmax: x - max - log(sum exp(x - max)), along an axis as {@link Softmax}. */
final class LogSoftmax extends Softmax {
    static final Schema SCHEMA = Schema.op("LogSoftmax").versions(1, 11, 13).attr("axis", INT).build(LogSoftmax::new);

    LogSoftmax(Parsed p) {
        super(p, true);
    }
}
