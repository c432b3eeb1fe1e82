package dev.qasim.arith;

/**
 * What a P-bit accumulator does when the exact result of an addition lies outside
 * [-2^(P-1), 2^(P-1) - 1]. Every such addition is an overflow event, whatever the policy.
 */
public enum OverflowPolicy {
    /** Two's-complement wrap-around: the result is the exact sum modulo 2^P. */
    WRAP,
    /** The result clamps to the nearest end of the range; every clamped addition counts as an event. */
    SATURATE,
    /** The first overflow stops the computation; the register keeps the value it had before the addition. */
    TRAP,
    /**
     * At the accumulator the addition wraps like {@link #WRAP}; the engine then re-executes the fold that
     * overflowed with wide accumulators, so final results are exact.
     */
    WIDEN_REPLAY
}
