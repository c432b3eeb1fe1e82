package dev.qasim.quant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BatchNormFoldingTest {

    /** A direct float conv: x (C, H, W), w (Cout, C/groups, Kh, Kw), stride 1, padding p. */
    static double[] conv(double[] x, int c, int h, int wd, double[] w, int cout, int k, int p, int groups, double[] b) {
        int oh = h + 2 * p - k + 1;
        int ow = wd + 2 * p - k + 1;
        int cg = c / groups;
        double[] y = new double[cout * oh * ow];
        for (int co = 0; co < cout; co++) {
            int g = co / (cout / groups);
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double s = b == null ? 0 : b[co];
                    for (int ci = 0; ci < cg; ci++) {
                        for (int u = 0; u < k; u++) {
                            for (int v = 0; v < k; v++) {
                                int yy = i - p + u;
                                int xx = j - p + v;
                                if (yy >= 0 && yy < h && xx >= 0 && xx < wd) {
                                    s += w[((co * cg + ci) * k + u) * k + v] * x[((g * cg + ci) * h + yy) * wd + xx];
                                }
                            }
                        }
                    }
                    y[(co * oh + i) * ow + j] = s;
                }
            }
        }
        return y;
    }

    /** n values uniform in [lo, hi). */
    static double[] random(SplittableRandom r, int n, double lo, double hi) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = lo + (hi - lo) * r.nextDouble();
        }
        return a;
    }

    @Test
    void foldedConvGivesTheConvFollowedByBatchNormWithinOneInAHundredThousand() {
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 20; trial++) {
            int groups = trial % 3 == 0 ? 2 : 1;
            int c = 4;
            int cout = 6;
            int k = 1 + trial % 3;
            double[] x = random(r, c * 7 * 7, -2, 2);
            double[] w = random(r, cout * (c / groups) * k * k, -1, 1);
            double[] b = trial % 2 == 0 ? null : random(r, cout, -1, 1);
            double[] gamma = random(r, cout, 0.2, 3);
            double[] beta = random(r, cout, -1, 1);
            double[] mean = random(r, cout, -0.5, 0.5);
            double[] var = random(r, cout, 0.01, 4);
            double eps = 1e-5;
            double[] y = conv(x, c, 7, 7, w, cout, k, 1, groups, b);
            int per = y.length / cout;
            for (int i = 0; i < y.length; i++) {
                int ch = i / per;
                y[i] = gamma[ch] * (y[i] - mean[ch]) / Math.sqrt(var[ch] + eps) + beta[ch];
            }
            BatchNormFolding.Folded f = BatchNormFolding.fold(w, b, gamma, beta, mean, var, eps);
            double[] folded = conv(x, c, 7, 7, f.weights(), cout, k, 1, groups, f.bias());
            for (int i = 0; i < y.length; i++) {
                assertThat(Math.abs(folded[i] - y[i])).isLessThanOrEqualTo(1e-5 * Math.max(1e-3, Math.abs(y[i])));
            }
        }
    }

    @Test
    void handComputedChannel() {
        // A = 2 / sqrt(3 + 1) = 1; W = [2, 4] stays; b = (1 - 0.5) * 1 + 3 = 3.5
        BatchNormFolding.Folded f = BatchNormFolding.fold(new double[] {2, 4}, new double[] {1}, new double[] {2},
                new double[] {3}, new double[] {0.5}, new double[] {3}, 1);
        assertThat(f.weights()).containsExactly(2, 4);
        assertThat(f.bias()).containsExactly(3.5);
    }
}
