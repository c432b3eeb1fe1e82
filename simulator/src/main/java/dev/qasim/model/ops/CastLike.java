package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INT;

/** CastLike: a Cast to the element kind of input 1 (see {@link Cast}). */
final class CastLike extends Cast {
    static final Schema SCHEMA = Schema.op("CastLike").versions(15, 19, 21).inputs(2, 2).attr("saturate", INT, 19, Integer.MAX_VALUE)
            .build(CastLike::new);

    CastLike(Parsed p) {
        super(p, true);
    }
}
