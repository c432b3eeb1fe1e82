package dev.qasim.terms;

/** Binary: the terms of a magnitude are its 1-bits. */
final class BinaryEncoder extends DigitEncoder {
    @Override
    void digits(long m, int[] digits) {
        for (int i = 0; i < 63; i++) {
            digits[i] = (int) ((m >>> i) & 1);
        }
    }

    @Override
    public int count(long value) {
        return Long.bitCount(Encoder.magnitude(value));
    }
}
