package dev.qasim.terms;

/**
 * Turns an integer into terms. Implementations encode the magnitude and give every term the value's sign;
 * the terms always sum to the value.
 */
public interface Encoder {

    /**
     * The terms of {@code value}, most significant first.
     *
     * @throws IllegalArgumentException when |value| exceeds {@link Terms#MAX_MAGNITUDE}
     */
    Terms encode(long value);

    /** The number of terms of {@code value}; equal to {@code encode(value).size()}. */
    default int count(long value) {
        return encode(value).size();
    }

    /** Checks the magnitude bound and returns |value|. */
    static long magnitude(long value) {
        if (value > Terms.MAX_MAGNITUDE || value < -Terms.MAX_MAGNITUDE) {
            throw new IllegalArgumentException("|" + value + "| exceeds the largest encodable magnitude 2^62 - 1");
        }
        return Math.abs(value);
    }
}
