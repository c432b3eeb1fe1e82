package dev.qasim.workload;

import java.util.Objects;

/**
 * A 2-D convolution with batch, stride, padding, dilation and groups. Output sizes are the true ones,
 * floor((H + 2P - D(Kh - 1) - 1) / S) + 1, or SCALE-Sim's ceil form ({@link OutputSize}), whose extra windows read
 * zeros past the input's far edge. Lowered K order is (kh, kw, c) with c fastest (docs/workload-file.md).
 *
 * @param h the vertical axis: the input's height and the kernel's height, stride, padding and dilation along it
 * @param w the horizontal axis: the input's width and the kernel's width, stride, padding and dilation along it
 */
public record Conv2d(LayerSpec spec, int batch, int channels, int outChannels, Axis h, Axis w, int groups,
                     OutputSize outputSize)
        implements Layer {

    /**
     * One spatial axis of a convolution or pooling window: the input's size along it, and the window's kernel size,
     * stride, padding (on each side) and dilation. Tap t of output position o reads input position
     * {@code o * stride - pad + t * dilation}, which lies in the padding when it is below 0 or from {@code size} on.
     */
    public record Axis(int size, int kernel, int stride, int pad, int dilation) {
        public Axis {
            if (size < 1 || kernel < 1 || stride < 1 || dilation < 1) {
                throw new IllegalArgumentException("sizes, kernels, strides and dilations must be >= 1");
            }
            if (pad < 0) {
                throw new IllegalArgumentException("padding must be >= 0");
            }
        }

        /** The output size along this axis under {@code rule} (below 1 when the kernel does not fit). */
        public int outSize(OutputSize rule) {
            return rule.of(size, kernel, stride, pad, dilation);
        }

        /** The input position tap {@code tap} of output position {@code out} reads (may lie in the padding). */
        public int at(int out, int tap) {
            return out * stride - pad + tap * dilation;
        }

        /** Whether an input position lies inside the input, not in the padding. */
        public boolean inside(int position) {
            return position >= 0 && position < size;
        }

        /**
         * The first index i of [0, count) whose input position {@code start + i * step} ({@code step >= 1}) lies
         * inside the input; with {@link #endInside}, the range of such indices (empty when the first is not below the
         * end): the output positions a kernel tap reads, or the kernel taps an output position reads.
         */
        public int firstInside(int start, int step, int count) {
            return Math.min(count, start >= 0 ? 0 : Math.floorDiv(-start + step - 1, step));
        }

        /** One past the last index i of [0, count) whose input position {@code start + i * step} lies inside the input. */
        public int endInside(int start, int step, int count) {
            return Math.min(count, Math.floorDiv(size - 1 - start, step) + 1);
        }
    }

    /** A convolution with the true output size. */
    public Conv2d(LayerSpec spec, int batch, int channels, int outChannels, Axis h, Axis w, int groups) {
        this(spec, batch, channels, outChannels, h, w, groups, OutputSize.STANDARD);
    }

    public Conv2d {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(h, "h");
        Objects.requireNonNull(w, "w");
        Objects.requireNonNull(outputSize, "outputSize");
        if (batch < 1 || channels < 1 || outChannels < 1 || groups < 1) {
            throw new IllegalArgumentException("conv2d sizes and groups must be >= 1");
        }
        if (channels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("channels " + channels + " and outChannels " + outChannels
                    + " must both be multiples of groups " + groups);
        }
        if (h.outSize(OutputSize.STANDARD) < 1 || w.outSize(OutputSize.STANDARD) < 1) {
            throw new IllegalArgumentException("the kernel is larger than the padded input");
        }
    }

    /** The true output size of one spatial dimension: floor((in + 2P - D(k - 1) - 1) / S) + 1 (may be < 1). */
    public static int outSize(int in, int kernel, int stride, int pad, int dilation) {
        return OutputSize.STANDARD.of(in, kernel, stride, pad, dilation);
    }

    public int outHeight() {
        return h.outSize(outputSize);
    }

    public int outWidth() {
        return w.outSize(outputSize);
    }

    /** The same convolution with output sizes under {@code rule}. */
    public Conv2d withOutputSize(OutputSize rule) {
        return new Conv2d(spec, batch, channels, outChannels, h, w, groups, rule);
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
                outChannels / groups, Math.multiplyExact(h.kernel * w.kernel, groupChannels()));
    }

    @Override
    public int[] weightShape() {
        return new int[] {outChannels, groupChannels(), h.kernel, w.kernel};
    }

    @Override
    public int[] dataShape() {
        return new int[] {batch, channels, h.size, w.size};
    }

    @Override
    public int[] outputShape() {
        return new int[] {batch, outChannels, outHeight(), outWidth()};
    }

    /**
     * The text of the record as it was when each dimension was a component of its own, without {@code outputSize} when
     * it is the true one: the text is hashed into a report's {@code configHash}, which must not change for the layers
     * that existed before the axes or the rule did.
     */
    @Override
    public String toString() {
        return "Conv2d[spec=" + spec + ", batch=" + batch + ", channels=" + channels + ", height=" + h.size + ", width=" + w.size
                + ", outChannels=" + outChannels + ", kernelH=" + h.kernel + ", kernelW=" + w.kernel + ", strideH=" + h.stride
                + ", strideW=" + w.stride + ", padH=" + h.pad + ", padW=" + w.pad + ", dilationH=" + h.dilation + ", dilationW="
                + w.dilation + ", groups=" + groups + (outputSize == OutputSize.STANDARD ? "" : ", outputSize=" + outputSize) + "]";
    }
}
