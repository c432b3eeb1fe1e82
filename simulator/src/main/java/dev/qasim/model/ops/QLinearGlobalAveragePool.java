package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INT;

/** QLinearGlobalAveragePool (com.microsoft): the mean of each (N, C) plane of integers, see {@link QLinearPool}. */
final class QLinearGlobalAveragePool extends QLinearPool {
    static final Schema SCHEMA = Schema.op(Registry.MICROSOFT, "QLinearGlobalAveragePool").inputs(4, 5).attr("channels_last", INT)
            .build(QLinearGlobalAveragePool::new);

    QLinearGlobalAveragePool(Parsed p) {
        super(p, true);
    }
}
