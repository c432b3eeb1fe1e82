package dev.qasim.quant;

import dev.qasim.arith.AccumulatorSpec;
import dev.qasim.arith.OverflowPolicy;
import dev.qasim.workload.Lowered;
import dev.qasim.workload.Operand;
import java.math.BigInteger;

/**
 * The accumulator bounds of docs/quantization.md, as functions other parts reuse, and the observed extremes of a
 * layer's partial sums. P is the accumulator width in bits (two's complement), K the dot-product length, M the
 * weight bits, N the data bits, s = 1 for signed data and 0 for unsigned.
 */
public final class AccumulatorBounds {
    private AccumulatorBounds() {}

    /** The exact data-type worst case max|q_w| * max|q_x| * K (e.g. s4 x u4, K = 273: 8 * 15 * 273 = 32760). */
    public static BigInteger worstCase(Operand weights, Operand data, long k) {
        return BigInteger.valueOf(weights.maxMagnitude()).multiply(BigInteger.valueOf(data.maxMagnitude()))
                .multiply(BigInteger.valueOf(k));
    }

    /**
     * The smallest P whose range holds every sum of K products of these types (the exact data-type bound):
     * the sums lie in [K * min product, K * max product]. s4 x u4 with K = 273 needs 16 bits.
     */
    public static int exactBits(Operand weights, Operand data, long k) {
        long[] w = {weights.min(), weights.max()};
        long[] x = {data.min(), data.max()};
        int bits = AccumulatorSpec.MIN_BITS;
        for (long a : w) {
            for (long b : x) {
                BigInteger sum = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).multiply(BigInteger.valueOf(k));
                bits = Math.max(bits, sum.bitLength() + 1);
            }
        }
        return bits;
    }

    /**
     * The exact worst case of a K-long dot product of the given operand types as a long: max|w| * max|x| * K (an
     * accumulator of {@link #bitsFor(long, long) bitsFor(-worst, worst)} bits never overflows).
     *
     * @throws ArithmeticException when it exceeds 63 bits
     */
    public static long dataTypeWorstCase(long maxAbsWeight, long maxAbsData, long k) {
        return Math.multiplyExact(Math.multiplyExact(maxAbsWeight, maxAbsData), k);
    }

    /** The smallest two's-complement width holding every value in [min, max] (at least 2). */
    public static int bitsFor(long min, long max) {
        return Math.max(AccumulatorSpec.bitsToHold(min), AccumulatorSpec.bitsToHold(max));
    }

    /**
     * A2Q's sufficient width from the data types (Colbert et al., ICCV 2023): P = ceil(a + log2(1 + 2^-a) + 1) with
     * a = log2(K) + N + M - 1 - s. It can exceed {@link #exactBits} by a bit (s4 x u4, K = 273: 17).
     */
    public static int a2qDataTypeBits(long k, int dataBits, int weightBits, boolean signedData) {
        return a2q(log2(k) + dataBits + weightBits - 1 - (signedData ? 1 : 0));
    }

    /**
     * A2Q's sufficient width from one output channel's actual weights: the same formula with
     * a = log2(||q_w||_1) + N - s. A channel of zero weights needs the minimum width.
     */
    public static int a2qWeightBits(long l1Norm, int dataBits, boolean signedData) {
        if (l1Norm == 0) {
            return AccumulatorSpec.MIN_BITS;
        }
        return a2q(log2(l1Norm) + dataBits - (signedData ? 1 : 0));
    }

    private static int a2q(double a) {
        return Math.max(AccumulatorSpec.MIN_BITS, (int) Math.ceil(a + log2(1 + Math.pow(2, -a)) + 1));
    }

    private static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }

    /** A2Q's per-channel limit: ||q_w||_1 &lt;= (2^(P-1) - 1) * 2^(s - N) (P = 16, u8 data: 127.996). */
    public static double a2qL1Limit(int accumulatorBits, int dataBits, boolean signedData) {
        return (Math.scalb(1.0, accumulatorBits - 1) - 1) * Math.scalb(1.0, (signedData ? 1 : 0) - dataBits);
    }

    /**
     * The static sufficient condition, for both wrap and saturation: ||q_w||_1 * max|q_x| &lt;= 2^(P-1) - 1, with
     * max|q_x| the data type's largest magnitude (so it holds for every input).
     */
    public static boolean staticBoundHolds(long l1Norm, Operand data, int accumulatorBits) {
        return staticBoundHolds(l1Norm, data.maxMagnitude(), accumulatorBits);
    }

    /** The same with the data's largest magnitude given: ||q_w||_1 * max|q_x| <= 2^(P-1) - 1, exactly. */
    public static boolean staticBoundHolds(long l1Norm, long maxAbsData, int accumulatorBits) {
        BigInteger bound = BigInteger.valueOf(l1Norm).multiply(BigInteger.valueOf(maxAbsData));
        return bound.compareTo(BigInteger.ONE.shiftLeft(accumulatorBits - 1).subtract(BigInteger.ONE)) <= 0;
    }

    /** ||w_n||_1 of every output column of every group ({@link Lowered#columnL1Norms(int)}): [g * N + n]. */
    public static long[] columnL1Norms(Lowered lowered) {
        int n = lowered.form().n();
        long[] out = new long[lowered.form().groups() * n];
        for (int g = 0; g < lowered.form().groups(); g++) {
            System.arraycopy(lowered.columnL1Norms(g), 0, out, g * n, n);
        }
        return out;
    }

    /**
     * The extremes of a layer's exact partial sums, over every output's accumulator chain in K order.
     *
     * @param minFinal  smallest final sum
     * @param maxFinal  largest final sum
     * @param minPrefix smallest prefix sum (final sums included)
     * @param maxPrefix largest prefix sum
     */
    public record SumRange(long minFinal, long maxFinal, long minPrefix, long maxPrefix) {
        /** Whether a P-bit accumulator under this policy ends with exact outputs: wrap (and widen-replay) needs
         * every final sum to fit, saturate and trap every prefix sum. */
        public boolean safe(AccumulatorSpec acc) {
            boolean prefixes = acc.policy() == OverflowPolicy.SATURATE || acc.policy() == OverflowPolicy.TRAP;
            return prefixes ? acc.fits(minPrefix) && acc.fits(maxPrefix) : acc.fits(minFinal) && acc.fits(maxFinal);
        }

        /** The largest magnitude of a final sum. */
        public long worstFinal() {
            return Math.max(Math.abs(minFinal), Math.abs(maxFinal));
        }

        /** The largest magnitude of a prefix sum. */
        public long worstPrefix() {
            return Math.max(Math.abs(minPrefix), Math.abs(maxPrefix));
        }
    }

    /** Exact in 64 bits (the simulator refuses layers whose worst case exceeds 62 bits). */
    public static SumRange observed(Lowered lowered) {
        return scan(lowered, Long.MIN_VALUE, Long.MAX_VALUE, false);
    }

    /**
     * Whether a P-bit accumulator under its policy ends with exact outputs on this layer's values: the same answer
     * as {@code observed(lowered).safe(acc)}, but it stops at the first sum that leaves the range (wrap and
     * widen-replay: a final sum; saturate and trap: a prefix sum), so a layer that overflows is rejected early.
     */
    public static boolean fits(Lowered lowered, AccumulatorSpec acc) {
        boolean prefixes = acc.policy() == OverflowPolicy.SATURATE || acc.policy() == OverflowPolicy.TRAP;
        return scan(lowered, acc.min(), acc.max(), prefixes).safe(acc);
    }

    /**
     * The extremes of the partial sums in K order, up to and including the first sum outside [lo, hi] (a prefix
     * sum when {@code prefixes}, else a final sum), where the scan stops.
     */
    private static SumRange scan(Lowered lowered, long lo, long hi, boolean prefixes) {
        int m = lowered.form().m();
        int n = lowered.form().n();
        int k = lowered.form().k();
        long minF = Long.MAX_VALUE;
        long maxF = Long.MIN_VALUE;
        long minP = 0;
        long maxP = 0;
        int[] row = new int[k];
        for (int g = 0; g < lowered.form().groups(); g++) {
            int[] w = lowered.weightColumns(g);
            for (int i = 0; i < m; i++) {
                lowered.dataRows(g, i, i + 1, row);
                for (int j = 0; j < n; j++) {
                    long acc = 0;
                    int base = j * k;
                    for (int kk = 0; kk < k; kk++) {
                        acc += (long) row[kk] * w[base + kk];
                        minP = Math.min(minP, acc);
                        maxP = Math.max(maxP, acc);
                        if (prefixes && (acc < lo || acc > hi)) {
                            return new SumRange(Math.min(minF, acc), Math.max(maxF, acc), minP, maxP);
                        }
                    }
                    minF = Math.min(minF, acc);
                    maxF = Math.max(maxF, acc);
                    if (acc < lo || acc > hi) {
                        return new SumRange(minF, maxF, Math.min(minP, minF), Math.max(maxP, maxF));
                    }
                }
            }
        }
        return new SumRange(minF, maxF, Math.min(minP, minF), Math.max(maxP, maxF));
    }

    /**
     * What docs/quantization.md asks to report per layer, so a user sees how tight each bound is.
     *
     * @param k                the dot-product length
     * @param worstCase        max|q_w| * max|q_x| * K
     * @param exactBits        {@link #exactBits}
     * @param a2qDataTypeBits  {@link #a2qDataTypeBits}
     * @param a2qWeightBits    {@link #a2qWeightBits} of the channel with the largest ||q_w||_1
     * @param observed         the actual partial sums' extremes
     * @param observedWrapBits the smallest P whose range holds every final sum (enough under wrap)
     * @param observedSaturateBits the smallest P whose range holds every prefix sum (enough under saturate)
     */
    public record LayerBounds(long k, BigInteger worstCase, int exactBits, int a2qDataTypeBits, int a2qWeightBits,
                              SumRange observed, int observedWrapBits, int observedSaturateBits) {}

    /** The bounds of one layer with its integer values. */
    public static LayerBounds of(Lowered lowered) {
        Operand w = lowered.weightType();
        Operand x = lowered.dataType();
        long k = lowered.form().k();
        boolean signedData = x.min() < 0;
        long maxL1 = 0;
        for (long l1 : columnL1Norms(lowered)) {
            maxL1 = Math.max(maxL1, l1);
        }
        SumRange r = observed(lowered);
        int wrapBits = bitsFor(r.minFinal(), r.maxFinal());
        int satBits = bitsFor(r.minPrefix(), r.maxPrefix());
        return new LayerBounds(k, worstCase(w, x, k), exactBits(w, x, k), a2qDataTypeBits(k, x.bits(), w.bits(), signedData),
                a2qWeightBits(maxL1, x.bits(), signedData), r, wrapBits, satBits);
    }

}
