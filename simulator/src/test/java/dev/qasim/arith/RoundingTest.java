package dev.qasim.arith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;

class RoundingTest {

    @Test
    void tiesGoToTheEvenNeighbour() {
        assertThat(Rounding.halfEven(2.5)).isEqualTo(2);
        assertThat(Rounding.halfEven(3.5)).isEqualTo(4);
        assertThat(Rounding.halfEven(-2.5)).isEqualTo(-2);
        assertThat(Rounding.halfEven(-3.5)).isEqualTo(-4);
        assertThat(Rounding.halfEven(0.49999999999999994)).isEqualTo(0);
        assertThat(Rounding.halfEven(-0.5)).isEqualTo(0);
        assertThatThrownBy(() -> Rounding.halfEven(Double.NaN)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void shiftRightHalfEvenEqualsBigDecimalHalfEvenDivision() {
        for (int shift = 0; shift <= 10; shift++) {
            BigDecimal divisor = BigDecimal.valueOf(1L << shift);
            for (long v = -5000; v <= 5000; v++) {
                long expected = BigDecimal.valueOf(v).divide(divisor, 0, RoundingMode.HALF_EVEN).longValueExact();
                assertThat(Rounding.shiftRightHalfEven(v, shift)).as("%d >> %d", v, shift).isEqualTo(expected);
            }
        }
        assertThat(Rounding.shiftRightHalfEven(Long.MAX_VALUE, 62)).isEqualTo(2);
        assertThat(Rounding.shiftRightHalfEven(Long.MIN_VALUE, 62)).isEqualTo(-2);
    }

    @Test
    void halfEvenReachesBothEndsOfALongAndRefusesBeyondThem() {
        assertThat(Rounding.halfEven(-0x1p63)).isEqualTo(Long.MIN_VALUE);
        assertThat(Rounding.halfEven(Math.nextDown(0x1p63))).isEqualTo((long) Math.nextDown(0x1p63));
        assertThatThrownBy(() -> Rounding.halfEven(0x1p63)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Rounding.halfEven(Math.nextDown(-0x1p63)))
                .isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Rounding.halfEven(Double.NaN)).isInstanceOf(ArithmeticException.class);
    }
}
