package dev.qasim.arith;

/**
 * A multiplier with B-bit inputs, 1 &lt;= B &lt;= 32. Each operand is read in its own signedness (an int8
 * MAC takes s8 weights times u8 activations); an operand that does not fit is rejected, never truncated.
 */
public record MultiplierSpec(int bits) {

    public static final int MAX_BITS = 32;

    public MultiplierSpec {
        if (bits < 1 || bits > MAX_BITS) {
            throw new IllegalArgumentException("multiplier width must be 1.." + MAX_BITS + " bits, got " + bits);
        }
    }

    public static MultiplierSpec of(int bits) {
        return new MultiplierSpec(bits);
    }

    /** Whether an operand of the given signedness fits this multiplier's inputs. */
    public boolean accepts(long operand, Signedness signedness) {
        return signedness.fits(operand, bits);
    }

    /**
     * The exact product.
     *
     * @throws IllegalArgumentException when an operand does not fit its B-bit input
     * @throws ArithmeticException when the product exceeds 64 bits (only 32-bit unsigned times unsigned)
     */
    public long multiply(long a, Signedness aSign, long b, Signedness bSign) {
        if (!accepts(a, aSign)) {
            throw new IllegalArgumentException(describe(a, aSign));
        }
        if (!accepts(b, bSign)) {
            throw new IllegalArgumentException(describe(b, bSign));
        }
        return Math.multiplyExact(a, b);
    }

    private String describe(long operand, Signedness s) {
        return "operand " + operand + " does not fit a " + bits + "-bit " + s.name().toLowerCase(java.util.Locale.ROOT)
                + " multiplier input [" + s.min(bits) + ", " + s.max(bits) + "]";
    }
}
