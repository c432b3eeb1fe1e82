package dev.qasim.engine;

import dev.qasim.arith.AccumulatorSpec;
import dev.qasim.arith.OverflowPolicy;

/**
 * Counts the overflow events of one product's pairs on a wrapping or saturating accumulator without placing
 * them: what the fast serial engine does with a product that may overflow when none of its events can be among
 * the ones kept in detail. The pairs are added in the PE's order ({@link SerialOperands#groupStep}): weight part
 * by weight part, each with every data term, most significant first. Immutable, so the engine's threads share it.
 *
 * <p>Every data slot's terms ({@link SerialOperands#dataSlot}) are held zero-padded to the layer's most terms,
 * with their running sums, so a part's run of pairs has one length for the whole layer and no branch depends on
 * the values: a zero addend is no event. On a wrapping accumulator an addition overflows exactly when the exact
 * running sum changes its window of 2^P values, [j 2^P - 2^(P-1), (j + 1) 2^P - 2^(P-1)), so the run's running
 * sums are computed from the value before the part, independently of one another.
 *
 * <p>Exact only while no sum leaves a long: the caller guarantees |value| &lt; 2^61 and that a product's addends
 * sum in magnitude below 2^61.
 */
final class PairCounter {
    private final int bits;
    private final long half;
    private final int shift;
    private final long min;
    private final long max;
    private final boolean saturate;
    /** Terms per slot, padded. */
    private final int width;
    /** {@code terms[slot * width + l]}: term l of a slot, 0 past its last. */
    private final long[] terms;
    /** {@code runs[slot * width + l]}: the sum of the slot's terms 0..l (its value past its last). */
    private final long[] runs;

    private PairCounter(SerialOperands ops, AccumulatorSpec acc) {
        this.bits = acc.bits();
        this.half = 1L << (bits - 1);
        this.shift = 64 - bits;
        this.min = acc.min();
        this.max = acc.max();
        this.saturate = acc.policy() == OverflowPolicy.SATURATE;
        this.width = Math.max(1, ops.maxDataTerms());
        this.terms = new long[ops.dataSlots() * width];
        this.runs = new long[terms.length];
        for (int slot = 0; slot < ops.dataSlots(); slot++) {
            long[] t = ops.dataTermsAt(slot);
            long run = 0;
            for (int l = 0; l < width; l++) {
                long term = t != null && l < t.length ? t[l] : 0;
                run += term;
                terms[slot * width + l] = term;
                runs[slot * width + l] = run;
            }
        }
    }

    /** A counter for a layer's operands, or null when the policy is neither wrap nor saturate (trap stops). */
    static PairCounter of(SerialOperands ops, AccumulatorSpec acc) {
        boolean counts = acc.policy() == OverflowPolicy.WRAP || acc.policy() == OverflowPolicy.SATURATE;
        return counts ? new PairCounter(ops, acc) : null;
    }

    /** Terms per data value, padded. */
    int width() {
        return width;
    }

    /** Every slot's terms, zero-padded, as ints ({@link SerialVectorKernels#events}); they must fit. */
    int[] intTerms() {
        int[] out = new int[terms.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.toIntExact(terms[i]);
        }
        return out;
    }

    /** Where a data slot's terms ({@link SerialOperands#dataSlot}) start in the tables. */
    int offset(int slot) {
        return slot * width;
    }

    /**
     * Adds one product's pairs.
     *
     * @param value   the accumulator before them
     * @param product the product's value (the sum of its addends)
     * @param parts   the weight's parts
     * @param offset  the data value's {@link #offset}
     * @param events  receives the number of overflowing additions, added to {@code events[0]}
     * @return the accumulator after them
     */
    long add(long value, long product, long[] parts, int offset, long[] events) {
        if (saturate) {
            return saturating(value, parts, offset, events);
        }
        long b = value + half; // in [0, 2^P): the window boundaries are the multiples of 2^P
        long total = runs[offset + width - 1];
        int n = 0;
        for (long part : parts) {
            long window = b >> bits;
            for (int l = 0; l < width; l++) {
                long next = (b + part * runs[offset + l]) >> bits;
                n += changed(next, window);
                window = next;
            }
            b += part * total;
        }
        events[0] += n;
        return ((value + product) << shift) >> shift;
    }

    private long saturating(long before, long[] parts, int offset, long[] events) {
        long value = before;
        int n = 0;
        for (long part : parts) {
            for (int l = offset; l < offset + width; l++) {
                long sum = value + part * terms[l];
                long next = Math.max(min, Math.min(max, sum));
                n += changed(next, sum);
                value = next;
            }
        }
        events[0] += n;
        return value;
    }

    /** 1 when a and b differ, else 0, without a branch (a product that may overflow does so at random). */
    private static int changed(long a, long b) {
        long d = a ^ b;
        return (int) ((d | -d) >>> 63);
    }
}
