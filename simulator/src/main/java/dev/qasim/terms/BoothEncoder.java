package dev.qasim.terms;

/**
 * Booth radix-2: digit d_i = b_(i-1) - b_i with b_(-1) = 0, for every position up to one above the top bit.
 * A run of ones from bit h down to bit l becomes +2^(h+1) - 2^l, and an isolated 1 at bit i becomes
 * +2^(i+1) - 2^i (two terms), which is why Booth averages more terms than binary.
 */
final class BoothEncoder extends DigitEncoder {
    @Override
    void digits(long m, int[] digits) {
        for (int i = 0; i < 64; i++) {
            long below = i == 0 ? 0 : (m >>> (i - 1)) & 1;
            long here = i == 63 ? 0 : (m >>> i) & 1;
            digits[i] = (int) (below - here);
        }
    }

    @Override
    public int count(long value) {
        long m = Encoder.magnitude(value);
        return Long.bitCount(m ^ (m << 1)); // a digit is nonzero exactly where b_i != b_(i-1)
    }
}
