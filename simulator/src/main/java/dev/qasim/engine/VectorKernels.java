package dev.qasim.engine;

import java.util.Arrays;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fast engine's inner loop with the Java Vector API: one data row against a block of {@link #width()}
 * weight columns, all of whose chains provably fit int (no overflow possible, so no per-addition check). The
 * block's accumulators live in vector registers over a stretch of K ({@link #STRETCH} nonzero positions, the
 * vectors kept in a small state array between stretches); after every addition each lane's running
 * minimum and maximum are updated as well, so the layer's exact prefix-sum extremes come out of the same pass.
 * Products whose data value is zero are skipped: they leave every prefix sum as it was, so neither the outputs
 * nor the extremes change.
 *
 * <p>Loaded only when the JVM was started with {@code --add-modules jdk.incubator.vector} ({@link Vectors}
 * decides); the result is the same as {@link Kernels#dotIntTracking} column by column, which tests check.
 *
 * <p>The loop is written for HotSpot's JDK 17 intrinsics: four accumulators and eight extremes held in
 * registers, minimum and maximum through {@code lanewise} (the convenience methods are not intrinsified there),
 * and no branch inside the loop (the zero skipping is a list of the nonzero positions made beforehand). No method
 * is called on a vector carried around a loop ({@code a0 = p.add(a0)}, never {@code a0 = a0.add(p)}): HotSpot 17
 * types a carried vector only from the call site's profile, and where that was thin it left the call to the Vector
 * API's Java fallback and boxed every vector of the loop (the CNN reproduction allocated 60 to 150 GB in most runs,
 * 17 GB in the others; docs/performance.md). This class's, {@link SerialVectorKernels}' and the reference's loops
 * follow the rule.
 */
final class VectorKernels {
    private static final VectorSpecies<Integer> SPECIES = IntVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** Ints per K row of a block's weights ({@link FastEngine.Weights}). */
    private static final int ROW = 4 * LANES;
    /**
     * Positions per inner loop of the kernels, their vectors carried between loops in a state array: HotSpot 17
     * compiles a long loop on-stack and can box every vector of it.
     */
    private static final int STRETCH = 256;

    private VectorKernels() {}

    /** Columns per block: four vectors. */
    static int width() {
        return ROW;
    }

    /**
     * Columns per call of {@link #checkedBlock}: one vector (with two, HotSpot 17 stopped inlining the vector
     * operations of the loop, and every vector was boxed).
     */
    static int checkedWidth() {
        return LANES;
    }

    /**
     * The positions of row {@code x[xo .. xo + k)} whose value is not zero, into {@code nz} from {@code nzo} on;
     * returns how many. {@code nz} needs k + 1 places there (the last write of a zero run lands one past the count).
     */
    static int nonzero(int[] x, int xo, int k, int[] nz, int nzo) {
        int count = 0;
        for (int i = 0; i < k; i++) {
            nz[nzo + count] = i;
            count += x[xo + i] != 0 ? 1 : 0;
        }
        return count;
    }

    /**
     * Row {@code x[xo ..]} (nonzero positions {@code nz[nzo .. nzo + count)}) against a block of width() columns of
     * {@code wk}, column c's K value k at {@code wk[at + k * width() + c]}. Writes the
     * width() sums to {@code out[0 ..)} and widens {@code extremes} ({min, max}, 0 included by the caller) to
     * every prefix sum of these chains. {@code state} holds {@link #blockState()} ints, the vectors carried from one
     * stretch of at most {@link #STRETCH} positions to the next.
     */
    static void block(int[] x, int xo, int[] nz, int nzo, int count, int[] wk, int at0, int[] out, long[] extremes,
                      int[] state) {
        Arrays.fill(state, 0);
        for (int from = 0; from < count; from += STRETCH) {
            blockStretch(x, xo, nz, nzo + from, Math.min(count - from, STRETCH), wk, at0, state);
        }
        System.arraycopy(state, 0, out, 0, ROW);
        IntVector lo = IntVector.fromArray(SPECIES, state, ROW);
        IntVector hi = IntVector.fromArray(SPECIES, state, 2 * ROW);
        for (int i = 1; i < 4; i++) {
            lo = IntVector.fromArray(SPECIES, state, ROW + i * LANES).lanewise(VectorOperators.MIN, lo);
            hi = IntVector.fromArray(SPECIES, state, 2 * ROW + i * LANES).lanewise(VectorOperators.MAX, hi);
        }
        extremes[0] = Math.min(extremes[0], lo.reduceLanes(VectorOperators.MIN));
        extremes[1] = Math.max(extremes[1], hi.reduceLanes(VectorOperators.MAX));
    }

