package dev.qasim.engine;

import dev.qasim.arith.OverflowPolicy;
import dev.qasim.config.ArchConfig;
import dev.qasim.config.ArrayConfig;
import dev.qasim.config.PeKind;
import dev.qasim.input.Problems;
import dev.qasim.workload.Layer;
import java.util.List;

/**
 * What a processing element is: how a layer maps onto an array of it, which operands it can take, its
 * registers, the arithmetic its work consists of and the hardware that does it. One class per {@code pe.kind};
 * {@link #of} is the registration. Two families: bit-parallel MAC lanes ({@link MacPe}), and serial PEs that
 * add shifted parts one pair at a time over a group of values per beat ({@link SerialPe}); each engine has one
 * implementation per family, so a new kind within a family is one new class.
 */
public sealed interface ProcessingElement permits MacPe, SerialPe {

    /** The PE of an architecture. */
    static ProcessingElement of(ArchConfig arch) {
        return switch (arch.pe().kind()) {
            case MAC -> new MacPe(arch.pe());
            case TERM_SERIAL -> new TermSerialPe(arch.pe(), arch.terms());
            case TERM_SERIAL_ZERO_SKIP -> new ZeroSkipTermSerialPe(arch.pe(), arch.terms());
            case BIT_SERIAL -> new BitSerialPe(arch.pe());
            case BIT_SERIAL_ZERO_SKIP -> new ZeroSkipBitSerialPe(arch.pe());
        };
    }

    PeKind kind();

    /** Lanes per PE: independent accumulators sharing the stream operand. */
    int lanes();

    /** How a layer maps onto an array of these PEs. */
    Mapping map(ArrayConfig array, Layer layer);

    /**
     * Adds a problem for every operand of a layer this PE cannot take (wider than its multiplier).
     *
     * @param path the layer's place in its file, e.g. {@code layers[3] (conv2)}
     */
    void checkOperands(Problems problems, String source, String path, Layer layer);

    /** The overflow policies this PE's accumulator supports. */
    List<OverflowPolicy> policies();

    /**
     * Why this PE's timing of a layer depends on the values (so a shape-only run cannot give exact cycles), or
     * null when it does not.
     */
    String timingNeedsValues(Layer layer);

    /**
     * The registers of one PE under a dataflow for operands of these widths (a layer's widths for its register
     * traffic, the multiplier's for the area).
     */
    RegisterInventory registers(DataflowSchedule schedule, int weightBits, int dataBits);

    /** The arithmetic units one PE holds, each once per instance (for its area). */
    List<Operation.Unit> units();

    /**
     * The units at the array's edge, once per PE row (the data encoders of a term MAC array); they are part of the
     * array's area and static power.
     */
    default List<Operation.Unit> edgeUnitsPerRow() {
        return List.of();
    }

    /** What the area estimate leaves out for this kind (empty when nothing). */
    List<String> areaNotes();

    /** What a user should know about how this PE treats a layer (a setting that has no effect), or nothing. */
    default List<String> notes(Layer layer) {
        return List.of();
    }

    /** A layer's arithmetic on the array as counted operations (for its energy). */
    List<Operation> operations(LayerResult layer);
}
