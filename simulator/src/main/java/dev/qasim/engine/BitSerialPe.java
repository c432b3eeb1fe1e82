package dev.qasim.engine;

import dev.qasim.config.PeConfig;
import dev.qasim.config.PeKind;
import dev.qasim.workload.Layer;

/**
 * {@code pe.kind: bit-serial}: the Stripes-style bit-serial PE ({@link BitPe}); every MAC pass takes b_a cycles,
 * one per bit of the layer's data width (the sign bit included), whatever the values: zero bits take their cycle
 * and add nothing.
 */
public final class BitSerialPe extends BitPe {

    BitSerialPe(PeConfig pe) {
        super(pe);
    }

    @Override
    public PeKind kind() {
        return PeKind.BIT_SERIAL;
    }

    @Override
    SerialOperands.Split split(Layer layer) {
        return split(fixedBeatCycles(layer));
    }

    @Override
    public int fixedBeatCycles(Layer layer) {
        return layer.spec().data().bits();
    }
}
