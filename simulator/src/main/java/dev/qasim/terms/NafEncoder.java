package dev.qasim.terms;

/**
 * Non-adjacent form (canonical signed digit), computed least significant digit first: the minimal number of
 * terms, and no two nonzero digits are adjacent.
 */
final class NafEncoder extends DigitEncoder {
    @Override
    void digits(long magnitude, int[] digits) {
        long m = magnitude;
        for (int i = 0; m != 0; i++) {
            if ((m & 1) != 0) {
                int d = 2 - (int) (m & 3); // m mod 4 == 1 gives +1, == 3 gives -1
                digits[i] = d;
                m -= d;
            }
            m >>= 1;
        }
    }
}
