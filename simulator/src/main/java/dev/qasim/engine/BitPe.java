package dev.qasim.engine;

import dev.qasim.config.PeConfig;
import dev.qasim.input.Problems;
import dev.qasim.terms.Encoding;
import dev.qasim.workload.Layer;
import java.util.List;

/**
 * The bit-serial PE's hardware, shared by the kinds that use it (in the style of Stripes, Judd et al., MICRO 2016,
 * and Pragmatic, Albericio et al., MICRO 2017): the weight is held whole (bit-parallel, at most
 * {@code pe.multiplierBits} wide), the data value is processed one bit per cycle, and for each one-bit of the data
 * (in sign-magnitude, most significant first) the PE adds the weight shifted by the bit's position into its
 * accumulator. Hardware: a row of AND gates as wide as the weight (a multiplierBits x 1 multiplier), the shifter
 * (wiring here) and the accumulator's adder. One value per beat (g = 1), one bit per cycle.
 */
public abstract sealed class BitPe extends SerialPe permits BitSerialPe, ZeroSkipBitSerialPe {

    BitPe(PeConfig pe) {
        super(pe);
    }

    @Override
    public final int groupSize() {
        return 1;
    }

    @Override
    public final int pairsPerCycle() {
        return 1;
    }

    /** Weights whole, data split into their one-bits; a beat of {@code beatCycles} (0: data-dependent). */
    final SerialOperands.Split split(int beatCycles) {
        return new SerialOperands.Split(1, null, null, Encoding.BINARY.encoder(), null, beatCycles);
    }

    /** The weight enters the AND row bit-parallel, so it must fit it. */
    @Override
    public final void checkOperands(Problems problems, String source, String path, Layer layer) {
        MacPe.check(problems, source, path + ".weightBits", layer.spec().weights(), pe.multiplierBits());
    }

    @Override
    public final List<Operation.Unit> units() {
        return List.of(new Operation.Multiplier(pe.multiplierBits(), 1), new Operation.Adder(pe.accumulatorBits()));
    }

    @Override
    public final List<String> areaNotes() {
        return List.of("bit-serial PEs: a multiplierBits x 1 AND row and an accumulator adder each; the shifter is wiring");
    }

    /** Per one-bit of the data, a weight-wide AND row and an add at the accumulator's width. */
    @Override
    public final List<Operation> operations(LayerResult layer) {
        long pairs = pairs(layer);
        return List.of(new Operation("bitSerialPartialProduct", "bitSerial", pairs,
                        new Operation.Multiplier(layer.weightBits(), 1)),
                new Operation("bitSerialAccumulate", "bitSerial", pairs, new Operation.Adder(pe.accumulatorBits())));
    }
}
