package dev.qasim.arith;

/** How a B-bit operand is read: two's complement, or plain binary. */
public enum Signedness {
    /** B bits in two's complement: [-2^(B-1), 2^(B-1) - 1]. */
    SIGNED,
    /** B bits unsigned: [0, 2^B - 1]. */
    UNSIGNED;

    /** The smallest value of a B-bit operand, 1 &lt;= B &lt;= 63. */
    public long min(int bits) {
        checkBits(bits);
        return this == SIGNED ? -(1L << (bits - 1)) : 0L;
    }

    /** The largest value of a B-bit operand, 1 &lt;= B &lt;= 63. */
    public long max(int bits) {
        checkBits(bits);
        return this == SIGNED ? (1L << (bits - 1)) - 1 : (1L << bits) - 1;
    }

    /** Whether {@code value} is a B-bit operand of this signedness. */
    public boolean fits(long value, int bits) {
        return value >= min(bits) && value <= max(bits);
    }

    /** The largest magnitude a B-bit operand of this signedness can have (2^(B-1) signed, 2^B - 1 unsigned). */
    public long maxMagnitude(int bits) {
        return this == SIGNED ? -min(bits) : max(bits);
    }

    /** The number of bits a value needs in this signedness (at least 1); {@code UNSIGNED} rejects negatives. */
    public int bitsNeeded(long value) {
        if (this == UNSIGNED) {
            if (value < 0) {
                throw new IllegalArgumentException("a negative value has no unsigned width: " + value);
            }
            return Math.max(1, 64 - Long.numberOfLeadingZeros(value));
        }
        long folded = value < 0 ? ~value : value;
        return 65 - Long.numberOfLeadingZeros(folded);
    }

    private static void checkBits(int bits) {
        if (bits < 1 || bits > 63) {
            throw new IllegalArgumentException("operand width must be 1..63 bits, got " + bits);
        }
    }
}
