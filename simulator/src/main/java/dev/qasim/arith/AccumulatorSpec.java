package dev.qasim.arith;

import java.util.Objects;

/**
 * A P-bit two's-complement accumulator, 2 &lt;= P &lt;= 64, and its overflow policy. Stateless: the add
 * methods take the register's current value, which must lie in [{@link #min()}, {@link #max()}]; the addend
 * may be any {@code long} (a product may be wider than the accumulator). The exact sum is computed without
 * loss even when it exceeds 64 bits.
 */
public record AccumulatorSpec(int bits, OverflowPolicy policy) {

    public static final int MIN_BITS = 2;
    public static final int MAX_BITS = 64;

    public AccumulatorSpec {
        if (bits < MIN_BITS || bits > MAX_BITS) {
            throw new IllegalArgumentException("accumulator width must be " + MIN_BITS + ".." + MAX_BITS + " bits, got " + bits);
        }
        Objects.requireNonNull(policy, "policy");
    }

    public static AccumulatorSpec of(int bits, OverflowPolicy policy) {
        return new AccumulatorSpec(bits, policy);
    }

    /** -2^(P-1). */
    public long min() {
        return bits == 64 ? Long.MIN_VALUE : -(1L << (bits - 1));
    }

    /** 2^(P-1) - 1. */
    public long max() {
        return bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
    }

    /** Whether a value lies in the accumulator's range. */
    public boolean fits(long value) {
        return value >= min() && value <= max();
    }

    /** Whether the exact sum {@code acc + addend} lies outside the range: one overflow event. */
    public boolean overflows(long acc, long addend) {
        long r = acc + addend;
        if (((acc ^ r) & (addend ^ r)) < 0) {
            return true; // the exact sum does not even fit 64 bits
        }
        return r < min() || r > max();
    }

    /**
     * The exact sum modulo 2^P, as a P-bit two's-complement value. At MIN and MAX it wraps to the other end:
     * {@code max() + 1} gives {@code min()}.
     */
    public long wrappingAdd(long acc, long addend) {
        long r = acc + addend; // exact modulo 2^64, and 2^P divides 2^64
        int shift = 64 - bits;
        return (r << shift) >> shift;
    }

    /** The exact sum clamped to [{@link #min()}, {@link #max()}]. */
    public long saturatingAdd(long acc, long addend) {
        long r = acc + addend;
        if (((acc ^ r) & (addend ^ r)) < 0) {
            return acc < 0 ? min() : max(); // both operands had the sign of the exact sum
        }
        return r < min() ? min() : (r > max() ? max() : r);
    }

    /** The exact sum; throws {@link ArithmeticException} when it does not fit. */
    public long checkedAdd(long acc, long addend) {
        if (overflows(acc, addend)) {
            throw new ArithmeticException(acc + " + " + addend + " does not fit a " + bits + "-bit accumulator");
        }
        return acc + addend;
    }

    /**
     * The register's next value under this spec's policy: wrapped (WRAP, WIDEN_REPLAY), clamped (SATURATE), or
     * unchanged on overflow (TRAP; the caller stops at the event).
     */
    public long add(long acc, long addend) {
        switch (policy) {
            case SATURATE:
                return saturatingAdd(acc, addend);
            case TRAP:
                return overflows(acc, addend) ? acc : acc + addend;
            default:
                return wrappingAdd(acc, addend);
        }
    }

    /** The smallest P such that a value fits a P-bit two's-complement register (at least 2). */
    public static int bitsToHold(long value) {
        return Math.max(MIN_BITS, Signedness.SIGNED.bitsNeeded(value));
    }
}
