package dev.qasim.terms;

/** The term encodings of docs/term-revealing.md; each is one {@link Encoder} class. */
public enum Encoding {
    /** The 1-bits of the magnitude. */
    BINARY(new BinaryEncoder()),
    /** Radix-2 Booth: d_i = b_(i-1) - b_i. */
    BOOTH(new BoothEncoder()),
    /** Non-adjacent form: minimal terms. */
    NAF(new NafEncoder()),
    /** Hybrid Encoding for Signed Expressions, the term-revealing paper's encoding. */
    HESE(new HeseEncoder());

    private final Encoder encoder;

    Encoding(Encoder encoder) {
        this.encoder = encoder;
    }

    public Encoder encoder() {
        return encoder;
    }

    /** Shorthand for {@code encoder().encode(value)}. */
    public Terms encode(long value) {
        return encoder.encode(value);
    }
}
