package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INTS;

/** Unsqueeze: dimensions of size 1 inserted at the axes (see {@link Squeeze}). */
final class Unsqueeze extends Squeeze {
    static final Schema SCHEMA = Schema.op("Unsqueeze").versions(1, 11, 13, 21).inputs(1, 2).attr("axes", INTS, 0, 13)
            .build(Unsqueeze::new);

    Unsqueeze(Parsed p) {
        super(p, true);
    }
}
