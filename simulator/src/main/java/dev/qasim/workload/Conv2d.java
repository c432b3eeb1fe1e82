package dev.qasim.workload;

import java.util.Objects;

/**
 * A 2-D convolution with batch, stride, padding, dilation and groups. Output sizes are the true ones,
 * floor((H + 2P - D(Kh - 1) - 1) / S) + 1, or SCALE-Sim's ceil form ({@link OutputSize}), whose extra windows read
 * zeros past the input's far edge. Lowered K order is (kh, kw, c) with c fastest (docs/workload-file.md).
 */
public record Conv2d(LayerSpec spec, int batch, int channels, int height, int width, int outChannels, int kernelH,
                     int kernelW, int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups,
                     OutputSize outputSize)
        implements Layer {

    /** A convolution with the true output size. */
    public Conv2d(LayerSpec spec, int batch, int channels, int height, int width, int outChannels, int kernelH,
                  int kernelW, int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups) {
        this(spec, batch, channels, height, width, outChannels, kernelH, kernelW, strideH, strideW, padH, padW, dilationH,
                dilationW, groups, OutputSize.STANDARD);
    }

    public Conv2d {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(outputSize, "outputSize");
        positive(batch, channels, height, width, outChannels, kernelH, kernelW, strideH, strideW, dilationH, dilationW, groups);
        if (padH < 0 || padW < 0) {
            throw new IllegalArgumentException("padding must be >= 0");
        }
        if (channels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("channels " + channels + " and outChannels " + outChannels
                    + " must both be multiples of groups " + groups);
        }
        if (outSize(height, kernelH, strideH, padH, dilationH) < 1 || outSize(width, kernelW, strideW, padW, dilationW) < 1) {
            throw new IllegalArgumentException("the kernel is larger than the padded input");
        }
    }

    /** The true output size of one spatial dimension: floor((in + 2P - D(k - 1) - 1) / S) + 1 (may be < 1). */
    public static int outSize(int in, int kernel, int stride, int pad, int dilation) {
        return OutputSize.STANDARD.of(in, kernel, stride, pad, dilation);
    }

    public int outHeight() {
        return outputSize.of(height, kernelH, strideH, padH, dilationH);
    }

    public int outWidth() {
        return outputSize.of(width, kernelW, strideW, padW, dilationW);
    }

    /** The same convolution with output sizes under {@code rule}. */
    public Conv2d withOutputSize(OutputSize rule) {
        return new Conv2d(spec, batch, channels, height, width, outChannels, kernelH, kernelW, strideH, strideW, padH, padW,
                dilationH, dilationW, groups, rule);
    }

    /** Input channels per group. */
    public int groupChannels() {
        return channels / groups;
    }

    /** Whether this is a depthwise convolution (one input channel per group). */
    public boolean depthwise() {
        return groups > 1 && groupChannels() == 1;
    }

    @Override
    public String type() {
        return "conv2d";
    }

    @Override
    public MatrixForm matrixForm() {
        return new MatrixForm(groups, Math.multiplyExact(batch, Math.multiplyExact(outHeight(), outWidth())),
                outChannels / groups, Math.multiplyExact(kernelH * kernelW, groupChannels()));
    }

    @Override
    public int[] weightShape() {
        return new int[] {outChannels, groupChannels(), kernelH, kernelW};
    }

    @Override
    public int[] dataShape() {
        return new int[] {batch, channels, height, width};
    }

    @Override
    public int[] outputShape() {
        return new int[] {batch, outChannels, outHeight(), outWidth()};
    }

    /**
     * The record's usual text, without {@code outputSize} when it is the true one: the text is hashed into a report's
     * {@code configHash}, which must not change for the layers that existed before the rule did.
     */
    @Override
    public String toString() {
        return "Conv2d[spec=" + spec + ", batch=" + batch + ", channels=" + channels + ", height=" + height + ", width=" + width
                + ", outChannels=" + outChannels + ", kernelH=" + kernelH + ", kernelW=" + kernelW + ", strideH=" + strideH
                + ", strideW=" + strideW + ", padH=" + padH + ", padW=" + padW + ", dilationH=" + dilationH + ", dilationW="
                + dilationW + ", groups=" + groups + (outputSize == OutputSize.STANDARD ? "" : ", outputSize=" + outputSize) + "]";
    }

    private static void positive(int... values) {
        for (int v : values) {
            if (v < 1) {
                throw new IllegalArgumentException("conv2d sizes, strides, dilations and groups must be >= 1");
            }
        }
    }
}
