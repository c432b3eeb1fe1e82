package dev.qasim.quant;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * How a scale is chosen from one batch of float values run through the float model (Settle et al.): a policy,
 * optionally restricted to power-of-two scales. Every policy picks a clipping threshold T over |x| and sets
 * alpha = T / Qp, so T maps onto Qp:
 * <ul>
 *   <li>{@code max}: T = max|x| (nothing clips);</li>
 *   <li>{@code percentile}: T = the p-th percentile of |x| (nearest rank);</li>
 *   <li>{@code mse}: the T among 128 evenly spaced candidates in (0, max|x|] whose quantization has the smallest
 *       mean squared error against the values;</li>
 *   <li>{@code kl}: TensorRT-style entropy calibration: a histogram of |x| with max(2048, 16 (Qp + 1)) bins;
 *       for each candidate threshold bin i (at most 1024 candidates from Qp + 1 to the last bin), the reference
 *       distribution P is the first i bins with the clipped tail added to bin i - 1, Q is P's first i bins
 *       merged into Qp + 1 levels and spread back evenly over the bins that were non-zero; the i with the
 *       smallest KL(P || Q) (both smoothed with eps = 1e-4) wins and T = (i + 0.5) bin widths.</li>
 * </ul>
 * With {@code powerOfTwo}, max and percentile round alpha up to 2^ceil(log2 alpha); mse and kl evaluate their
 * criterion only at the power-of-two scales from that rounded-up one down to 2^-8 of it and keep the best
 * (ties go to the larger scale). A tensor of zeros gets alpha = 1.
 *
 * @param policy     the criterion
 * @param percentile for {@code percentile}: p in (0, 100]; ignored otherwise (stored as 100)
 * @param powerOfTwo restrict scales to powers of two (rescaling becomes a shift)
 */
public record Calibration(Policy policy, double percentile, boolean powerOfTwo) {

    /** The calibration criteria. */
    public enum Policy { MAX, PERCENTILE, MSE, KL }

    static final int MSE_CANDIDATES = 128;
    static final int KL_MIN_BINS = 2048;
    static final int KL_MAX_CANDIDATES = 1024;
    static final int POWER_OF_TWO_STEPS = 8;
    private static final double EPS = 1e-4;

    public Calibration {
        Objects.requireNonNull(policy, "policy");
        if (policy != Policy.PERCENTILE) {
            percentile = 100;
        }
        if (!(percentile > 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + percentile);
        }
    }

    public static Calibration max() {
        return new Calibration(Policy.MAX, 100, false);
    }

    public static Calibration percentile(double p) {
        return new Calibration(Policy.PERCENTILE, p, false);
    }

    public static Calibration mse() {
        return new Calibration(Policy.MSE, 100, false);
    }

    public static Calibration kl() {
        return new Calibration(Policy.KL, 100, false);
    }

    /** The same policy restricted to power-of-two scales. */
    public Calibration withPowerOfTwo() {
        return new Calibration(policy, percentile, true);
    }

    /** {@code max}, {@code percentile-99.99}, {@code kl-pow2}. */
    @Override
    public String toString() {
        String name = policy.name().toLowerCase(Locale.ROOT);
        if (policy == Policy.PERCENTILE) {
            name += "-" + (percentile == Math.rint(percentile) ? Long.toString((long) percentile) : Double.toString(percentile));
        }
        return powerOfTwo ? name + "-pow2" : name;
    }

