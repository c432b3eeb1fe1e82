package dev.qasim.engine;

import dev.qasim.workload.Layer;

/**
 * A serial layer's pairs, two ways side by side (docs/term-revealing.md), and its baselines:
 * <ul>
 *   <li>{@code pairs}: nonzero term pairs the array processed; {@code slots}: the term-pair slots its beats gave
 *   the group steps (utilization = pairs / slots);</li>
 *   <li>the cost model: {@code conventionalPairs} = MACs * b_w * b_a (every bit pair of conventional
 *   quantization, the paper's baseline); {@code budgetedPairs} = MACs * k * s / g with a budget, else null;</li>
 *   <li>{@code macArrayComputeCycles}: a bit-parallel MAC array of the same size and dataflow (one lane) on the
 *   same layer; {@code bitSerialComputeCycles}: a conventional bit-serial array of the same size and mapping,
 *   each group step costing ceil(g b_w b_a / termPairsPerCycle) cycles.</li>
 * </ul>
 * A budget that rarely binds saves little in actual pairs even when the cost model shows a large gain: the two
 * counts side by side make that visible.
 */
public record TermStats(Long pairs, long slots, long conventionalPairs, Long budgetedPairs, long macArrayComputeCycles,
                        long bitSerialComputeCycles) {

    /** Term pairs in the cost model: k s / g per MAC with a budget, else b_w b_a per MAC. */
    public long costModelPairs() {
        return budgetedPairs != null ? budgetedPairs : conventionalPairs;
    }

    static TermStats of(dev.qasim.config.ArrayConfig array, SerialPe pe, Layer layer, Mapping map, TermCounts counts, boolean valuesSimulated) {
        long macs = layer.matrixForm().macs();
        int bw = layer.spec().weights().bits();
        int ba = layer.spec().data().bits();
        long macArray = Mapping.of(array, 1, layer.matrixForm()).computeCycles();
        long serialBeat = Mapping.ceilDiv(pe.groupSize() * bw * ba, pe.pairsPerCycle());
        return new TermStats(valuesSimulated ? counts.pairs() : null, counts.slots(), macs * bw * ba, pe.budgetedPairs(layer),
                macArray, map.computeCycles() * serialBeat);
    }

    /** pairs / slots (null without values). */
    public Double slotUtilization() {
        return pairs == null || slots == 0 ? null : (double) pairs / slots;
    }
}
