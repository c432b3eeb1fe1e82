package dev.qasim.engine;

import dev.qasim.config.ArchConfig;
import dev.qasim.workload.Layer;

/**
 * A term-serial layer's term pairs, two ways side by side (term-revealing.md), and its baselines:
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

    static TermStats of(ArchConfig arch, Layer layer, Mapping map, TermCounts counts, boolean valuesSimulated) {
        long macs = layer.matrixForm().macs();
        int bw = layer.spec().weights().bits();
        int ba = layer.spec().data().bits();
        int g = arch.terms().groupSize();
        int beat = TermOperands.budgetBeatCycles(layer, arch.terms());
        Long budgeted = null;
        if (beat > 0) {
            budgeted = (long) Math.ceil((double) macs * arch.terms().groupBudget()
                    * TermOperands.dataTermsBound(layer, arch.terms()) / g);
        }
        long macArray = Mapping.of(arch.array(), 1, layer.matrixForm()).computeCycles();
        long serialBeat = Mapping.ceilDiv(g * bw * ba, arch.terms().termPairsPerCycle());
        return new TermStats(valuesSimulated ? counts.pairs() : null, counts.slots(), macs * bw * ba, budgeted, macArray,
                map.computeCycles() * serialBeat);
    }

    /** pairs / slots (null without values). */
    public Double slotUtilization() {
        return pairs == null || slots == 0 ? null : (double) pairs / slots;
    }
}
