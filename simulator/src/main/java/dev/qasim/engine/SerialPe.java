package dev.qasim.engine;

import dev.qasim.arith.OverflowPolicy;
import dev.qasim.config.ArrayConfig;
import dev.qasim.config.PeConfig;
import dev.qasim.input.Problems;
import dev.qasim.input.Section;
import dev.qasim.workload.Conv2d;
import dev.qasim.workload.Layer;
import dev.qasim.workload.Lowered;
import dev.qasim.workload.MatrixForm;
import java.util.List;

/**
 * The serial family: a PE that takes a group of g values per beat and adds, one pair at a time, a shifted addend
 * per (weight part, data term) pair into its accumulator ({@link SerialOperands}), {@link #pairsPerCycle()}
 * pairs per cycle. The array keeps the systolic motion of a MAC array, one beat at a time: the reduction
 * dimension counts groups instead of values, and a beat lasts a fixed number of cycles or, when its length
 * depends on the values, as long as the busiest PE in it needs (at least one cycle). One lane per PE; the
 * accumulator wraps or saturates.
 */
public abstract sealed class SerialPe implements ProcessingElement
        permits TermPe, BitPe {
    /** Pipeline latency of the data encoders at a serial array's edge, paid once per fold (cycles). */
    public static final int ENCODER_LATENCY_CYCLES = 2;

    final PeConfig pe;

    SerialPe(PeConfig pe) {
        this.pe = pe;
    }

    /** g: values a PE takes per beat. */
    public abstract int groupSize();

    /** Pairs a PE adds per cycle. */
    public abstract int pairsPerCycle();

    /** How this PE splits a layer's operands into parts, and its beat. */
    abstract SerialOperands.Split split(Layer layer);

    /** The cycles of one beat for a layer when they do not depend on the values, else 0. */
    public abstract int fixedBeatCycles(Layer layer);

    /**
     * Beats of a fixed length do not depend on the values; data-dependent ones do.
     */
    @Override
    public final String timingNeedsValues(Layer layer) {
        return fixedBeatCycles(layer) > 0 ? null : Section.yamlName(kind()) + " PEs on layer " + layer.name()
                + ": each beat lasts as long as its values' " + dataDependence(layer);
    }

    /** What a data-dependent beat's length depends on, for {@link #timingNeedsValues}. */
    String dataDependence(Layer layer) {
        return "nonzero pairs need";
    }

    /** The cost model's pairs for a layer when this PE's beats are budgeted (term revealing), else null. */
    Long budgetedPairs(Layer layer) {
        return null;
    }

    final SerialOperands operands(Lowered layer) {
        return new SerialOperands(layer, split(layer.layer()));
    }

    @Override
    public final int lanes() {
        return 1;
    }

    /** The reduction dimension counts groups of g values; each step of the schedule is then a beat. */
    @Override
    public final Mapping map(ArrayConfig array, Layer layer) {
        MatrixForm form = layer.matrixForm();
        GroupStarts groups = Mapping.groupStarts(layer, groupSize());
        return Mapping.of(array, 1, new MatrixForm(form.groups(), form.m(), form.n(), groups.count())).withGroups(groups);
    }

    @Override
    public void checkOperands(Problems problems, String source, String path, Layer layer) {
        // a term MAC has no multiplier: an operand of any width is a list of terms
    }

    @Override
    public final List<OverflowPolicy> policies() {
        return List.of(OverflowPolicy.WRAP, OverflowPolicy.SATURATE);
    }

    @Override
    public RegisterInventory registers(DataflowSchedule schedule, int weightBits, int dataBits) {
        return RegisterInventory.of(schedule, 1, groupSize(), weightBits, dataBits, pe.accumulatorBits());
    }

    /** The pairs a layer's PEs added (0 when the values were not simulated). */
    static long pairs(LayerResult layer) {
        return layer.terms() == null || layer.terms().pairs() == null ? 0 : layer.terms().pairs();
    }

    /**
     * Width of a term pair's exponent add: the sum of the largest weight and data exponents, which are below the
     * operands' widths: the bits of weightBits + dataBits.
     */
    public static int exponentBits(int weightBits, int dataBits) {
        return 32 - Integer.numberOfLeadingZeros(weightBits + dataBits);
    }

    /** Whether a layer's run of K indices is one kernel position's channels (conv) or the whole of K. */
    static int runLength(Layer layer) {
        return layer instanceof Conv2d c ? c.groupChannels() : layer.matrixForm().k();
    }
}
