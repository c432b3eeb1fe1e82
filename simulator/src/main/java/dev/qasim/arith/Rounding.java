package dev.qasim.arith;

/**
 * Round half to even everywhere (quantization, requantization, synthetic values), as ONNX does.
 */
public final class Rounding {
    private Rounding() {}

    /**
     * The integer nearest to {@code x}, ties to the even neighbour (2.5 gives 2, 3.5 gives 4, -2.5 gives -2).
     *
     * @throws ArithmeticException when x is not finite or the result does not fit a long
     */
    public static long halfEven(double x) {
        double r = Math.rint(x);
        if (!Double.isFinite(r) || r < -0x1p63 || r >= 0x1p63) {
            throw new ArithmeticException("cannot round " + x + " to a 64-bit integer");
        }
        return (long) r;
    }

    /**
     * {@code value / 2^shift} rounded half to even: the arithmetic right shift with rounding of a
     * requantizer. A shift of 0 returns the value.
     */
    public static long shiftRightHalfEven(long value, int shift) {
        if (shift < 0 || shift > 62) {
            throw new IllegalArgumentException("shift must be 0..62, got " + shift);
        }
        if (shift == 0) {
            return value;
        }
        long floor = value >> shift;
        long remainder = value - (floor << shift); // 0 <= remainder < 2^shift
        long half = 1L << (shift - 1);
        if (remainder > half || (remainder == half && (floor & 1) != 0)) {
            return floor + 1;
        }
        return floor;
    }
}
