/**
 * Floor 1: fixed-width integer arithmetic as hardware does it. Two's-complement accumulators of 2 to 64
 * bits with an {@link OverflowPolicy} ({@link AccumulatorSpec}: the policy in the method's name, every overflow
 * detected before it is applied); multipliers that take each operand in its own {@link Signedness}
 * ({@link MultiplierSpec}); round-half-to-even ({@link Rounding}); whether this JVM can run the vector kernels
 * ({@link Vectors}).
 */
package dev.qasim.arith;
