package dev.qasim.engine;

import dev.qasim.config.PeConfig;
import dev.qasim.config.PeKind;
import dev.qasim.config.TermsConfig;
import dev.qasim.workload.Layer;

/**
 * {@code pe.kind: term-serial-zero-skip}: the term MAC on conventionally quantized values, the baseline term
 * revealing competes with (in the style of Laconic, Sharify et al., ISCA 2019): every nonzero term of every
 * weight and data value is kept (no budget, no truncation: {@code terms.groupBudget} and {@code terms.dataTerms}
 * are refused), zero terms are skipped, and each beat lasts as long as its busiest PE's term pairs need,
 * ceil(pairs / termPairsPerCycle) cycles, at least one. Same hardware as {@link TermSerialPe}.
 */
public final class ZeroSkipTermSerialPe extends TermPe {

    ZeroSkipTermSerialPe(PeConfig pe, TermsConfig terms) {
        super(pe, terms);
    }

    @Override
    public PeKind kind() {
        return PeKind.TERM_SERIAL_ZERO_SKIP;
    }

    @Override
    SerialOperands.Split split(Layer layer) {
        return new SerialOperands.Split(terms.groupSize(), terms.encoding().encoder(), null, terms.dataEncoding().encoder(),
                null, 0);
    }

    @Override
    public int fixedBeatCycles(Layer layer) {
        return 0;
    }
}
