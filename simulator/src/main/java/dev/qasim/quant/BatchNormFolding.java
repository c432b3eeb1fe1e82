package dev.qasim.quant;

/**
 * Folds a batch normalization into the convolution or fully connected layer before it, before the weights are
 * quantized (docs/quantization.md): A = gamma / sqrt(var + eps); W_fold = W * A per output channel;
 * b_fold = (b - mean) * A + beta. Computed in double precision.
 */
public final class BatchNormFolding {
    private BatchNormFolding() {}

    /**
     * Folded weights (same layout as given) and bias (one per output channel).
     *
     * @param weights stored output-channel first (conv: Cout, Cin/groups, Kh, Kw; fc: out, in)
     * @param bias    the layer's bias, one per output channel, or {@code null} for none (zero)
     * @param eps     BatchNormalization's epsilon, at least 0; var + eps must be greater than 0
     */
    public record Folded(double[] weights, double[] bias) {}

    public static Folded fold(double[] weights, double[] bias, double[] gamma, double[] beta, double[] mean,
                              double[] var, double eps) {
        int channels = gamma.length;
        if (beta.length != channels || mean.length != channels || var.length != channels
                || (bias != null && bias.length != channels) || channels == 0 || weights.length % channels != 0) {
            throw new IllegalArgumentException("batch-norm parameters need one value per output channel (" + channels
                    + "), and the weights " + weights.length + " values in whole channels");
        }
        int per = weights.length / channels;
        double[] w = new double[weights.length];
        double[] b = new double[channels];
        for (int c = 0; c < channels; c++) {
            double denominator = Math.sqrt(var[c] + eps);
            if (!(denominator > 0)) {
                throw new IllegalArgumentException("var + eps must be greater than 0 in channel " + c);
            }
            double a = gamma[c] / denominator;
            for (int i = c * per; i < (c + 1) * per; i++) {
                w[i] = weights[i] * a;
            }
            b[c] = ((bias == null ? 0 : bias[c]) - mean[c]) * a + beta[c];
        }
        return new Folded(w, b);
    }
}
