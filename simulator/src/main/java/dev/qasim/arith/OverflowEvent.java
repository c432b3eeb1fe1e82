package dev.qasim.arith;

/**
 * One addition whose exact result did not fit the accumulator.
 *
 * @param before the accumulator's value before the addition
 * @param addend what was added (a product, a partial sum, or a shifted term pair)
 * @param result what the policy produced: the wrapped value (WRAP, WIDEN_REPLAY), the clamped value
 *               (SATURATE), or the unchanged {@code before} (TRAP, which stops the computation)
 */
public record OverflowEvent(long before, long addend, long result) {}
