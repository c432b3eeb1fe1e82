package dev.qasim.model;

import dev.qasim.input.BadInputException;

/**
 * The sliding window of a 2-D Conv or pooling node over an N x C x H x W input: kernel, strides, symmetric
 * padding (ONNX pads [top, left, bottom, right] with top = bottom and left = right, or auto_pad VALID / SAME_*
 * when that pads evenly) and dilations. Output sizes are floor((H + 2P - D(K - 1) - 1) / S) + 1.
 */
record Window(int batch, int channels, int height, int width, int kernelH, int kernelW, int strideH, int strideW,
              int padH, int padW, int dilationH, int dilationW) {

    static Window of(Graph.Node node, int[] xShape, int kernelH, int kernelW, String source) {
        String where = "graph.node[" + node.index() + "] (" + node.label() + ")";
        if (xShape.length != 4) {
            throw BadInputException.of(source, where, java.util.Arrays.toString(xShape), node.op() + " runs on 4-D inputs (N, C, H, W) only");
        }
        int[] strides = orDefault(node.integers("strides"), 1);
        int[] dilations = orDefault(node.integers("dilations"), 1);
        int[] pads = node.integers("pads");
        String autoPad = node.string("auto_pad", "NOTSET");
        int ph = 0;
        int pw = 0;
        if (node.integer("ceil_mode", 0) != 0) {
            throw BadInputException.of(source, where + ".ceil_mode", "1", "only ceil_mode 0 is supported");
        }
        if (autoPad.equals("SAME_UPPER") || autoPad.equals("SAME_LOWER")) {
            ph = samePad(xShape[2], kernelH, strides[0], dilations[0], source, where);
            pw = samePad(xShape[3], kernelW, strides[1], dilations[1], source, where);
        } else if (!autoPad.equals("VALID") && pads != null) {
            if (pads.length != 4 || pads[0] != pads[2] || pads[1] != pads[3]) {
                throw BadInputException.of(source, where + ".pads", java.util.Arrays.toString(pads),
                        "only symmetric padding is supported (top = bottom, left = right)");
            }
            ph = pads[0];
            pw = pads[1];
        }
        Window w = new Window(xShape[0], xShape[1], xShape[2], xShape[3], kernelH, kernelW, strides[0], strides[1], ph, pw,
                dilations[0], dilations[1]);
        if (w.outHeight() < 1 || w.outWidth() < 1) {
            throw BadInputException.of(source, where, null, "the kernel is larger than the padded input");
        }
        return w;
    }

    private static int[] orDefault(int[] values, int fallback) {
        return values == null || values.length != 2 ? new int[] {fallback, fallback} : values;
    }

    private static int samePad(int in, int k, int s, int d, String source, String where) {
        int out = (in + s - 1) / s;
        int total = Math.max(0, (out - 1) * s + (k - 1) * d + 1 - in);
        if (total % 2 != 0) {
            throw BadInputException.of(source, where + ".auto_pad", null, "SAME padding here would be asymmetric, which is not supported");
        }
        return total / 2;
    }

    int outHeight() {
        return dev.qasim.workload.Conv2d.outSize(height, kernelH, strideH, padH, dilationH);
    }

    int outWidth() {
        return dev.qasim.workload.Conv2d.outSize(width, kernelW, strideW, padW, dilationW);
    }

    /**
     * The flat input indices (within one N, C plane) the window of output (oy, ox) covers inside the input,
     * written to {@code taps}; returns their count (padding positions are left out).
     */
    int taps(int oy, int ox, int[] taps) {
        int n = 0;
        for (int u = 0; u < kernelH; u++) {
            int y = oy * strideH - padH + u * dilationH;
            for (int v = 0; v < kernelW; v++) {
                int x = ox * strideW - padW + v * dilationW;
                if (y >= 0 && y < height && x >= 0 && x < width) {
                    taps[n++] = y * width + x;
                }
            }
        }
        return n;
    }
}
