package dev.qasim.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qasim.arith.Signedness;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;

class QuantizerTest {

    /** The obvious oracle: exact decimal division, half-even rounding, then clamping. */
    static long oracle(double x, double alpha, long qn, long qp) {
        long r = new BigDecimal(x).divide(new BigDecimal(alpha), 40, RoundingMode.HALF_EVEN)
                .setScale(0, RoundingMode.HALF_EVEN).longValueExact();
        return Math.max(qn, Math.min(qp, r));
    }

    @Test
    void signedFourBitRangeRoundsHalfToEvenThenClamps() {
        Quantizer q = Quantizer.signed(4);
        assertThat(q.qn()).isEqualTo(-8);
        assertThat(q.qp()).isEqualTo(7);
        assertThat(q.quantize(2.5, 1)).isEqualTo(2);
        assertThat(q.quantize(3.5, 1)).isEqualTo(4);
        assertThat(q.quantize(-2.5, 1)).isEqualTo(-2);
        assertThat(q.quantize(6.5, 1)).isEqualTo(6);
        assertThat(q.quantize(7.5, 1)).isEqualTo(7); // rounds to 8, clamps to 7
        assertThat(q.quantize(-8.5, 1)).isEqualTo(-8);
        assertThat(q.quantize(1e300, 1)).isEqualTo(7);
        assertThat(q.quantize(Double.NEGATIVE_INFINITY, 1)).isEqualTo(-8);
        assertThat(q.quantize(0.74, 0.5)).isEqualTo(1);
    }

    @Test
    void unsignedRangeIsZeroToTwoToTheBMinusOne() {
        Quantizer q = Quantizer.unsigned(4);
        assertThat(q.qn()).isZero();
        assertThat(q.qp()).isEqualTo(15);
        assertThat(q.quantize(-3, 1)).isZero();
        assertThat(q.quantize(14.5, 1)).isEqualTo(14);
        assertThat(q.quantize(15.5, 1)).isEqualTo(15);
    }

    @Test
    void everyHalfStepOfEveryWidthUpToEightBitsMatchesTheDecimalOracle() {
        for (int bits = 2; bits <= 8; bits++) {
            for (Signedness s : Signedness.values()) {
                Quantizer q = new Quantizer(bits, s);
                for (double alpha : new double[] {1, 0.25, 0.375, 3}) { // x / alpha is exact in double for these
                    long span = 1L << (bits + 1);
                    for (long twice = -2 * span; twice <= 2 * span; twice++) {
                        double x = twice / 2.0 * alpha;
                        assertThat((long) q.quantize(x, alpha)).as("%s b=%d x=%s alpha=%s", s, bits, x, alpha)
                                .isEqualTo(oracle(x, alpha, q.qn(), q.qp()));
                    }
                }
            }
        }
    }

    @Test
    void perChannelQuantizationUsesEachChannelsScale() {
        double[] w = {1, -2, 3, 10, 20, -30};
        int[] q = Quantizer.signed(8).quantizePerChannel(w, new double[] {1, 10});
        assertThat(q).containsExactly(1, -2, 3, 1, 2, -3);
        assertThat(Quantizer.channelMaxAbs(w, 2)).containsExactly(3, 30);
    }

    @Test
    void powerOfTwoScaleRoundsUpAndKeepsExactPowers() {
        assertThat(Quantizer.powerOfTwo(0.3)).isEqualTo(0.5);
        assertThat(Quantizer.powerOfTwo(0.5)).isEqualTo(0.5);
        assertThat(Quantizer.powerOfTwo(3)).isEqualTo(4);
        assertThat(Quantizer.powerOfTwo(1e-3)).isEqualTo(0x1p-9);
        assertThat(Quantizer.powerOfTwo(Double.MIN_NORMAL * 3)).isEqualTo(Double.MIN_NORMAL * 4);
    }

    @Test
    void widthsOutsideTwoToSixteenAndBadScalesAreRejected() {
        assertThatThrownBy(() -> Quantizer.signed(1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Quantizer.signed(17)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Quantizer.signed(8).quantize(1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Quantizer.signed(8).quantize(Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Quantizer.unsigned(16).qp()).isEqualTo(65535);
        assertThat(Quantizer.signed(16).qn()).isEqualTo(-32768);
    }
}
