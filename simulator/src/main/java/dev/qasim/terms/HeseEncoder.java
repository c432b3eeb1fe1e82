package dev.qasim.terms;

/**
 * HESE (Hybrid Encoding for Signed Expressions), exactly as the term-revealing reference computes it. Bit
 * positions i are scanned from the top down; the window (b_(i+1), b_i, b_(i-1)) decides:
 * (0,1,0) emits +2^i, (0,1,1) emits +2^(i+1), (1,1,0) emits -2^i, anything else nothing. A run of ones from
 * bit h down to bit l thus becomes +2^(h+1) - 2^l, and an isolated 1 stays one term.
 */
final class HeseEncoder extends DigitEncoder {
    @Override
    void digits(long m, int[] digits) {
        for (int i = 62; i >= 0; i--) {
            long above = (m >>> (i + 1)) & 1;
            long here = (m >>> i) & 1;
            long below = i == 0 ? 0 : (m >>> (i - 1)) & 1;
            if (here == 0) {
                continue;
            }
            if (above == 0 && below == 0) {
                digits[i] += 1;
            } else if (above == 0) {
                digits[i + 1] += 1;
            } else if (below == 0) {
                digits[i] -= 1;
            }
        }
    }
}
