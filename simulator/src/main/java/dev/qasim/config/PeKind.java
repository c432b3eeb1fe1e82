package dev.qasim.config;

/** What a processing element computes with. */
public enum PeKind {
    /** A bit-parallel multiply-accumulate unit per lane. */
    MAC,
    /** A term MAC: term pairs (exponent add, sign XOR, shifted add), docs/term-revealing.md. */
    TERM_SERIAL
}
