package dev.qasim.model.ops;

/** QONNX's IntQuant: Quant's newer name (see {@link Quant}). */
final class IntQuant extends Quant {
    static final Schema SCHEMA = schema("IntQuant").build(IntQuant::new);

    IntQuant(Parsed p) {
        super(p);
    }
}
