package dev.qasim.engine;

import dev.qasim.config.PeConfig;
import dev.qasim.config.TermsConfig;
import java.util.List;

/**
 * The term MAC's hardware, shared by the kinds that use it: weights and data both split into signed powers of
 * two ({@code terms.encoding}, {@code terms.dataEncoding}), g values per beat ({@code terms.groupSize}),
 * {@code terms.termPairsPerCycle} pairs per cycle, each pair an exponent add and a shifted add into the
 * accumulator (the shifter is wiring here).
 */
public abstract sealed class TermPe extends SerialPe permits TermSerialPe, ZeroSkipTermSerialPe {
    final TermsConfig terms;

    TermPe(PeConfig pe, TermsConfig terms) {
        super(pe);
        this.terms = terms;
    }

    @Override
    public final int groupSize() {
        return terms.groupSize();
    }

    @Override
    public final int pairsPerCycle() {
        return terms.termPairsPerCycle();
    }

    /** An exponent adder (operands up to multiplierBits wide) and the accumulator's adder. */
    @Override
    public final List<Operation.Unit> units() {
        int mb = pe.multiplierBits();
        return List.of(new Operation.Adder(exponentBits(mb, mb)), new Operation.Adder(pe.accumulatorBits()));
    }

    @Override
    public final List<String> areaNotes() {
        return List.of("term-serial PEs: an exponent adder and an accumulator adder each; the data encoders at the edge are not included");
    }

    /** Per pair, an exponent add at the layer's exponent width and an add at the accumulator's width. */
    @Override
    public final List<Operation> operations(LayerResult layer) {
        long pairs = pairs(layer);
        return List.of(new Operation("termPairExponentAdd", "termPairs", pairs,
                        new Operation.Adder(exponentBits(layer.weightBits(), layer.dataBits()))),
                new Operation("termPairAccumulate", "termPairs", pairs, new Operation.Adder(pe.accumulatorBits())));
    }
}
