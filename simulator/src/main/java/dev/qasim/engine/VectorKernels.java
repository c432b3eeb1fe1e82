package dev.qasim.engine;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fast engine's inner loop with the Java Vector API: one data row against a block of {@link #width()}
 * weight columns, all of whose chains provably fit int (no overflow possible, so no per-addition check). The
 * block's accumulators live in vector registers for the whole K loop; after every addition each lane's running
 * minimum and maximum are updated as well, so the layer's exact prefix-sum extremes come out of the same pass.
 * Products whose data value is zero are skipped: they leave every prefix sum as it was, so neither the outputs
 * nor the extremes change.
 *
 * <p>Loaded only when the JVM was started with {@code --add-modules jdk.incubator.vector} ({@link Vectors}
 * decides); the result is the same as {@link Kernels#dotIntTracking} column by column, which tests check.
 *
 * <p>The loop is written for HotSpot's JDK 17 intrinsics: four accumulators and eight extremes held in
 * registers, minimum and maximum through {@code lanewise} (the convenience methods are not intrinsified there),
 * and no branch inside the loop (the zero skipping is a list of the nonzero positions made beforehand).
 */
final class VectorKernels {
    private static final VectorSpecies<Integer> SPECIES = IntVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** Ints per K row of a block's weights ({@link FastEngine.Weights}). */
    private static final int ROW = 4 * LANES;

    private VectorKernels() {}

    /** Columns per block: four vectors. */
    static int width() {
        return ROW;
    }

    /** Columns per call of {@link #checkedBlock}: two vectors. */
    static int checkedWidth() {
        return 2 * LANES;
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
     * every prefix sum of these chains.
     */
    static void block(int[] x, int xo, int[] nz, int nzo, int count, int[] wk, int at0, int[] out, long[] extremes) {
        IntVector zero = IntVector.broadcast(SPECIES, 0);
        IntVector a0 = zero;
        IntVector a1 = zero;
        IntVector a2 = zero;
        IntVector a3 = zero;
        IntVector lo0 = zero;
        IntVector lo1 = zero;
        IntVector lo2 = zero;
        IntVector lo3 = zero;
        IntVector hi0 = zero;
        IntVector hi1 = zero;
        IntVector hi2 = zero;
        IntVector hi3 = zero;
        for (int t = 0; t < count; t++) {
            int kk = nz[nzo + t];
            int xv = x[xo + kk];
            int at = at0 + kk * ROW;
            a0 = a0.add(IntVector.fromArray(SPECIES, wk, at).mul(xv));
            a1 = a1.add(IntVector.fromArray(SPECIES, wk, at + LANES).mul(xv));
            a2 = a2.add(IntVector.fromArray(SPECIES, wk, at + 2 * LANES).mul(xv));
            a3 = a3.add(IntVector.fromArray(SPECIES, wk, at + 3 * LANES).mul(xv));
            lo0 = lo0.lanewise(VectorOperators.MIN, a0);
            lo1 = lo1.lanewise(VectorOperators.MIN, a1);
            lo2 = lo2.lanewise(VectorOperators.MIN, a2);
            lo3 = lo3.lanewise(VectorOperators.MIN, a3);
            hi0 = hi0.lanewise(VectorOperators.MAX, a0);
            hi1 = hi1.lanewise(VectorOperators.MAX, a1);
            hi2 = hi2.lanewise(VectorOperators.MAX, a2);
            hi3 = hi3.lanewise(VectorOperators.MAX, a3);
        }
        a0.intoArray(out, 0);
        a1.intoArray(out, LANES);
        a2.intoArray(out, 2 * LANES);
        a3.intoArray(out, 3 * LANES);
        int lo = lo0.lanewise(VectorOperators.MIN, lo1).lanewise(VectorOperators.MIN, lo2.lanewise(VectorOperators.MIN, lo3))
                .reduceLanes(VectorOperators.MIN);
        int hi = hi0.lanewise(VectorOperators.MAX, hi1).lanewise(VectorOperators.MAX, hi2.lanewise(VectorOperators.MAX, hi3))
                .reduceLanes(VectorOperators.MAX);
        extremes[0] = Math.min(extremes[0], lo);
        extremes[1] = Math.max(extremes[1], hi);
    }

    /**
     * Row {@code x[xo ..]} against 2 * lanes columns of {@code wk} (laid out as in {@link #block}, the first at
     * {@code at0}) on a {@code bits}-wide
     * accumulator (at most 30 bits, and every exact prefix within 2^30, so no int sum wraps) that may overflow:
     * every addition checked, the register wrapped ({@code saturate} false) or clamped. Writes per column (into
     * {@code out[0..3]}) the
     * register's final value to {@code values}, the exact sum to {@code exacts}, the number of overflowing
     * additions to {@code events} and the K index of the first one to {@code firsts} (Integer.MAX_VALUE if none);
     * widens {@code extremes} to every exact prefix sum. The other overflowing additions are left to the caller
     * (a scalar walk of the few chains whose events a report keeps).
     */
    static void checkedBlock(int[] x, int xo, int[] nz, int nzo, int count, int[] wk, int at0, int bits, boolean saturate,
                             int[][] out, long[] extremes) {
        int shift = 32 - bits;
        IntVector max = IntVector.broadcast(SPECIES, (1 << (bits - 1)) - 1);
        IntVector min = IntVector.broadcast(SPECIES, -(1 << (bits - 1)));
        // the policy as a lane mask (all ones: saturate), so that both results are computed and one kept by bits: a
        // choice between two vectors, or a masked add or blend, left HotSpot 17 boxing every vector in some compilations
        IntVector clamp = IntVector.broadcast(SPECIES, saturate ? -1 : 0);
        IntVector wrap = clamp.not();
        IntVector v0 = IntVector.broadcast(SPECIES, 0);
        IntVector v1 = v0;
        IntVector e0 = v0;
        IntVector e1 = v0;
        IntVector lo0 = v0;
        IntVector lo1 = v0;
        IntVector hi0 = v0;
        IntVector hi1 = v0;
        IntVector n0 = v0;
        IntVector n1 = v0;
        IntVector none = IntVector.broadcast(SPECIES, Integer.MAX_VALUE);
        IntVector f0 = none;
        IntVector f1 = none;
        for (int t = 0; t < count; t++) {
            int kk = nz[nzo + t];
            int xv = x[xo + kk];
            int at = at0 + kk * ROW;
            IntVector p0 = IntVector.fromArray(SPECIES, wk, at).mul(xv);
            IntVector p1 = IntVector.fromArray(SPECIES, wk, at + LANES).mul(xv);
            e0 = e0.add(p0);
            e1 = e1.add(p1);
            lo0 = lo0.lanewise(VectorOperators.MIN, e0);
            lo1 = lo1.lanewise(VectorOperators.MIN, e1);
            hi0 = hi0.lanewise(VectorOperators.MAX, e0);
            hi1 = hi1.lanewise(VectorOperators.MAX, e1);
            IntVector s0 = v0.add(p0);
            IntVector s1 = v1.add(p1);
            v0 = s0.lanewise(VectorOperators.MAX, min).lanewise(VectorOperators.MIN, max).lanewise(VectorOperators.AND, clamp)
                    .lanewise(VectorOperators.OR, s0.lanewise(VectorOperators.LSHL, shift).lanewise(VectorOperators.ASHR, shift)
                            .lanewise(VectorOperators.AND, wrap));
            v1 = s1.lanewise(VectorOperators.MAX, min).lanewise(VectorOperators.MIN, max).lanewise(VectorOperators.AND, clamp)
                    .lanewise(VectorOperators.OR, s1.lanewise(VectorOperators.LSHL, shift).lanewise(VectorOperators.ASHR, shift)
                            .lanewise(VectorOperators.AND, wrap));
            // an addition overflowed where the register differs from the sum: 1 there, else 0 ((d | -d) >>> 31)
            IntVector d0 = s0.sub(v0);
            IntVector d1 = s1.sub(v1);
            IntVector o0 = d0.lanewise(VectorOperators.OR, d0.neg()).lanewise(VectorOperators.LSHR, 31);
            IntVector o1 = d1.lanewise(VectorOperators.OR, d1.neg()).lanewise(VectorOperators.LSHR, 31);
            n0 = n0.add(o0);
            n1 = n1.add(o1);
            // this step's K where it overflowed, else Integer.MAX_VALUE (kk | (o - 1 & MAX_VALUE), kk >= 0)
            IntVector here = IntVector.broadcast(SPECIES, kk);
            f0 = f0.lanewise(VectorOperators.MIN, here.lanewise(VectorOperators.OR, o0.sub(1).lanewise(VectorOperators.AND, none)));
            f1 = f1.lanewise(VectorOperators.MIN, here.lanewise(VectorOperators.OR, o1.sub(1).lanewise(VectorOperators.AND, none)));
        }
        v0.intoArray(out[0], 0);
        v1.intoArray(out[0], LANES);
        e0.intoArray(out[1], 0);
        e1.intoArray(out[1], LANES);
        n0.intoArray(out[2], 0);
        n1.intoArray(out[2], LANES);
        f0.intoArray(out[3], 0);
        f1.intoArray(out[3], LANES);
        extremes[0] = Math.min(extremes[0], lo0.lanewise(VectorOperators.MIN, lo1).reduceLanes(VectorOperators.MIN));
        extremes[1] = Math.max(extremes[1], hi0.lanewise(VectorOperators.MAX, hi1).reduceLanes(VectorOperators.MAX));
    }
}
