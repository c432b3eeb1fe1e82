package dev.qasim.quant;

import dev.qasim.arith.AccumulatorSpec;
import dev.qasim.workload.Gemm;
import dev.qasim.workload.IntTensor;
import dev.qasim.workload.Layer;
import dev.qasim.workload.LayerValues;
import dev.qasim.workload.Lowered;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Overflow-aware bit allocation (after Xie et al., docs/quantization.md): for one layer and an accumulator of P bits,
 * the largest operand widths whose quantized values cause no accumulator error, found two ways:
 * <ul>
 *   <li><b>observed</b>: on the calibration data, the policy's own condition: under wrap (and widen-replay)
 *       every final sum fits the P-bit range; under saturate and trap every prefix sum in K order fits;</li>
 *   <li><b>guaranteed</b>: the static bound ||q_w||_1 * max|q_x| &lt;= 2^(P-1) - 1 holds for every output
 *       channel, max|q_x| being the data type's largest magnitude, so no input can overflow.</li>
 * </ul>
 * For every data width b_x (2..maxBits) the answer is the largest weight width b_w (2..maxBits) that passes, or
 * 0 when none does; every candidate is checked (no monotonicity is assumed). The equal-width answer is the
 * largest b with (b, b) passing. Weights are quantized signed, one scale per output channel (by {@code weightCalibration});
 * data with one scale from {@code calibration}, unsigned when every calibration value is at least 0.
 *
 * @param layer           the layer's name
 * @param accumulator     P and the overflow policy
 * @param choices         one per data width, 2..maxBits in order
 * @param observedEqual   largest b with W b / A b safe on the calibration data (0: none)
 * @param guaranteedEqual largest b with W b / A b guaranteed by the static bound (0: none)
 */
public record BitAllocation(String layer, AccumulatorSpec accumulator, List<Choice> choices, int observedEqual,
                           int guaranteedEqual) {

    /** For one data width, the largest weight widths found (0: no width from 2 up passes). */
    public record Choice(int dataBits, int observedWeightBits, int guaranteedWeightBits) {}

    public BitAllocation {
        choices = List.copyOf(choices);
    }

    /**
     * Allocates widths for one layer from its float values.
     *
     * @param layer       the geometry (its operand types are not used)
     * @param weights     float weights in the layer's stored layout ({@link Layer#weightShape()})
     * @param data        float calibration data in the layer's data layout ({@link Layer#dataShape()})
     * @param accumulator P and the policy
     * @param calibration how the data's scale is chosen at each width
     * @param weightCalibration how each output channel's weight scale is chosen at each width
     * @param maxBits     the widest candidate, 2..16
     */
    public static BitAllocation allocate(Layer layer, double[] weights, double[] data, AccumulatorSpec accumulator,
                                         Calibration calibration, Calibration weightCalibration, int maxBits) {
        if (maxBits < Quantizer.MIN_BITS || maxBits > Quantizer.MAX_BITS) {
            throw new IllegalArgumentException("maxBits must be 2..16, got " + maxBits);
        }
        IntTensor[] w = new IntTensor[maxBits + 1];
        for (int b = Quantizer.MIN_BITS; b <= maxBits; b++) {
            w[b] = new IntTensor(layer.weightShape(), quantizeWeights(layer, weights, Quantizer.signed(b), weightCalibration));
        }
        List<Choice> choices = new ArrayList<>();
        int observedEqual = 0;
        int guaranteedEqual = 0;
        long[] maxL1 = new long[maxBits + 1]; // the largest ||q_w||_1 over output channels, by weight width; -1: not yet
        Arrays.fill(maxL1, -1);
        for (int bx = Quantizer.MIN_BITS; bx <= maxBits; bx++) {
            Quantizer qx = Quantizer.forData(bx, data);
            IntTensor x = new IntTensor(layer.dataShape(), qx.quantize(data, calibration.alpha(data, qx)));
            long largestData = 0;
            for (int v : x.data()) {
                largestData = Math.max(largestData, Math.abs((long) v));
            }
            int observed = 0;
            int guaranteed = 0;
            for (int bw = maxBits; bw >= Quantizer.MIN_BITS; bw--) {
                Lowered lowered = new Lowered(layer, new LayerValues(w[bw], x));
                if (maxL1[bw] < 0) {
                    maxL1[bw] = Arrays.stream(AccumulatorBounds.columnL1Norms(lowered)).max().orElse(0);
                }
                // a width is checked only where an answer still depends on it
                boolean g = AccumulatorBounds.staticBoundHolds(maxL1[bw], qx.operand().maxMagnitude(), accumulator.bits());
                if (guaranteed == 0 || bw == bx) {
                    guaranteed = guaranteed == 0 && g ? bw : guaranteed;
                    guaranteedEqual = bw == bx && g ? bx : guaranteedEqual;
                }
                if (observed == 0 || bw == bx) {
                    // the l1 bound with the data's own largest magnitude holds every partial sum: no scan needed
                    boolean o = AccumulatorBounds.staticBoundHolds(maxL1[bw], largestData, accumulator.bits())
                            || AccumulatorBounds.fits(lowered, accumulator);
                    observed = observed == 0 && o ? bw : observed;
                    observedEqual = bw == bx && o ? bx : observedEqual;
                }
                if (observed != 0 && guaranteed != 0 && bw <= bx) {
                    break;
                }
            }
            choices.add(new Choice(bx, observed, guaranteed));
        }
        return new BitAllocation(layer.name(), accumulator, choices, observedEqual, guaranteedEqual);
    }

    /**
     * Weights quantized with one scale per output channel: axis 0 of the stored tensor for conv and fc, the columns
     * (N) of a gemm's K x N weights.
     */
    public static int[] quantizeWeights(Layer layer, double[] weights, Quantizer q, Calibration calibration) {
        if (layer instanceof Gemm g) {
            return calibration.quantizeWeights(weights, g.groups() * g.k(), g.n(), true, q).codes();
        }
        int channels = layer.weightShape()[0];
        return calibration.quantizeWeights(weights, channels, weights.length / channels, false, q).codes();
    }
}
