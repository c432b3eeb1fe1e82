package dev.qasim.workload;

import dev.qasim.arith.Signedness;
import java.util.Objects;

/**
 * An operand's integer type: a width and a signedness.
 *
 * @param bits       1..32
 * @param signedness two's complement or unsigned
 */
public record Operand(int bits, Signedness signedness) {
    public static final int MAX_BITS = 32;

    public Operand {
        if (bits < 1 || bits > MAX_BITS) {
            throw new IllegalArgumentException("operand width must be 1.." + MAX_BITS + " bits, got " + bits);
        }
        Objects.requireNonNull(signedness, "signedness");
    }

    public static Operand signed(int bits) {
        return new Operand(bits, Signedness.SIGNED);
    }

    public static Operand unsigned(int bits) {
        return new Operand(bits, Signedness.UNSIGNED);
    }

    /** Qn: the smallest value. */
    public long min() {
        return signedness.min(bits);
    }

    /** Qp: the largest value. */
    public long max() {
        return signedness.max(bits);
    }

    /** The largest magnitude a value can have. */
    public long maxMagnitude() {
        return signedness.maxMagnitude(bits);
    }

    public boolean fits(long value) {
        return value >= min() && value <= max();
    }

    /** {@code s8}, {@code u8}. */
    @Override
    public String toString() {
        return (signedness == Signedness.SIGNED ? "s" : "u") + bits;
    }
}
