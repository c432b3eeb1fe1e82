package dev.qasim.engine;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fast serial engine's vector kernels (Java Vector API), a lane per output column of a block of
 * {@link #lanes()} columns against one data row: the exact sums with the extremes after every group step, and the
 * overflow events of a wrapping or a saturating accumulator. A saturating register is followed pair by pair,
 * clamped; for a wrapping one the exact sum suffices.
 *
 * <p>On a P-bit wrapping accumulator an addition overflows exactly when the exact running sum moves to another
 * window of 2^P values, [j 2^P - 2^(P-1), (j + 1) 2^P - 2^(P-1)): the register holds the exact sum modulo 2^P,
 * so its value plus the addend leaves the range exactly when the exact sum changes window. The count needs only
 * the exact running sums, pair by pair, without a branch. A row's pairs come as a list of items, the same for
 * every block (built by the caller): where weight part a of K position j lies in the block's parts, and data term
 * l of position j, for every part index a up to the layer's most parts and every term l, in the PE's order. A
 * lane whose weight has fewer parts reads zeros, which add nothing.
 *
 * <p>Int arithmetic: sums are kept modulo 2^32, which preserves every window change as long as an addend is below
 * 2^32 - 2^P in magnitude and P is at most 30; the caller checks that every sum of the layer is below
 * {@link #OFF_STEP}. Loaded only when the JVM has {@code jdk.incubator.vector} ({@link dev.qasim.arith.Vectors});
 * the scalar engine gives the same results, which the tests compare. The loops are plain counted loops with the
 * vectors in registers and no masked operation, bounded in length ({@link #STRETCH}): the shapes HotSpot's JDK 17
 * intrinsifies (a strided loop, a nested one carrying vectors, a masked add or a long loop boxes every vector).
 */
final class SerialVectorKernels {
    private static final VectorSpecies<Integer> SPECIES = IntVector.SPECIES_PREFERRED;
    /** Ints per item of {@link #events}: the part's place and the data term. */
    static final int ITEM = 2;
    /** The bias of a sum inside a group step (2^30): the sums themselves stay below it in magnitude. */
    static final int OFF_STEP = 1 << 30;
    /**
     * Items or positions per inner loop, the vectors carried between loops in the state. A loop this short is never
     * compiled on-stack (OSR), and HotSpot's JDK 17 boxes every vector of a long loop that is: up to twenty times
     * slower, the same results.
     */
    private static final int STRETCH = 256;

    private SerialVectorKernels() {}

    /** Columns per block. */
    static int lanes() {
        return SPECIES.length();
    }

    /** Ints of the state the kernels carry between stretches (three vectors). */
    static int stateLength() {
        return 3 * lanes();
    }

    /**
     * The exact sums of the columns' chains against one data row, and the extremes of the sums after every group
     * step, widened into {@code extremes} ({min, max}). A position in {@code nz} is a nonzero data value or the
     * last of a group; {@code bias[j]} is 0 at the last position of a group, else {@link #OFF_STEP}, which moves a
     * sum within a group out of reach of the extremes without a branch.
     *
     * @param x       the row's data values, {@code x[xo + j]}
     * @param weights the block's weight values K-major, a lane per column, {@code weights[base + j * lanes() + lane]}
     * @param state   {@link #stateLength()} ints; on return {@code state[lane]} holds each lane's sum
     */
    static void stepSums(int[] x, int xo, int[] nz, int count, int[] bias, int[] weights, int base, int[] state,
                         long[] extremes) {
        java.util.Arrays.fill(state, 0);
        for (int from = 0; from < count; from += STRETCH) {
            sumStretch(x, xo, nz, from, Math.min(count, from + STRETCH), bias, weights, base, state);
        }
        int lanes = lanes();
        extremes[0] = Math.min(extremes[0], IntVector.fromArray(SPECIES, state, lanes).reduceLanes(VectorOperators.MIN));
        extremes[1] = Math.max(extremes[1], IntVector.fromArray(SPECIES, state, 2 * lanes).reduceLanes(VectorOperators.MAX));
    }

    private static void sumStretch(int[] x, int xo, int[] nz, int from, int to, int[] bias, int[] weights, int base,
                                   int[] state) {
        int lanes = lanes();
        IntVector sum = IntVector.fromArray(SPECIES, state, 0);
        IntVector lo = IntVector.fromArray(SPECIES, state, lanes);
        IntVector hi = IntVector.fromArray(SPECIES, state, 2 * lanes);
        // every operation's receiver a vector made in this step (VectorKernels says why)
        for (int t = from; t < to; t++) {
            int j = nz[t];
            sum = IntVector.fromArray(SPECIES, weights, base + j * lanes).mul(x[xo + j]).add(sum);
            int b = bias[j];
            lo = sum.lanewise(VectorOperators.ADD, b).lanewise(VectorOperators.MIN, lo);
            hi = sum.lanewise(VectorOperators.SUB, b).lanewise(VectorOperators.MAX, hi);
        }
        sum.intoArray(state, 0);
        lo.intoArray(state, lanes);
        hi.intoArray(state, 2 * lanes);
    }

    /**
     * The overflow events of each column's chain against one data row, on a wrapping or a saturating accumulator.
     *
     * @param items    {@code count} items of {@link #ITEM} ints: the place of a part's lanes in {@code parts} (from
     *                 {@code base}), and the data term it is multiplied by
     * @param parts    the block's weight parts, a lane per column
     * @param bits     P, at most 30
     * @param saturate whether the accumulator saturates (else it wraps)
     * @param state    {@link #stateLength()} ints; on return {@code state[2 * lanes() + lane]} holds each lane's
     *                 events, and for a saturating accumulator {@code state[lane]} its value
     */
    static void events(int[] items, int count, int[] parts, int base, int bits, boolean saturate, int[] state) {
        int lanes = lanes();
        java.util.Arrays.fill(state, 0);
        if (!saturate) {
            java.util.Arrays.fill(state, 0, lanes, 1 << (bits - 1)); // exact sum + 2^(P-1): windows at multiples of 2^P
        }
        for (int from = 0; from < count; from += STRETCH) {
            if (saturate) {
                clampStretch(items, from, Math.min(count, from + STRETCH), parts, base, bits, state);
            } else {
                eventStretch(items, from, Math.min(count, from + STRETCH), parts, base, bits, state);
            }
        }
    }

    /**
     * A saturating accumulator's chain: the register itself, clamped after every pair; an event wherever the clamp
     * changed the sum.
     */
    private static void clampStretch(int[] items, int from, int to, int[] parts, int base, int bits, int[] state) {
        int lanes = lanes();
        IntVector min = IntVector.broadcast(SPECIES, -(1 << (bits - 1)));
        IntVector max = IntVector.broadcast(SPECIES, (1 << (bits - 1)) - 1);
        IntVector value = IntVector.fromArray(SPECIES, state, 0);
        IntVector total = IntVector.fromArray(SPECIES, state, 2 * lanes);
        for (int t = from; t < to; t++) { // receivers made in this step, as in sumStretch
            int q = ITEM * t;
            IntVector sum = IntVector.fromArray(SPECIES, parts, base + items[q]).mul(items[q + 1]).add(value);
            value = sum.lanewise(VectorOperators.MAX, min).lanewise(VectorOperators.MIN, max);
            total = changed(value, sum).add(total);
        }
        value.intoArray(state, 0);
        total.intoArray(state, 2 * lanes);
    }

    /** 1 in the lanes where a and b differ, else 0 ({@code a} the receiver: pass the vector made in this step). */
    private static IntVector changed(IntVector a, IntVector b) {
        IntVector d = a.lanewise(VectorOperators.XOR, b);
        return d.lanewise(VectorOperators.OR, d.neg()).lanewise(VectorOperators.LSHR, 31);
    }

    private static void eventStretch(int[] items, int from, int to, int[] parts, int base, int bits, int[] state) {
        int lanes = lanes();
        IntVector sum = IntVector.fromArray(SPECIES, state, 0);
        IntVector window = IntVector.fromArray(SPECIES, state, lanes);
        IntVector total = IntVector.fromArray(SPECIES, state, 2 * lanes);
        for (int t = from; t < to; t++) { // receivers made in this step, as in sumStretch
            int q = ITEM * t;
            sum = IntVector.fromArray(SPECIES, parts, base + items[q]).mul(items[q + 1]).add(sum);
            IntVector next = sum.lanewise(VectorOperators.ASHR, bits);
            total = changed(next, window).add(total);
            window = next;
        }
        sum.intoArray(state, 0);
        window.intoArray(state, lanes);
        total.intoArray(state, 2 * lanes);
    }
}
