package dev.qasim.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CalibrationTest {

    private static double[] gaussian(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            // Box-Muller, so the values do not depend on a JDK's nextGaussian
            x[i] = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
        }
        return x;
    }

    @Test
    void maxMapsTheLargestMagnitudeOntoQp() {
        assertThat(Calibration.max().alpha(new double[] {-3, 1, 2}, Quantizer.signed(4))).isEqualTo(3.0 / 7);
        assertThat(Calibration.max().alpha(new double[] {0, 5.1}, Quantizer.unsigned(8))).isEqualTo(5.1 / 255);
        assertThat(Calibration.max().withPowerOfTwo().alpha(new double[] {-3, 1, 2}, Quantizer.signed(4))).isEqualTo(0.5);
    }

    @Test
    void percentileTakesTheNearestRankOfTheMagnitudes() {
        double[] x = new double[100];
        for (int i = 0; i < 100; i++) {
            x[i] = (i % 2 == 0 ? 1 : -1) * (i + 1);
        }
        assertThat(Calibration.percentile(90).alpha(x, Quantizer.signed(8))).isEqualTo(90.0 / 127);
        assertThat(Calibration.percentile(100).alpha(x, Quantizer.signed(8))).isEqualTo(100.0 / 127);
        assertThat(Calibration.percentile(0.5).alpha(x, Quantizer.signed(8))).isEqualTo(1.0 / 127);
        assertThat(Calibration.percentile(90).withPowerOfTwo().alpha(x, Quantizer.signed(8))).isEqualTo(1.0);
    }

    @Test
    void mseIsWithinOnePercentOfTheBestOfTenThousandThresholds() {
        double[] x = gaussian(20_000, 3);
        x[0] = 40; // an outlier that max calibration would follow
        Quantizer q = Quantizer.signed(4);
        double chosen = Calibration.mse().alpha(x, q);
        double best = Double.POSITIVE_INFINITY;
        for (int j = 1; j <= 10_000; j++) {
            best = Math.min(best, q.meanSquaredError(x, 40.0 * j / 10_000 / q.qp()));
        }
        assertThat(q.meanSquaredError(x, chosen)).isLessThanOrEqualTo(best * 1.01);
        assertThat(chosen * q.qp()).isLessThan(10); // it clips the outlier
        assertThat(q.meanSquaredError(x, chosen)).isLessThan(q.meanSquaredError(x, Calibration.max().alpha(x, q)));
    }

    @Test
    void msePowerOfTwoPicksTheBestPowerOfTwo() {
        double[] x = gaussian(5_000, 4);
        Quantizer q = Quantizer.signed(4);
        double chosen = Calibration.mse().withPowerOfTwo().alpha(x, q);
        assertThat(Quantizer.powerOfTwo(chosen)).isEqualTo(chosen);
        for (int e = -12; e <= 4; e++) {
            assertThat(q.meanSquaredError(x, chosen)).isLessThanOrEqualTo(q.meanSquaredError(x, Math.scalb(1.0, e)));
        }
    }

    @Test
    void klDivergenceOfAHandMadeHistogram() {
        long[] hist = {4, 0, 2, 2};
        assertThat(Calibration.divergence(hist, 4, 2)).isCloseTo(0, within(1e-12));
        // i = 2: P = [4, 4] (the tail joins bin 1), Q = [4, 0] smoothed to [1 - 1e-4, 1e-4]
        double expected = 0.5 * Math.log(0.5 / (1 - 1e-4)) + 0.5 * Math.log(0.5 / 1e-4);
        assertThat(Calibration.divergence(hist, 2, 2)).isCloseTo(expected, within(1e-9));
    }

    @Test
    void klKeepsNearlyTheWholeRangeOfUniformDataAndClipsAGaussiansTail() {
        SplittableRandom r = new SplittableRandom(5);
        double[] u = new double[50_000];
        for (int i = 0; i < u.length; i++) {
            u[i] = r.nextDouble();
        }
        assertThat(Calibration.kl().alpha(u, Quantizer.unsigned(8)) * 255).isCloseTo(1.0, within(0.03));
        double[] g = gaussian(50_000, 6);
        g[0] = 30;
        double t = Calibration.kl().alpha(g, Quantizer.signed(8)) * 127;
        assertThat(t).isBetween(2.0, 15.0);
        double p = Calibration.kl().withPowerOfTwo().alpha(g, Quantizer.signed(8));
        assertThat(Quantizer.powerOfTwo(p)).isEqualTo(p);
    }

    @Test
    void everyPolicyGivesPowersOfTwoWhenRestrictedAndOneForZeros() {
        double[] x = gaussian(2_000, 7);
        for (Calibration c : new Calibration[] {Calibration.max(), Calibration.percentile(99.9), Calibration.mse(), Calibration.kl()}) {
            double a = c.withPowerOfTwo().alpha(x, Quantizer.signed(6));
            assertThat(Quantizer.powerOfTwo(a)).as(c.toString()).isEqualTo(a);
            assertThat(c.alpha(new double[] {0, 0}, Quantizer.signed(6))).isEqualTo(1);
        }
        assertThat(Calibration.percentile(99.99).withPowerOfTwo()).hasToString("percentile-99.99-pow2");
    }

    @Test
    void perChannelScalesFollowEachChannel() {
        double[] w = {1, -2, 0.5, 4, 40, -8};
        assertThat(Calibration.max().alphas(w, 2, Quantizer.signed(8))).containsExactly(2.0 / 127, 40.0 / 127);
    }

    @Test
    void parseIsTheInverseOfToStringForEveryPolicyAndRejectsOthers() {
        for (Calibration c : List.of(Calibration.max(), Calibration.mse(), Calibration.kl(), Calibration.percentile(99.99),
                Calibration.percentile(90), Calibration.max().withPowerOfTwo(), Calibration.percentile(99.9).withPowerOfTwo())) {
            assertThat(Calibration.parse(c.toString())).isEqualTo(c);
        }
        for (String bad : List.of("", "min", "percentile-0", "percentile-101", "percentile-x", "pow2", "max-pow3")) {
            assertThatThrownBy(() -> Calibration.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(Calibration.ALLOWED);
        }
    }
}
