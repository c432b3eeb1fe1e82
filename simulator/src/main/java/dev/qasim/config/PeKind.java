package dev.qasim.config;

/** What a processing element computes with (docs/architecture-file.md lists each kind). */
public enum PeKind {
    /** A bit-parallel multiply-accumulate unit per lane. */
    MAC,
    /** A term MAC with term revealing: term pairs (exponent add, sign XOR, shifted add), docs/term-revealing.md. */
    TERM_SERIAL,
    /** A term MAC on conventionally quantized values, skipping zero terms (Laconic-style baseline). */
    TERM_SERIAL_ZERO_SKIP,
    /** Bit-parallel weights, bit-serial data, b_a cycles per MAC (Stripes-style baseline). */
    BIT_SERIAL,
    /** Bit-serial data skipping zero bits (Pragmatic-style baseline). */
    BIT_SERIAL_ZERO_SKIP

}
