package dev.qasim.engine;

/**
 * What a term-serial array did in term pairs (docs/timing.md, docs/term-revealing.md).
 *
 * @param pairs nonzero term pairs processed (each an exponent add and a shifted accumulation)
 * @param slots term-pair slots the array gave its real group steps: per step, its beat's cycles (encoder stall
 *              aside) times termPairsPerCycle; with a budget, ceil(k s / termPairsPerCycle) termPairsPerCycle each
 * @param beats beats stepped
 */
public record TermCounts(long pairs, long slots, long beats) {

    /** pairs / slots: how much of the term-pair capacity did work. */
    public double slotUtilization() {
        return slots == 0 ? 0 : (double) pairs / slots;
    }
}
