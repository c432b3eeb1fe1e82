package dev.qasim.engine;

import dev.qasim.config.PeConfig;
import dev.qasim.config.PeKind;
import dev.qasim.workload.Layer;

/**
 * {@code pe.kind: bit-serial-zero-skip}: the Pragmatic-style bit-serial PE ({@link BitPe}) that skips the zero
 * bits of its data: a beat lasts as many cycles as the most one-bits any PE in it processes, at least one.
 */
public final class ZeroSkipBitSerialPe extends BitPe {

    ZeroSkipBitSerialPe(PeConfig pe) {
        super(pe);
    }

    @Override
    public PeKind kind() {
        return PeKind.BIT_SERIAL_ZERO_SKIP;
    }

    @Override
    SerialOperands.Split split(Layer layer) {
        return split(0);
    }

    @Override
    public int fixedBeatCycles(Layer layer) {
        return 0;
    }
}