    /** Ints of the state {@link #block} carries between stretches: twelve vectors (sums, minima, maxima). */
    static int blockState() {
        return 3 * ROW;
    }

    /** One stretch of {@link #block}. */
    private static void blockStretch(int[] x, int xo, int[] nz, int from, int count, int[] wk, int at0, int[] state) {
        IntVector a0 = IntVector.fromArray(SPECIES, state, 0);
        IntVector a1 = IntVector.fromArray(SPECIES, state, LANES);
        IntVector a2 = IntVector.fromArray(SPECIES, state, 2 * LANES);
        IntVector a3 = IntVector.fromArray(SPECIES, state, 3 * LANES);
        IntVector lo0 = IntVector.fromArray(SPECIES, state, ROW);
        IntVector lo1 = IntVector.fromArray(SPECIES, state, ROW + LANES);
        IntVector lo2 = IntVector.fromArray(SPECIES, state, ROW + 2 * LANES);
        IntVector lo3 = IntVector.fromArray(SPECIES, state, ROW + 3 * LANES);
        IntVector hi0 = IntVector.fromArray(SPECIES, state, 2 * ROW);
        IntVector hi1 = IntVector.fromArray(SPECIES, state, 2 * ROW + LANES);
        IntVector hi2 = IntVector.fromArray(SPECIES, state, 2 * ROW + 2 * LANES);
        IntVector hi3 = IntVector.fromArray(SPECIES, state, 2 * ROW + 3 * LANES);
        for (int t = from; t < from + count; t++) {
            int kk = nz[t];
            int xv = x[xo + kk];
            int at = at0 + kk * ROW;
            a0 = IntVector.fromArray(SPECIES, wk, at).mul(xv).add(a0);
            a1 = IntVector.fromArray(SPECIES, wk, at + LANES).mul(xv).add(a1);
            a2 = IntVector.fromArray(SPECIES, wk, at + 2 * LANES).mul(xv).add(a2);
            a3 = IntVector.fromArray(SPECIES, wk, at + 3 * LANES).mul(xv).add(a3);
            lo0 = a0.lanewise(VectorOperators.MIN, lo0);
            lo1 = a1.lanewise(VectorOperators.MIN, lo1);
            lo2 = a2.lanewise(VectorOperators.MIN, lo2);
            lo3 = a3.lanewise(VectorOperators.MIN, lo3);
            hi0 = a0.lanewise(VectorOperators.MAX, hi0);
            hi1 = a1.lanewise(VectorOperators.MAX, hi1);
            hi2 = a2.lanewise(VectorOperators.MAX, hi2);
            hi3 = a3.lanewise(VectorOperators.MAX, hi3);
        }
        a0.intoArray(state, 0);
        a1.intoArray(state, LANES);
        a2.intoArray(state, 2 * LANES);
        a3.intoArray(state, 3 * LANES);
        lo0.intoArray(state, ROW);
        lo1.intoArray(state, ROW + LANES);
        lo2.intoArray(state, ROW + 2 * LANES);
        lo3.intoArray(state, ROW + 3 * LANES);
        hi0.intoArray(state, 2 * ROW);
        hi1.intoArray(state, 2 * ROW + LANES);
        hi2.intoArray(state, 2 * ROW + 2 * LANES);
        hi3.intoArray(state, 2 * ROW + 3 * LANES);
    }

    /** Ints of the state {@link #checkedBlock} carries between stretches: six vectors. */
    static int checkedState() {
        return 6 * LANES;
    }

    /**
     * Row {@code x[xo ..]} against one vector of columns of {@code wk} (laid out as in {@link #block}, the first at
     * {@code at0}) on a {@code bits}-wide accumulator (at most 30 bits, and every exact prefix within 2^30, so no
     * int sum wraps) that may overflow: every addition checked, the register wrapped ({@code saturate} false) or
     * clamped. Writes per column (into {@code out[0..3]}) the register's final value to {@code values}, the exact
     * sum to {@code exacts}, the number of overflowing additions to {@code events} and the K index of the first one
     * to {@code firsts} (Integer.MAX_VALUE if none); widens {@code extremes} to every exact prefix sum. The other
     * overflowing additions are left to the caller (a scalar walk of the few chains whose events a report keeps).
     * {@code state} holds {@link #checkedState()} ints, the vectors carried from one stretch of at most
     * {@link #STRETCH} positions to the next.
     */
    static void checkedBlock(int[] x, int xo, int[] nz, int nzo, int count, int[] wk, int at0, int bits, boolean saturate,
                             int[][] out, long[] extremes, int[] state) {
        Arrays.fill(state, 0, 5 * LANES, 0);
        Arrays.fill(state, 5 * LANES, 6 * LANES, Integer.MAX_VALUE);
        for (int from = 0; from < count; from += STRETCH) {
            checkedStretch(x, xo, nz, nzo + from, Math.min(count - from, STRETCH), wk, at0, bits, saturate, state);
        }
        System.arraycopy(state, 0, out[0], 0, LANES); // value
        System.arraycopy(state, LANES, out[1], 0, LANES); // exact sum
        System.arraycopy(state, 4 * LANES, out[2], 0, LANES); // events
        for (int i = 0; i < LANES; i++) { // first event: its step's K index (steps and their K indices both ascend)
            int step = state[5 * LANES + i];
            out[3][i] = step == Integer.MAX_VALUE ? Integer.MAX_VALUE : nz[step];
        }
        extremes[0] = Math.min(extremes[0], IntVector.fromArray(SPECIES, state, 2 * LANES).reduceLanes(VectorOperators.MIN));
        extremes[1] = Math.max(extremes[1], IntVector.fromArray(SPECIES, state, 3 * LANES).reduceLanes(VectorOperators.MAX));
    }

