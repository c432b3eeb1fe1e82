package dev.qasim.quant;

import dev.qasim.arith.Rounding;
import java.math.BigInteger;

/**
 * Integer requantization in the post-processing unit: an accumulator (bias already added) times a real scale
 * (alpha_w alpha_x / alpha_y) becomes the next layer's operand: y = clamp(round_half_even(acc * m / 2^shift) +
 * zeroPoint, min, max). The scale is held as an integer multiplier m of at most {@code multiplierBits} bits and
 * a right shift (so m / 2^shift is within 2^-multiplierBits relative of the scale), or, with power-of-two scales,
 * as m = 1 and a plain arithmetic shift with rounding. A fused ReLU raises {@code min} to the zero point.
 *
 * @param multiplier m, at least 0
 * @param shift      0..62
 * @param zeroPoint  added after rounding
 * @param min        the output's smallest value (Qn, or the zero point when ReLU is fused)
 * @param max        the output's largest value (Qp)
 */
public record Requantizer(long multiplier, int shift, long zeroPoint, long min, long max) {

    public Requantizer {
        if (multiplier < 0 || shift < 0 || shift > 62 || min > max) {
            throw new IllegalArgumentException("requantizer needs m >= 0, shift 0..62 and min <= max: m=" + multiplier
                    + " shift=" + shift + " [" + min + ", " + max + "]");
        }
    }

    /**
     * The multiplier-and-shift nearest to {@code scale} with m below 2^multiplierBits and the largest shift that
     * allows (at most 62). Scales of 2^multiplierBits and more get shift 0 and m = round(scale).
     *
     * @param scale          the real factor, finite and greater than 0
     * @param multiplierBits 1..62
     */
    public static Requantizer of(double scale, int multiplierBits, long zeroPoint, long min, long max) {
        Quantizer.checkAlpha(scale);
        if (multiplierBits < 1 || multiplierBits > 62) {
            throw new IllegalArgumentException("multiplierBits must be 1..62, got " + multiplierBits);
        }
        int shift = Math.min(62, Math.max(0, multiplierBits - 1 - Math.getExponent(scale)));
        long m = Rounding.halfEven(Math.scalb(scale, shift));
        if (m >= 1L << multiplierBits && shift > 0) { // rounding carried into one more bit
            shift--;
            m = Rounding.halfEven(Math.scalb(scale, shift));
        }
        return new Requantizer(m, shift, zeroPoint, min, max);
    }

    /** Rescaling by 2^-shift exactly (power-of-two scales): an arithmetic shift right with rounding. */
    public static Requantizer shiftOnly(int shift, long zeroPoint, long min, long max) {
        return new Requantizer(1, shift, zeroPoint, min, max);
    }

    /** The same requantizer with ReLU fused: outputs below the zero point become the zero point. */
    public Requantizer withRelu() {
        return new Requantizer(multiplier, shift, zeroPoint, Math.max(min, Math.min(max, zeroPoint)), max);
    }

    /** The real factor this requantizer applies: m / 2^shift. */
    public double scale() {
        return Math.scalb((double) multiplier, -shift);
    }

    /** Requantizes one accumulator value (exact for every long: the product is formed in 128 bits when needed). */
    public long apply(long acc) {
        long lo = acc * multiplier;
        long hi = Math.multiplyHigh(acc, multiplier);
        if (hi != (lo >> 63)) {
            return applyWide(acc);
        }
        long rounded = Rounding.shiftRightHalfEven(lo, shift);
        long y = rounded > max - zeroPoint ? max : rounded + zeroPoint; // no overflow of rounded + zeroPoint
        return Math.max(min, Math.min(max, y));
    }

    /** The same in BigInteger, when acc * m does not fit 64 bits. */
    private long applyWide(long acc) {
        BigInteger product = BigInteger.valueOf(acc).multiply(BigInteger.valueOf(multiplier));
        BigInteger floor = product.shiftRight(shift);
        BigInteger remainder = product.subtract(floor.shiftLeft(shift));
        int cmp = shift == 0 ? -1 : remainder.compareTo(BigInteger.ONE.shiftLeft(shift - 1));
        if (cmp > 0 || (cmp == 0 && floor.testBit(0))) {
            floor = floor.add(BigInteger.ONE);
        }
        BigInteger y = floor.add(BigInteger.valueOf(zeroPoint));
        return y.max(BigInteger.valueOf(min)).min(BigInteger.valueOf(max)).longValueExact();
    }
}
