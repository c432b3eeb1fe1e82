package dev.qasim.arith;

/**
 * How wide an accumulator a dot product needs (docs/quantization.md): the exact worst case from the operand types,
 * the A2Q formula (Colbert et al., ICCV 2023) from the data types and from the actual weights, and the width a
 * value range needs. All widths are two's-complement bits, at least 2.
 */
public final class AccumulatorBounds {
    private AccumulatorBounds() {}

    /**
     * The exact worst case of a K-long dot product of the given operand types: max|w| * max|x| * K (an
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
     * A2Q's sufficient width from the data types: P = ceil(a + log2(1 + 2^-a) + 1) with
     * a = log2(K) + N + M - 1 - s (N data bits, M weight bits, s = 1 for signed data, 0 for unsigned).
     */
    public static int a2qDataTypeBits(long k, int dataBits, int weightBits, boolean signedData) {
        double a = log2(k) + dataBits + weightBits - 1 - (signedData ? 1 : 0);
        return a2q(a);
    }

    /**
     * A2Q's sufficient width from the actual weights: the same formula with a = log2(||q_w||_1) + N - s, for the
     * largest l1 norm of an output channel's weights. A channel of zero weights needs the minimum width.
     */
    public static int a2qWeightBits(long maxChannelL1, int dataBits, boolean signedData) {
        if (maxChannelL1 == 0) {
            return AccumulatorSpec.MIN_BITS;
        }
        return a2q(log2(maxChannelL1) + dataBits - (signedData ? 1 : 0));
    }

    private static int a2q(double a) {
        return Math.max(AccumulatorSpec.MIN_BITS, (int) Math.ceil(a + log2(1 + Math.pow(2, -a)) + 1));
    }

    private static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }
}
