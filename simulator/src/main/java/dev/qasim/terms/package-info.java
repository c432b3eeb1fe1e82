/**
 * Floor 1: terms (signed powers of two), the four encodings of docs/term-revealing.md ({@link Encoding}: binary,
 * Booth radix-2, NAF and HESE) and term revealing, the grouped top-k term selection ({@link TermRevealing}).
 * Values are encoded in sign-magnitude: the magnitude is encoded and every term takes the value's sign.
 */
package dev.qasim.terms;
