package dev.qasim.engine;

import dev.qasim.config.PeConfig;
import dev.qasim.config.PeKind;
import dev.qasim.config.TermsConfig;
import dev.qasim.input.Section;
import dev.qasim.terms.TermStatistics;
import java.util.List;
import dev.qasim.workload.Layer;

/**
 * {@code pe.kind: term-serial}: the term MAC of term revealing (docs/term-revealing.md). Weights are split into
 * terms by {@code terms.encoding} and, with a group budget k, term-revealed offline per group of g (the group's k
 * largest terms kept); data are split by the edge encoders ({@code terms.dataEncoding}) and truncated to s terms
 * ({@code terms.dataTerms}). A term pair is an exponent add and a shifted add. With a budget every beat lasts
 * ceil(k s / termPairsPerCycle) cycles (budget-synchronous); without one, or on a layer marked
 * {@code termRevealing: false} (every term kept), as long as its busiest PE needs.
 */
public final class TermSerialPe extends TermPe {

    TermSerialPe(PeConfig pe, TermsConfig terms) {
        super(pe, terms);
    }

    @Override
    public PeKind kind() {
        return PeKind.TERM_SERIAL;
    }

    @Override
    SerialOperands.Split split(Layer layer) {
        boolean reveal = layer.spec().termRevealing() && terms.hasBudget();
        return new SerialOperands.Split(terms.groupSize(), terms.encoding().encoder(), reveal ? terms.groupBudget() : null,
                terms.dataEncoding().encoder(), layer.spec().termRevealing() ? terms.dataTerms() : null,
                fixedBeatCycles(layer));
    }

    /**
     * ceil(k s / termPairsPerCycle) with a budget (s: the data terms, or the most terms a data value of the
     * layer's type can have); 0 when the beats are data-dependent (no budget, or a layer that keeps every term).
     */
    @Override
    public int fixedBeatCycles(Layer layer) {
        if (!layer.spec().termRevealing() || !terms.hasBudget()) {
            return 0;
        }
        return Math.max(1, Mapping.ceilDiv(terms.groupBudget() * dataTermsBound(layer), terms.termPairsPerCycle()));
    }

    /** s: the data terms kept per value, or the most terms a data value of the layer's type can have. */
    int dataTermsBound(Layer layer) {
        return terms.dataTerms() != null ? terms.dataTerms()
                : TermStatistics.maxTerms(terms.dataEncoding(), layer.spec().data().maxMagnitude());
    }

    /** A data-term limit that truncates no value of the layer's data type is said, not silently a no-op. */
    @Override
    public List<String> notes(Layer layer) {
        if (terms.dataTerms() == null || !layer.spec().termRevealing()) {
            return List.of();
        }
        int most = TermStatistics.maxTerms(terms.dataEncoding(), layer.spec().data().maxMagnitude());
        if (terms.dataTerms() < most) {
            return List.of();
        }
        return List.of("layer " + layer.name() + ": terms.dataTerms = " + terms.dataTerms() + " truncates no value: a "
                + layer.spec().data() + " value has at most " + most + " " + Section.yamlName(terms.dataEncoding())
                + " terms");
    }

    /** k s / g pairs per MAC with a budget. */
    @Override
    Long budgetedPairs(Layer layer) {
        if (fixedBeatCycles(layer) == 0) {
            return null;
        }
        return (long) Math.ceil((double) layer.matrixForm().macs() * terms.groupBudget() * dataTermsBound(layer)
                / terms.groupSize());
    }

    @Override
    String dataDependence(Layer layer) {
        return !terms.hasBudget() ? "term pairs need (no terms.groupBudget)"
                : "term pairs need (termRevealing: false keeps every term)";
    }
}