    /**
     * The inverse of {@link #toString()}: {@code max}, {@code mse}, {@code kl}, {@code percentile-P} (P in (0, 100]),
     * each optionally followed by {@code -pow2}.
     *
     * @throws IllegalArgumentException naming what is allowed
     */
    public static Calibration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        boolean pow2 = t.endsWith("-pow2");
        if (pow2) {
            t = t.substring(0, t.length() - "-pow2".length());
        }
        Calibration c;
        if (t.startsWith("percentile-")) {
            double p;
            try {
                p = Double.parseDouble(t.substring("percentile-".length()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(ALLOWED);
            }
            if (!(p > 0 && p <= 100)) {
                throw new IllegalArgumentException(ALLOWED);
            }
            c = percentile(p);
        } else {
            c = switch (t) {
                case "max" -> max();
                case "mse" -> mse();
                case "kl" -> kl();
                default -> throw new IllegalArgumentException(ALLOWED);
            };
        }
        return pow2 ? c.withPowerOfTwo() : c;
    }

    /** What {@link #parse} accepts. */
    public static final String ALLOWED = "max, mse, kl or percentile-P (0 < P <= 100), optionally with -pow2 (e.g. percentile-99.99-pow2)";

    /** One scale for the whole tensor. */
    public double alpha(double[] values, Quantizer q) {
        double max = 0;
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("calibration values must be finite, got " + v);
            }
            max = Math.max(max, Math.abs(v));
        }
        if (max == 0) {
            return 1;
        }
        switch (policy) {
            case MAX:
                return fixed(max / q.qp());
            case PERCENTILE:
                double t = percentileOfAbs(values, percentile);
                return fixed((t > 0 ? t : max) / q.qp());
            case MSE:
                return mse(values, q, max);
            default:
                return kl(values, q, max);
        }
    }

    /** One scale per slice along axis 0 (per output channel of a weight tensor stored Cout-first). */
    public double[] alphas(double[] values, int channels, Quantizer q) {
        if (channels < 1 || values.length % channels != 0) {
            throw new IllegalArgumentException(values.length + " values do not split into " + channels + " channels");
        }
        int per = values.length / channels;
        double[] out = new double[channels];
        for (int c = 0; c < channels; c++) {
            out[c] = alpha(Arrays.copyOfRange(values, c * per, (c + 1) * per), q);
        }
        return out;
    }

    /** Weights quantized with one scale per output channel: the integer codes in the weights' layout, and the scales. */
    public record PerChannel(int[] codes, double[] alphas) {}

    /**
     * Weights quantized with one scale per output channel, chosen by this calibration: the channel is axis 0 of a
     * row-major {@code rows x cols} tensor (conv and fc weights stored Cout-first; {@code rows} channels), or with
     * {@code channelLast} its last axis ({@code cols} channels: a gemm's K x N weights). The codes keep that layout.
     */
    public PerChannel quantizeWeights(double[] weights, int rows, int cols, boolean channelLast, Quantizer q) {
        double[] channelFirst = channelLast ? Quantizer.transpose(weights, rows, cols) : weights;
        int channels = channelLast ? cols : rows;
        double[] alphas = alphas(channelFirst, channels, q);
        int[] codes = q.quantizePerChannel(channelFirst, alphas);
        return new PerChannel(channelLast ? Quantizer.transpose(codes, cols, rows) : codes, alphas);
    }

    private double fixed(double alpha) {
        return powerOfTwo ? Quantizer.powerOfTwo(alpha) : alpha;
    }

    /** Nearest rank: the ceil(p / 100 * n)-th smallest |x|. */
    static double percentileOfAbs(double[] values, double p) {
        double[] abs = new double[values.length];
        for (int i = 0; i < abs.length; i++) {
            abs[i] = Math.abs(values[i]);
        }
        Arrays.sort(abs);
        int rank = (int) Math.ceil(p / 100 * abs.length);
        return abs[Math.max(0, Math.min(abs.length, rank) - 1)];
    }

    private double mse(double[] values, Quantizer q, double max) {
        double[] candidates = candidates(max, q, MSE_CANDIDATES);
        double best = candidates[0];
        double bestErr = Double.POSITIVE_INFINITY;
        for (double alpha : candidates) {
            double err = q.meanSquaredError(values, alpha);
            if (err < bestErr) {
                bestErr = err;
                best = alpha;
            }
        }
        return best;
    }

    /** Scales to try, largest first: power-of-two ones, or alpha = max * j / count / Qp for j = count..1. */
    private double[] candidates(double max, Quantizer q, int count) {
        if (powerOfTwo) {
            double top = Quantizer.powerOfTwo(max / q.qp());
            double[] out = new double[POWER_OF_TWO_STEPS + 1];
            for (int j = 0; j <= POWER_OF_TWO_STEPS; j++) {
                out[j] = Math.scalb(top, -j);
            }
            return out;
        }
        double[] out = new double[count];
        for (int j = 0; j < count; j++) {
            out[j] = max * (count - j) / count / q.qp();
        }
        return out;
    }

    private double kl(double[] values, Quantizer q, double max) {
        int levels = (int) Math.min(q.qp() + 1, 1 << 20);
        int bins = (int) Math.min(Math.max(KL_MIN_BINS, 16L * levels), 1 << 22);
        double width = max / bins;
        long[] hist = new long[bins];
        for (double v : values) {
            hist[(int) Math.min(bins - 1, Math.abs(v) / width)]++;
        }
        if (powerOfTwo) {
            double best = Quantizer.powerOfTwo(max / q.qp());
            double bestKl = Double.POSITIVE_INFINITY;
            for (double alpha : candidates(max, q, 0)) {
                long i = Math.min(bins, Math.round(alpha * q.qp() / width));
                if (i < levels) {
                    continue;
                }
                double d = divergence(hist, (int) i, levels);
                if (d < bestKl) {
                    bestKl = d;
                    best = alpha;
                }
            }
            return best;
        }
        int step = Math.max(1, (bins - levels) / KL_MAX_CANDIDATES);
        int bestI = bins;
        double bestKl = divergence(hist, bins, levels);
        for (int i = levels; i < bins; i += step) {
            double d = divergence(hist, i, levels);
            if (d < bestKl) {
                bestKl = d;
                bestI = i;
            }
        }
        return Math.min(bestI + 0.5, bins) * width / q.qp();
    }

    /** KL(P || Q) for the threshold at bin i (see the class comment). */
    static double divergence(long[] hist, int i, int levels) {
        double[] p = new double[i];
        for (int b = 0; b < i; b++) {
            p[b] = hist[b];
        }
        long outliers = 0;
        for (int b = i; b < hist.length; b++) {
            outliers += hist[b];
        }
        p[i - 1] += outliers;
        double[] qd = new double[i];
        for (int j = 0; j < levels; j++) {
            int start = (int) ((long) j * i / levels);
            int end = (int) ((long) (j + 1) * i / levels);
            long sum = 0;
            int nonZero = 0;
            for (int b = start; b < end; b++) {
                sum += hist[b];
                nonZero += hist[b] != 0 ? 1 : 0;
            }
            for (int b = start; b < end; b++) {
                qd[b] = hist[b] != 0 ? (double) sum / nonZero : 0;
            }
        }
        smoothAndNormalize(p);
        smoothAndNormalize(qd);
        double d = 0;
        for (int b = 0; b < i; b++) {
            if (p[b] > 0) {
                d += p[b] * Math.log(p[b] / qd[b]);
            }
        }
        return d;
    }

    /** Normalizes to a distribution, then moves eps of mass onto every zero bin from the non-zero ones. */
    private static void smoothAndNormalize(double[] d) {
        double total = 0;
        int zeros = 0;
        for (double v : d) {
            total += v;
            zeros += v == 0 ? 1 : 0;
        }
        int nonZeros = d.length - zeros;
        double take = nonZeros == 0 ? 0 : EPS * zeros / nonZeros;
        for (int b = 0; b < d.length; b++) {
            double v = total == 0 ? 0 : d[b] / total;
            d[b] = v == 0 ? EPS : Math.max(v - take, EPS * EPS);
        }
    }
}
