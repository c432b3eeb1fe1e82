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

    /**
     * An exponent adder (operands up to multiplierBits wide), a shifter of the accumulator's width with as many
     * stages as the exponent has bits (it shifts the pair's addend by the exponent sum), and the accumulator's adder.
     */
    @Override
    public final List<Operation.Unit> units() {
        int mb = pe.multiplierBits();
        int e = exponentBits(mb, mb);
        return List.of(new Operation.Adder(e), new Operation.Shifter(pe.accumulatorBits(), e),
                new Operation.Adder(pe.accumulatorBits()));
    }

    /**
     * A data encoder per row, for operands up to multiplierBits wide: recoding into signed terms (Booth, NAF, HESE)
     * forms 3x = x + 2x, one addition one bit wider than the value; binary terms are the bits themselves (no encoder).
     */
    @Override
    public final List<Operation.Unit> edgeUnitsPerRow() {
        return terms.dataEncoding() == dev.qasim.terms.Encoding.BINARY ? List.of()
                : List.of(new Operation.Adder(pe.multiplierBits() + 1));
    }

    @Override
    public final List<String> areaNotes() {
        return List.of("term-serial PEs: an exponent adder, a shifter and an accumulator adder each, and a data encoder per row at the edge");
    }

    /**
     * Per pair, an exponent add at the layer's exponent width, a shift of the accumulator's width by it and an add
     * at the accumulator's width; per data value entering the array (read from the ifmap buffer), one encoding.
     */
    @Override
    public final List<Operation> operations(LayerResult layer) {
        long pairs = pairs(layer);
        int e = exponentBits(layer.weightBits(), layer.dataBits());
        Operation.Unit encoder = edgeUnitsPerRow().isEmpty() ? null : new Operation.Adder(layer.dataBits() + 1);
        long values = encoder == null ? 0 : layer.memory().ifmap().readBits() / layer.dataBits();
        List<Operation> ops = new java.util.ArrayList<>(List.of(
                new Operation("termPairExponentAdd", "termPairs", pairs, new Operation.Adder(e)),
                new Operation("termPairShift", "termPairs", pairs, new Operation.Shifter(pe.accumulatorBits(), e)),
                new Operation("termPairAccumulate", "termPairs", pairs, new Operation.Adder(pe.accumulatorBits()))));
        if (encoder != null) {
            ops.add(new Operation("dataEncode", "encoders", values, encoder));
        }
        return List.copyOf(ops);
    }
}
