package dev.qasim.model.ops;

import dev.qasim.input.BadInputException;
import dev.qasim.input.Problems;
import dev.qasim.workload.Conv2d;
import dev.qasim.workload.OutputSize;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The sliding window of a 2-D Conv or pooling node over an N x C x H x W input: kernel, strides, symmetric
 * padding (ONNX pads [top, left, bottom, right] with top = bottom and left = right, or auto_pad VALID / SAME_*
 * when that pads evenly) and dilations. Output sizes are floor((H + 2P - D(K - 1) - 1) / S) + 1.
 *
 * <p>Every attribute is range-checked before it is used ({@link #attributes}): a malformed node is bad input
 * naming the node, the attribute, its value and what is allowed, never a division by zero or a truncated value.
 *
 * @param h the input's height and the window along it (kernel height, stride, padding, dilation)
 * @param w the input's width and the window along it
 */
record Window(int batch, int channels, Conv2d.Axis h, Conv2d.Axis w) {

    /** Tensors may hold at most this many values (the limit of a Java array). */
    static final long MAX_VALUES = Integer.MAX_VALUE - 8;

    /** The largest kernel size, stride, dilation, pad or group qasim takes (as in workload files, 2^24). */
    static final int MAX_SIZE = 1 << 24;

    /** The auto_pad values ONNX defines; SAME_* runs only where it pads both sides equally. */
    static final List<String> AUTO_PADS = List.of("NOTSET", "VALID", "SAME_UPPER", "SAME_LOWER");

    /** The operators whose window attributes {@link #attributes} checks. */
    static final Set<String> WINDOWED = Set.of("Conv", "ConvInteger", "QLinearConv", "MaxPool", "AveragePool");

    private static final String AUTO_PAD_RULE = "must be NOTSET, VALID, SAME_UPPER or SAME_LOWER (SAME_* only where it pads "
            + "both sides equally)";

    /**
     * A node's window attributes, each within range (a value out of range is reported and replaced by its default).
     *
     * @param kernelShape the kernel_shape attribute, or null when absent
     * @param pads        [top, left, bottom, right], or null when absent
     * @param group       1 for pooling
     */
    record Attributes(int[] kernelShape, int[] strides, int[] dilations, int[] pads, String autoPad, int group) {}

    private static boolean isConv(String op) {
        return op.equals("Conv") || op.equals("ConvInteger") || op.equals("QLinearConv");
    }

    private static String where(Node node) {
        return node.where();
    }

    /**
     * Reads and checks a Conv's or pooling node's attributes, adding every problem found to {@code problems}:
     * kernel_shape (required for pooling), strides and dilations (2 integers, 1..{@link #MAX_SIZE}), pads
     * (4 integers, 0..{@link #MAX_SIZE}, symmetric), auto_pad (one of {@link #AUTO_PADS}), group (Conv only,
     * 1..{@link #MAX_SIZE}), ceil_mode (0 only).
     */
    static Attributes attributes(Node node, String source, Problems problems) {
        String where = where(node);
        // a 1-D or 3-D convolution or pooling (PyTorch's Conv1d exports kernel_shape [k]): one line saying so, not
        // one per attribute
        int spatial = spatialDims(node);
        if (spatial != 0 && spatial != 2) {
            problems.add(source, where + ".kernel_shape", Arrays.toString(node.longs("kernel_shape")), "a " + spatial + "-D "
                    + (isConv(node.op()) ? "convolution" : "pooling") + "; qasim runs 2-D ones only");
            return new Attributes(null, new int[] {1, 1}, new int[] {1, 1}, null, "NOTSET", 1);
        }
        int[] kernel = list(node, "kernel_shape", 2, 1, null, source, problems);
        if (!isConv(node.op()) && node.longs("kernel_shape") == null) {
            problems.add(source, where + ".kernel_shape", null, node.op() + " needs a 2-D kernel_shape");
        }
        int[] strides = list(node, "strides", 2, 1, new int[] {1, 1}, source, problems);
        int[] dilations = list(node, "dilations", 2, 1, new int[] {1, 1}, source, problems);
        int[] pads = list(node, "pads", 4, 0, null, source, problems);
        String autoPad = node.string("auto_pad", "NOTSET");
        if (!AUTO_PADS.contains(autoPad)) {
            problems.add(source, where + ".auto_pad", autoPad, AUTO_PAD_RULE);
            autoPad = "NOTSET";
        }
        if (pads != null && autoPad.equals("NOTSET") && (pads[0] != pads[2] || pads[1] != pads[3])) {
            problems.add(source, where + ".pads", Arrays.toString(pads), "only symmetric padding is supported (top = bottom, left = right)");
        }
        int group = 1;
        if (isConv(node.op())) {
            long g = node.integer("group", 1);
            if (g < 1 || g > MAX_SIZE) {
                problems.add(source, where + ".group", Long.toString(g), "must be an integer from 1 to " + MAX_SIZE);
            } else {
                group = (int) g;
            }
        }
        long ceil = node.integer("ceil_mode", 0);
        if (ceil != 0) {
            problems.add(source, where + ".ceil_mode", Long.toString(ceil), "only ceil_mode 0 is supported");
        }
        return new Attributes(kernel, strides, dilations, pads, autoPad, group);
    }

    /** The spatial dimensions of the node's kernel_shape (what exporters always write), or 0 without one. */
    private static int spatialDims(Node node) {
        long[] kernel = node.longs("kernel_shape");
        return kernel == null ? 0 : kernel.length;
    }

    /** An integer list attribute of {@code count} values from {@code min} to {@link #MAX_SIZE}; {@code fallback} when absent or wrong. */
    private static int[] list(Node node, String key, int count, int min, int[] fallback, String source, Problems problems) {
        long[] v = node.longs(key);
        if (v == null) {
            return fallback;
        }
        boolean ok = v.length == count;
        for (long x : v) {
            ok &= x >= min && x <= MAX_SIZE;
        }
        if (!ok) {
            String what = count == 4 ? "4 integers (top, left, bottom, right)" : count + " integers";
            problems.add(source, where(node) + "." + key, Arrays.toString(v), "must be " + what + " from " + min + " to " + MAX_SIZE);
            return fallback;
        }
        return Arrays.stream(v).mapToInt(x -> (int) x).toArray();
    }

    private static Attributes checked(Node node, String source) {
        Problems problems = new Problems();
        Attributes a = attributes(node, source, problems);
        problems.throwIfAny();
        return a;
    }

    /**
     * The window of a Conv, ConvInteger or QLinearConv node: a 4-D input and 4-D weights (Cout, C / group, Kh,
     * Kw) whose input channels times group equal the input's channels, a group dividing both channel counts, and
     * a kernel_shape, when given, equal to the weights' kernel.
     *
     * @param weightInput the index of the node's weight input (3 for QLinearConv, else 1)
     * @throws BadInputException naming the node, the attribute or tensor, its value and what is allowed
     */
    static Window conv(Node node, int[] xShape, int[] wShape, int weightInput, String source) {
        Attributes a = checked(node, source);
        String where = where(node);
        String xPath = where + ".input[0] (" + node.input(0) + ")";
        String wPath = where + ".input[" + weightInput + "] (" + node.input(weightInput) + ")";
        Problems problems = new Problems();
        if (xShape.length != 4) {
            problems.add(source, xPath, Arrays.toString(xShape), "qasim runs 2-D convolutions only: the input must be 4-D (N, C, H, W)");
        }
        if (wShape.length != 4) {
            problems.add(source, wPath, Arrays.toString(wShape), "qasim runs 2-D convolutions only: the weights must be 4-D "
                    + "(output channels, input channels / group, kernel height, kernel width)");
        } else if (Arrays.stream(wShape).anyMatch(d -> d < 1)) {
            problems.add(source, wPath, Arrays.toString(wShape), "every dimension of the weights must be at least 1");
        }
        problems.throwIfAny();
        int channels = xShape[1];
        int outChannels = wShape[0];
        int g = a.group();
        if (channels % g != 0 || outChannels % g != 0) {
            throw BadInputException.of(source, where + ".group", Integer.toString(g), "must divide the input's channels ("
                    + channels + ") and the weight's output channels (" + outChannels + ")");
        }
        if ((long) wShape[1] * g != channels) {
            throw BadInputException.of(source, wPath, Arrays.toString(wShape), "the weight's input channels (" + wShape[1]
                    + ") times group (" + g + ") must equal the input's channels (" + channels + ", input " + node.input(0) + " "
                    + Arrays.toString(xShape) + ")");
        }
        int[] kernel = a.kernelShape();
        if (kernel != null && (kernel[0] != wShape[2] || kernel[1] != wShape[3])) {
            throw BadInputException.of(source, where + ".kernel_shape", Arrays.toString(kernel), "must equal the weight's kernel ["
                    + wShape[2] + ", " + wShape[3] + "] (weight " + node.input(weightInput) + " " + Arrays.toString(wShape) + ")");
        }
        return of(node, a, xShape, wShape[2], wShape[3], outChannels, source);
    }

    /**
     * The window of a MaxPool or AveragePool node (its kernel_shape), or of a GlobalAveragePool (the whole plane).
     *
     * @throws BadInputException naming the node, the attribute or input, its value and what is allowed
     */
    static Window pool(Node node, int[] xShape, String source) {
        if (node.op().startsWith("Global")) {
            return global(node, xShape, source);
        }
        Attributes a = checked(node, source);
        return of(node, a, xShape, a.kernelShape()[0], a.kernelShape()[1], xShape[1], source);
    }

    /** The window of a global pooling: the whole plane of a 4-D input. */
    static Window global(Node node, int[] xShape, String source) {
        requireImage(node, xShape, source);
        return new Window(xShape[0], xShape[1], new Conv2d.Axis(xShape[2], xShape[2], 1, 0, 1),
                new Conv2d.Axis(xShape[3], xShape[3], 1, 0, 1));
    }

    private static void requireImage(Node node, int[] xShape, String source) {
        String xPath = where(node) + ".input[0] (" + node.input(0) + ")";
        if (xShape.length != 4) {
            throw BadInputException.of(source, xPath, Arrays.toString(xShape), node.op() + " runs on 4-D inputs (N, C, H, W) only");
        }
        if (Arrays.stream(xShape).anyMatch(d -> d < 1)) {
            throw BadInputException.of(source, xPath, Arrays.toString(xShape), "every dimension of the input must be at least 1");
        }
    }

    private static Window of(Node node, Attributes a, int[] xShape, int kernelH, int kernelW, int outChannels, String source) {
        requireImage(node, xShape, source);
        String where = where(node);
        int[] s = a.strides();
        int[] d = a.dilations();
        long ph = 0;
        long pw = 0;
        if (a.autoPad().startsWith("SAME_")) {
            ph = samePad(xShape[2], kernelH, s[0], d[0], a.autoPad(), source, where);
            pw = samePad(xShape[3], kernelW, s[1], d[1], a.autoPad(), source, where);
        } else if (a.autoPad().equals("NOTSET") && a.pads() != null) {
            ph = a.pads()[0];
            pw = a.pads()[1];
        }
        // in long: a dilated kernel (up to 2^48) and a padded input (up to 2^31 + 2^25) overflow an int
        long spanH = (long) d[0] * (kernelH - 1) + 1;
        long spanW = (long) d[1] * (kernelW - 1) + 1;
        long paddedH = xShape[2] + 2 * ph;
        long paddedW = xShape[3] + 2 * pw;
        if (spanH > paddedH || spanW > paddedW) {
            throw BadInputException.of(source, where, node.op(), "the kernel (" + kernelH + " x " + kernelW + ", dilations " + d[0] + " x "
                    + d[1] + ": spans " + spanH + " x " + spanW + ") is larger than the padded input (" + xShape[2] + " x " + xShape[3]
                    + " padded by " + ph + " x " + pw + " on each side)");
        }
        long outH = (paddedH - spanH) / s[0] + 1;
        long outW = (paddedW - spanW) / s[1] + 1;
        long values;
        try {
            values = Math.multiplyExact(Math.multiplyExact(Math.multiplyExact((long) xShape[0], outChannels), outH), outW);
        } catch (ArithmeticException e) {
            values = Long.MAX_VALUE; // beyond 64 bits: certainly more than a tensor holds
        }
        if (paddedH > Integer.MAX_VALUE || paddedW > Integer.MAX_VALUE || values > MAX_VALUES) {
            throw BadInputException.of(source, where, node.op(), "its output would be " + xShape[0] + " x " + outChannels + " x " + outH
                    + " x " + outW + " values, more than a tensor holds (" + MAX_VALUES + "): check pads and the input's size");
        }
        return new Window(xShape[0], xShape[1], new Conv2d.Axis(xShape[2], kernelH, s[0], (int) ph, d[0]),
                new Conv2d.Axis(xShape[3], kernelW, s[1], (int) pw, d[1]));
    }

    private static long samePad(int in, int k, int s, int d, String autoPad, String source, String where) {
        long out = ((long) in + s - 1) / s;
        long total = Math.max(0, (out - 1) * s + (long) (k - 1) * d + 1 - in);
        if (total % 2 != 0) {
            throw BadInputException.of(source, where + ".auto_pad", autoPad, "SAME padding here would be asymmetric, which is not supported");
        }
        return total / 2;
    }

    int outHeight() {
        return h.outSize(OutputSize.STANDARD);
    }

    int outWidth() {
        return w.outSize(OutputSize.STANDARD);
    }

    /** The input's height times width: the values of one N, C plane. */
    int plane() {
        return h.size() * w.size();
    }

    /** The kernel's positions, Kh x Kw. */
    int kernelSize() {
        return h.kernel() * w.kernel();
    }

    /**
     * The flat input indices (within one N, C plane) the window of output (oy, ox) covers inside the input,
     * written to {@code taps}; returns their count (padding positions are left out).
     */
    int taps(int oy, int ox, int[] taps) {
        return taps(oy, ox, taps, null);
    }

    /**
     * The same, with the kernel position (u Kw + v) each of them meets written to {@code kernel} when it is not null.
     */
    int taps(int oy, int ox, int[] taps, int[] kernel) {
        int n = 0;
        for (int u = 0; u < h.kernel(); u++) {
            int y = h.at(oy, u);
            for (int v = 0; v < w.kernel(); v++) {
                int x = w.at(ox, v);
                if (h.inside(y) && w.inside(x)) {
                    if (kernel != null) {
                        kernel[n] = u * w.kernel() + v;
                    }
                    taps[n++] = y * w.size() + x;
                }
            }
        }
        return n;
    }
}
