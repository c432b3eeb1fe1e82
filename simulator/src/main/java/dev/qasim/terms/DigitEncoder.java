package dev.qasim.terms;

/**
 * An encoder that computes one signed digit (-1, 0 or +1) per bit position of the magnitude; every
 * nonzero digit is a term. Subclasses fill the digits; this class orders them MSB first and applies the sign.
 */
abstract class DigitEncoder implements Encoder {
    /** Positions 0..63 (a digit may sit one position above the magnitude's top bit). */
    private static final int POSITIONS = 64;

    /** Writes digit i of magnitude m into {@code digits[i]}, for every i; digits start all zero. */
    abstract void digits(long magnitude, int[] digits);

    @Override
    public final Terms encode(long value) {
        long m = Encoder.magnitude(value);
        if (m == 0) {
            return Terms.none();
        }
        int[] digits = new int[POSITIONS];
        digits(m, digits);
        int[] exps = new int[POSITIONS];
        boolean[] neg = new boolean[POSITIONS];
        int n = 0;
        for (int i = POSITIONS - 1; i >= 0; i--) {
            if (digits[i] != 0) {
                exps[n] = i;
                neg[n] = (digits[i] < 0) != (value < 0);
                n++;
            }
        }
        return Terms.of(n, exps, neg);
    }
}