    /**
     * One stretch of {@link #checkedBlock}; state: value, exact sum, minimum, maximum, events, first event (its step,
     * an index into {@code nz}). Besides the class's rule on carried vectors, the loop takes only operations between
     * vectors (no scalar operand, no broadcast): the first event is a counting vector of steps, not the broadcast K.
     */
    private static void checkedStretch(int[] x, int xo, int[] nz, int from, int count, int[] wk, int at0, int bits,
                                       boolean saturate, int[] state) {
        IntVector max = IntVector.broadcast(SPECIES, (1 << (bits - 1)) - 1);
        IntVector min = IntVector.broadcast(SPECIES, -(1 << (bits - 1)));
        IntVector low = IntVector.broadcast(SPECIES, (1 << bits) - 1); // a sum's low bits-wide field
        IntVector one = IntVector.broadcast(SPECIES, 1);
        // the policy as a lane mask (all ones: saturate), both results computed and one kept by bits, in place of a
        // choice between two vectors, a masked add and a blend
        IntVector clamp = IntVector.broadcast(SPECIES, saturate ? -1 : 0);
        IntVector wrap = clamp.not();
        IntVector none = IntVector.broadcast(SPECIES, Integer.MAX_VALUE);
        IntVector step = IntVector.broadcast(SPECIES, from);
        IntVector v = IntVector.fromArray(SPECIES, state, 0);
        IntVector e = IntVector.fromArray(SPECIES, state, LANES);
        IntVector lo = IntVector.fromArray(SPECIES, state, 2 * LANES);
        IntVector hi = IntVector.fromArray(SPECIES, state, 3 * LANES);
        IntVector n = IntVector.fromArray(SPECIES, state, 4 * LANES);
        IntVector f = IntVector.fromArray(SPECIES, state, 5 * LANES);
        for (int t = from; t < from + count; t++) {
            int kk = nz[t];
            IntVector p = IntVector.fromArray(SPECIES, wk, at0 + kk * ROW).mul(x[xo + kk]);
            e = p.add(e);
            lo = e.lanewise(VectorOperators.MIN, lo);
            hi = e.lanewise(VectorOperators.MAX, hi);
            IntVector s = p.add(v);
            // wrapped: ((s - min) mod 2^bits) + min (s - min stays within int: every sum is within 2^30)
            v = s.lanewise(VectorOperators.MAX, min).lanewise(VectorOperators.MIN, max).lanewise(VectorOperators.AND, clamp)
                    .lanewise(VectorOperators.OR, s.sub(min).lanewise(VectorOperators.AND, low).add(min)
                            .lanewise(VectorOperators.AND, wrap));
            // an addition overflowed where the register differs from the sum: 1 there, else 0 (|d| < 2^31, so
            // min(|d|, 1))
            IntVector o = s.sub(v).lanewise(VectorOperators.ABS).lanewise(VectorOperators.MIN, one);
            n = o.add(n);
            // this step where it overflowed, else Integer.MAX_VALUE (step | (o - 1 & MAX_VALUE), step >= 0)
            f = o.sub(one).lanewise(VectorOperators.AND, none).lanewise(VectorOperators.OR, step).lanewise(VectorOperators.MIN, f);
            step = one.add(step);
        }
        v.intoArray(state, 0);
        e.intoArray(state, LANES);
        lo.intoArray(state, 2 * LANES);
        hi.intoArray(state, 3 * LANES);
        n.intoArray(state, 4 * LANES);
        f.intoArray(state, 5 * LANES);
    }
}
