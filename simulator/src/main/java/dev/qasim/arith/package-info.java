/**
 * Floor 1: fixed-width integer arithmetic as hardware does it. Two's-complement accumulators of 2 to 64
 * bits with an {@link OverflowPolicy} ({@link AccumulatorSpec}, {@link Accumulator}), every overflow an
 * {@link OverflowEvent}; multipliers that take each operand in its own {@link Signedness}
 * ({@link MultiplierSpec}); round-half-to-even ({@link Rounding}).
 */
package dev.qasim.arith;
