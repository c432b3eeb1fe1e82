package dev.qasim.quant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qasim.arith.Rounding;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RequantizerTest {

    /** clamp(round_half_even(acc * m / 2^shift) + zp) in exact decimal arithmetic. */
    static long oracle(long acc, Requantizer r) {
        BigDecimal exact = new BigDecimal(BigInteger.valueOf(acc).multiply(BigInteger.valueOf(r.multiplier())))
                .divide(new BigDecimal(BigInteger.ONE.shiftLeft(r.shift())));
        BigInteger rounded = exact.setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact().add(BigInteger.valueOf(r.zeroPoint()));
        return rounded.max(BigInteger.valueOf(r.min())).min(BigInteger.valueOf(r.max())).longValueExact();
    }

    @Test
    void multiplierAndShiftMatchTheBigDecimalOracleOnRandomAccumulators() {
        SplittableRandom rnd = new SplittableRandom(21);
        for (int trial = 0; trial < 2_000; trial++) {
            double scale = Math.scalb(0.5 + rnd.nextDouble(), rnd.nextInt(-30, 4));
            int mbits = rnd.nextInt(2) == 0 ? 15 : 31;
            int zp = rnd.nextInt(-3, 130);
            Requantizer r = Requantizer.of(scale, mbits, zp, -128, 255);
            assertThat(r.multiplier()).isLessThan(1L << mbits);
            if (scale < 1) {
                assertThat(Math.abs(r.scale() - scale) / scale).isLessThanOrEqualTo(Math.scalb(1.0, -(mbits - 1)));
            }
            long acc = rnd.nextInt(4) == 0 ? rnd.nextLong() : rnd.nextLong(-(1L << 40), 1L << 40);
            assertThat(r.apply(acc)).as("acc=%d %s", acc, r).isEqualTo(oracle(acc, r));
        }
    }

    @Test
    void tiesRoundToEvenAndShiftOnlyEqualsTheRoundingShift() {
        Requantizer half = Requantizer.shiftOnly(1, 0, -128, 127);
        assertThat(half.apply(5)).isEqualTo(2);  // 2.5
        assertThat(half.apply(7)).isEqualTo(4);  // 3.5
        assertThat(half.apply(-5)).isEqualTo(-2);
        for (long acc = -1000; acc <= 1000; acc++) {
            assertThat(Requantizer.shiftOnly(4, 0, Long.MIN_VALUE / 2, Long.MAX_VALUE / 2).apply(acc))
                    .isEqualTo(Rounding.shiftRightHalfEven(acc, 4));
        }
    }

    @Test
    void fusedReluClampsAtTheZeroPointAndOutputsSaturate() {
        Requantizer r = Requantizer.shiftOnly(2, 10, 0, 255).withRelu();
        assertThat(r.apply(-400)).isEqualTo(10);
        assertThat(r.apply(8)).isEqualTo(12);
        assertThat(r.apply(1 << 20)).isEqualTo(255);
        assertThat(Requantizer.of(0.5, 8, 0, -8, 7).apply(-100)).isEqualTo(-8);
    }

    @Test
    void productsBeyondSixtyFourBitsAreExact() {
        Requantizer r = Requantizer.of(0.75, 31, 0, Long.MIN_VALUE, Long.MAX_VALUE);
        assertThat(r.apply(Long.MAX_VALUE)).isEqualTo(oracle(Long.MAX_VALUE, r));
        assertThat(r.apply(Long.MIN_VALUE)).isEqualTo(oracle(Long.MIN_VALUE, r));
    }

    @Test
    void scalesOfOneAndAboveKeepAnIntegerMultiplier() {
        Requantizer r = Requantizer.of(3.0, 8, 0, -1000, 1000);
        assertThat(r.scale()).isEqualTo(3.0);
        assertThat(r.apply(7)).isEqualTo(21);
        assertThat(Requantizer.of(1000.0, 4, 0, 0, 1 << 20).apply(3)).isEqualTo(3000);
    }
}
