package dev.qasim.arith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccumulatorSpecTest {

    /** The obvious oracle: exact arithmetic in BigInteger, then the policy applied by definition. */
    private static final class Oracle {
        final int bits;
        final BigInteger min;
        final BigInteger max;
        final BigInteger modulus;

        Oracle(int bits) {
            this.bits = bits;
            this.modulus = BigInteger.ONE.shiftLeft(bits);
            this.min = BigInteger.ONE.shiftLeft(bits - 1).negate();
            this.max = BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
        }

        boolean overflows(long acc, long addend) {
            BigInteger exact = BigInteger.valueOf(acc).add(BigInteger.valueOf(addend));
            return exact.compareTo(min) < 0 || exact.compareTo(max) > 0;
        }

        long wrap(long acc, long addend) {
            BigInteger r = BigInteger.valueOf(acc).add(BigInteger.valueOf(addend)).mod(modulus);
            if (r.compareTo(max) > 0) {
                r = r.subtract(modulus);
            }
            return r.longValueExact();
        }

        long saturate(long acc, long addend) {
            BigInteger exact = BigInteger.valueOf(acc).add(BigInteger.valueOf(addend));
            return exact.max(min).min(max).longValueExact();
        }
    }

    private static void checkAgainstOracle(int bits, long acc, long addend) {
        Oracle oracle = new Oracle(bits);
        boolean overflow = oracle.overflows(acc, addend);
        for (OverflowPolicy policy : OverflowPolicy.values()) {
            AccumulatorSpec spec = AccumulatorSpec.of(bits, policy);
            assertThat(spec.overflows(acc, addend)).as("%d-bit %d + %d overflows", bits, acc, addend).isEqualTo(overflow);
            long expected = switch (policy) {
                case WRAP, WIDEN_REPLAY -> oracle.wrap(acc, addend);
                case SATURATE -> oracle.saturate(acc, addend);
                case TRAP -> overflow ? acc : acc + addend;
            };
            assertThat(spec.add(acc, addend)).as("%s %d-bit %d + %d", policy, bits, acc, addend).isEqualTo(expected);
        }
        AccumulatorSpec spec = AccumulatorSpec.of(bits, OverflowPolicy.WRAP);
        assertThat(spec.wrappingAdd(acc, addend)).isEqualTo(oracle.wrap(acc, addend));
        assertThat(spec.saturatingAdd(acc, addend)).isEqualTo(oracle.saturate(acc, addend));
    }

    @Test
    void everyPolicyMatchesTheBigIntegerOracleExhaustivelyUpTo8Bits() {
        for (int bits = 2; bits <= 8; bits++) {
            long min = -(1L << (bits - 1));
            long max = (1L << (bits - 1)) - 1;
            // addends reach beyond the register's range: a product may be wider than the accumulator
            for (long acc = min; acc <= max; acc++) {
                for (long addend = 2 * min; addend <= 2 * max + 1; addend++) {
                    checkAgainstOracle(bits, acc, addend);
                }
            }
        }
    }

    private static List<Long> boundaryCandidates(int bits) {
        AccumulatorSpec spec = AccumulatorSpec.of(bits, OverflowPolicy.WRAP);
        List<Long> c = new ArrayList<>(List.of(0L, 1L, -1L, spec.min(), spec.max(), spec.min() + 1, spec.max() - 1,
                Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1));
        for (int e = 0; e < 63; e++) {
            long p = 1L << e;
            c.addAll(List.of(p, p - 1, p + 1, -p, -p - 1, -p + 1));
        }
        return c;
    }

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {9, 12, 16, 17, 24, 31, 32, 33, 48, 62, 63, 64})
    void everyPolicyMatchesTheOracleOnBoundaryCandidates(int bits) {
        AccumulatorSpec spec = AccumulatorSpec.of(bits, OverflowPolicy.WRAP);
        List<Long> candidates = boundaryCandidates(bits);
        for (long acc : candidates) {
            if (!spec.fits(acc)) {
                continue; // the register never holds a value outside its range
            }
            for (long addend : candidates) {
                checkAgainstOracle(bits, acc, addend);
            }
        }
    }

    @Test
    void randomAdditionsMatchTheOracleForEveryWidth() {
        SplittableRandom random = new SplittableRandom(20261129);
        for (int bits = 2; bits <= 64; bits++) {
            AccumulatorSpec spec = AccumulatorSpec.of(bits, OverflowPolicy.WRAP);
            for (int i = 0; i < 2000; i++) {
                long acc = spec.wrappingAdd(0, random.nextLong());
                long addend = random.nextLong() >> random.nextInt(64);
                checkAgainstOracle(bits, acc, addend);
            }
        }
    }

    @Test
    void wrapAtMaxGoesToMinAndSaturateClampsAtBothEnds() {
        AccumulatorSpec s16 = AccumulatorSpec.of(16, OverflowPolicy.WRAP);
        assertThat(s16.wrappingAdd(32767, 1)).isEqualTo(-32768);
        assertThat(s16.wrappingAdd(-32768, -1)).isEqualTo(32767);
        assertThat(s16.saturatingAdd(32767, 1)).isEqualTo(32767);
        assertThat(s16.saturatingAdd(-32768, -1)).isEqualTo(-32768);
        AccumulatorSpec s64 = AccumulatorSpec.of(64, OverflowPolicy.SATURATE);
        assertThat(s64.saturatingAdd(Long.MAX_VALUE, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
        assertThat(s64.saturatingAdd(Long.MIN_VALUE, Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
        assertThat(s64.overflows(Long.MAX_VALUE, 1)).isTrue();
        assertThat(s64.overflows(Long.MAX_VALUE, -1)).isFalse();
    }

    @Test
    void checkedAddThrowsOnOverflowOnly() {
        AccumulatorSpec s8 = AccumulatorSpec.of(8, OverflowPolicy.TRAP);
        assertThat(s8.checkedAdd(100, 27)).isEqualTo(127);
        assertThatThrownBy(() -> s8.checkedAdd(100, 28)).isInstanceOf(ArithmeticException.class).hasMessageContaining("8-bit");
    }

    @Test
    void widthsOutside2To64AreRejected() {
        assertThatThrownBy(() -> AccumulatorSpec.of(1, OverflowPolicy.WRAP)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AccumulatorSpec.of(65, OverflowPolicy.WRAP)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bitsToHoldIsTheSmallestTwosComplementWidth() {
        for (int bits = 2; bits <= 64; bits++) {
            AccumulatorSpec spec = AccumulatorSpec.of(bits, OverflowPolicy.WRAP);
            assertThat(AccumulatorSpec.bitsToHold(spec.max())).isEqualTo(bits);
            assertThat(AccumulatorSpec.bitsToHold(spec.min())).isEqualTo(bits);
        }
        assertThat(AccumulatorSpec.bitsToHold(0)).isEqualTo(2);
    }

    @Test
    void fitsHoldsExactlyFromMinToMaxAtEveryWidth() {
        for (int bits = 2; bits <= 64; bits++) {
            AccumulatorSpec spec = AccumulatorSpec.of(bits, OverflowPolicy.WRAP);
            assertThat(spec.fits(spec.min())).isTrue();
            assertThat(spec.fits(spec.max())).isTrue();
            if (bits < 64) {
                assertThat(spec.fits(spec.min() - 1)).as("%d bits, min - 1", bits).isFalse();
                assertThat(spec.fits(spec.max() + 1)).as("%d bits, max + 1", bits).isFalse();
            }
        }
    }
}
