package dev.qasim.engine;

import dev.qasim.quant.AccumulatorBounds;

/**
 * The widen-replay policy's penalty (docs/timing.md): the array runs every fold with P-bit wrapping
 * accumulators as scheduled; for each column group (group, column fold) whose row fold fr0 had any overflowing
 * addition, the folds fr0 .. FR-1 of that group are re-executed after it, with wide accumulators at one lane:
 * W = min(64, max(2P, the exact data-type worst-case width)) bits, so they cannot overflow and every output is
 * exact. A re-executed fold with S active column slots takes ceil(S / C) passes on the C PE columns, each pass
 * costing a back-to-back (parity) fold: 2R + C + T - 2 cycles in ws and is, T + R + C - 2 in os.
 *
 * @param foldsReplayed folds re-executed
 * @param cycles        their cycles (replayCycles)
 * @param macs          their real MACs, at W-bit accumulators
 * @param wideBits      W
 */
public record Replay(int foldsReplayed, long cycles, long macs, int wideBits) {

    /** No replay. */
    public static final Replay NONE = new Replay(0, 0, 0, 0);

    /** The replay of a layer whose folds overflowed as flagged. */
    static Replay plan(Mapping map, boolean[] foldOverflowed, int accBits, long dataTypeWorstCase) {
        int wide = Math.min(64, Math.max(2 * accBits, AccumulatorBounds.bitsFor(-dataTypeWorstCase, dataTypeWorstCase)));
        long passCycles = map.schedule().backToBackFoldCycles(map.streamed(), map.rows(), map.cols());
        int folds = 0;
        long cycles = 0;
        long macs = 0;
        for (int g = 0; g < map.groups(); g++) {
            for (int fc = 0; fc < map.colFolds(); fc++) {
                boolean wideFromHere = false;
                for (int fr = 0; fr < map.rowFolds(); fr++) {
                    int f = map.foldIndex(g, fc, fr);
                    wideFromHere |= foldOverflowed[f];
                    if (wideFromHere) {
                        folds++;
                        cycles += Mapping.ceilDiv(map.activeSlots(f), map.cols()) * passCycles;
                        macs += (long) map.activeRows(f) * map.activeSlots(f) * map.streamed();
                    }
                }
            }
        }
        return folds == 0 ? NONE : new Replay(folds, cycles, macs, wide);
    }
}
