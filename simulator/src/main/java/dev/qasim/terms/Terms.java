package dev.qasim.terms;

import java.util.Arrays;

/**
 * The terms of one value, most significant first, each a signed power of two {@code ±2^e}. Immutable.
 * Exponents are strictly decreasing, which is what term revealing's top-k selection relies on.
 */
public final class Terms {
    /** The largest magnitude an encoder accepts: 2^62 - 1, so every term (at most 2^62) fits a long. */
    public static final long MAX_MAGNITUDE = (1L << 62) - 1;

    private static final Terms NONE = new Terms(new byte[0], new boolean[0]);

    private final byte[] exponents;
    private final boolean[] negative;

    private Terms(byte[] exponents, boolean[] negative) {
        this.exponents = exponents;
        this.negative = negative;
    }

    static Terms none() {
        return NONE;
    }

    /** Builds terms from parallel arrays (copied); exponents must be strictly decreasing. */
    static Terms of(int count, int[] exps, boolean[] neg) {
        if (count == 0) {
            return NONE;
        }
        byte[] e = new byte[count];
        for (int i = 0; i < count; i++) {
            if (i > 0 && exps[i] >= exps[i - 1]) {
                throw new IllegalStateException("term exponents must strictly decrease: " + Arrays.toString(exps));
            }
            e[i] = (byte) exps[i];
        }
        return new Terms(e, Arrays.copyOf(neg, count));
    }

    /** The number of terms. */
    public int size() {
        return exponents.length;
    }

    /** The exponent e of term i (0 is the most significant). */
    public int exponent(int i) {
        return exponents[i];
    }

    /** Whether term i is {@code -2^e}. */
    public boolean negative(int i) {
        return negative[i];
    }

    /** The signed value of term i, {@code ±2^e}. */
    public long term(int i) {
        long magnitude = 1L << exponents[i];
        return negative[i] ? -magnitude : magnitude;
    }

    /** All terms' signed values, most significant first. */
    public long[] values() {
        long[] out = new long[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = term(i);
        }
        return out;
    }

    /** The first {@code n} terms (the n most significant), 0 &lt;= n &lt;= size(). */
    public Terms prefix(int n) {
        if (n < 0 || n > size()) {
            throw new IllegalArgumentException("prefix of " + n + " terms out of " + size());
        }
        if (n == size()) {
            return this;
        }
        return n == 0 ? NONE : new Terms(Arrays.copyOf(exponents, n), Arrays.copyOf(negative, n));
    }

    /** The value the terms encode: their sum. */
    public long sum() {
        return prefixSum(size());
    }

    /** The sum of the first {@code n} terms, 0 &lt;= n &lt;= size() (the value kept by its n most significant). */
    public long prefixSum(int n) {
        long s = 0;
        for (int i = 0; i < n; i++) {
            s += term(i);
        }
        return s;
    }

    /** {@code +2^7 -2^4 +2^3 -2^0}; {@code 0} when there is no term. */
    @Override
    public String toString() {
        if (size() == 0) {
            return "0";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < size(); i++) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(negative[i] ? '-' : '+').append("2^").append(exponents[i]);
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Terms t && Arrays.equals(exponents, t.exponents) && Arrays.equals(negative, t.negative);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(exponents) + Arrays.hashCode(negative);
    }
}
