package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.FLOAT;
import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INT;
import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INTS;
import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.STRING;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Resize (opsets 11 to 19) along any axes: nearest (round_prefer_floor, round_prefer_ceil, floor, ceil), linear
 * and cubic (cubic_coeff_a, exclude_outside) interpolation, every coordinate transformation (half_pixel,
 * half_pixel_symmetric, pytorch_half_pixel, align_corners, asymmetric, tf_half_pixel_for_nn, tf_crop_and_resize
 * with its roi and extrapolation_value), scales or sizes (with keep_aspect_ratio_policy and axes, opset 18) and
 * antialiased downscaling (opset 18: the filter widened by 1 / scale). Separable: one axis after the other in
 * double precision. Nearest resizing only moves values (its integers are kept, no PPU work); linear and cubic
 * cost one PPU operation per tap per output element of each resized axis.
 */
final class Resize extends Op {
    static final Schema SCHEMA = Schema.op("Resize").versions(11, 13, 18, 19).inputs(1, 4)
            .attr("coordinate_transformation_mode", STRING).attr("cubic_coeff_a", FLOAT).attr("exclude_outside", INT)
            .attr("extrapolation_value", FLOAT).attr("mode", STRING).attr("nearest_mode", STRING)
            .attr("antialias", INT, 18, Integer.MAX_VALUE).attr("axes", INTS, 18, Integer.MAX_VALUE)
            .attr("keep_aspect_ratio_policy", STRING, 18, Integer.MAX_VALUE).build(Resize::new);

    private final String mode;
    private final String transform;
    private final String nearest;
    private final double cubicA;
    private final boolean excludeOutside;
    private final double extrapolation;
    private final boolean antialias;
    private final long[] axes;
    private final String policy;

    Resize(Parsed p) {
        mode = p.oneOf("mode", "nearest", List.of("nearest", "linear", "cubic"));
        List<String> transforms = new ArrayList<>(List.of("half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric",
                "tf_crop_and_resize"));
        if (p.version() < 13) {
            transforms.add("tf_half_pixel_for_nn");
        }
        if (p.version() >= 19) {
            transforms.add("half_pixel_symmetric");
        }
        transform = p.oneOf("coordinate_transformation_mode", "half_pixel", transforms);
        nearest = p.oneOf("nearest_mode", "round_prefer_floor", List.of("round_prefer_floor", "round_prefer_ceil", "floor", "ceil"));
        cubicA = p.finite("cubic_coeff_a", -0.75);
        excludeOutside = p.flag("exclude_outside", false);
        extrapolation = p.f("extrapolation_value", 0);
        antialias = p.flag("antialias", false);
        axes = p.ints("axes");
        policy = p.oneOf("keep_aspect_ratio_policy", "stretch", List.of("stretch", "not_larger", "not_smaller"));
    }

    @Override
    public boolean takesIntegers(int i) {
        return i == 0 && mode.equals("nearest");
    }

    @Override
    public void run(Exec x) {
        Tensor t = x.in(0);
        int[] s = t.shape();
        int r = s.length;
        int[] which = new int[axes == null ? r : axes.length];
        for (int k = 0; k < which.length; k++) {
            which[k] = axes == null ? k : Shapes.axis(x, "axes", axes[k], r);
        }
        Target target = target(x, s, which);
        Shapes.checked(x, target.shape, "the resized tensor");
        double[] roi = transform.equals("tf_crop_and_resize") ? roi(x, which, r) : null;
        if (mode.equals("nearest") && roi == null) {
            x.out(0, nearest(t, target));
            return;
        }
        int[] shape = target.shape;
        double[] data = t instanceof Tensor.Ints q ? q.asDoubles() : x.real(t).data();
        int[] cur = s.clone();
        long ops = 0;
        for (int d = 0; d < r; d++) {
            if (shape[d] == s[d] && target.scales[d] == 1 && roi == null) {
                continue;
            }
            Taps taps = taps(d, s[d], shape[d], target.scales[d], roi, r);
            int[] next = cur.clone();
            next[d] = shape[d];
            data = apply(data, cur, next, d, taps);
            ops += (long) Tensor.size(next) * taps.width;
            cur = next;
        }
        x.ppu().products(ops); // each tap weighted
        x.out(0, new Tensor.Real(shape, data));
    }

    /** The resized tensor's shape and the scale of every axis (1 for the axes not resized). */
    private record Target(int[] shape, double[] scales) {}

    /** The target of the sizes input (under keep_aspect_ratio_policy) or of the scales input, whichever is given. */
    private Target target(Exec x, int[] s, int[] which) {
        Tensor sizesT = x.in(3);
        Tensor scalesT = x.in(2);
        boolean sizesGiven = sizesT != null && sizesT.size() > 0;
        boolean scalesGiven = scalesT != null && scalesT.size() > 0;
        if (sizesGiven && scalesGiven) {
            throw x.bad("", null, "give scales or sizes, not both");
        }
        double[] scales = new double[s.length];
        Arrays.fill(scales, 1);
        Target target = new Target(s.clone(), scales);
        if (sizesGiven) {
            fromSizes(x, s, which, target);
        } else if (scalesGiven) {
            fromScales(x, scalesT, s, which, target);
        } else {
            throw x.bad("", null, "Resize needs its scales or its sizes");
        }
        return target;
    }

    private void fromSizes(Exec x, int[] s, int[] which, Target target) {
        int[] sizes = Shapes.ints(x, 3);
        if (sizes.length != which.length) {
            throw x.badInput(3, Arrays.toString(sizes), "needs one size per resized axis (" + which.length + ")");
        }
        double common = policy.equals("not_larger") ? Double.POSITIVE_INFINITY : 0;
        for (int k = 0; k < which.length; k++) {
            double f = (double) sizes[k] / s[which[k]];
            common = policy.equals("not_larger") ? Math.min(common, f) : Math.max(common, f);
        }
        for (int k = 0; k < which.length; k++) {
            int a = which[k];
            if (policy.equals("stretch")) {
                target.shape[a] = sizes[k];
                target.scales[a] = (double) sizes[k] / s[a];
            } else {
                target.scales[a] = common;
                target.shape[a] = (int) Math.round(common * s[a]);
            }
        }
    }

    private static void fromScales(Exec x, Tensor scalesT, int[] s, int[] which, Target target) {
        double[] given = x.real(scalesT).data();
        if (given.length != which.length) {
            throw x.badInput(2, Arrays.toString(scalesT.shape()), "needs one scale per resized axis (" + which.length + ")");
        }
        for (int k = 0; k < which.length; k++) {
            if (!(given[k] > 0) || !Double.isFinite(given[k])) {
                throw x.badInput(2, Double.toString(given[k]), "scales must be positive finite numbers");
            }
            target.scales[which[k]] = (float) given[k];
            target.shape[which[k]] = (int) Math.floor(s[which[k]] * (float) given[k]);
        }
    }

    /** tf_crop_and_resize's region of interest over all r axes: starts, then ends (0 and 1 for the axes not resized). */
    private static double[] roi(Exec x, int[] which, int r) {
        Tensor roiT = x.in(1);
        if (roiT == null || roiT.size() != 2 * which.length) {
            throw x.badInput(1, roiT == null ? null : Arrays.toString(roiT.shape()), "tf_crop_and_resize needs a roi of "
                    + 2 * which.length + " values (starts, then ends)");
        }
        double[] given = x.real(roiT).data();
        double[] roi = new double[2 * r];
        for (int d = 0; d < r; d++) {
            roi[d] = 0;
            roi[d + r] = 1;
        }
        for (int k = 0; k < which.length; k++) {
            roi[which[k]] = given[k];
            roi[which[k] + r] = given[k + which.length];
        }
        return roi;
    }

    /** Nearest resizing: every output element is one input element, moved (integers stay integers). */
    private Tensor nearest(Tensor t, Target target) {
        int[] s = t.shape();
        int[] shape = target.shape;
        int r = s.length;
        int[][] index = new int[r][];
        for (int d = 0; d < r; d++) {
            index[d] = new int[shape[d]];
            for (int o = 0; o < shape[d]; o++) {
                index[d][o] = nearestIndex(original(o, s[d], shape[d], target.scales[d], null, d, r), s[d]);
            }
        }
        int[] in = Shapes.strides(s);
        int[] out = Shapes.strides(shape);
        return Tensor.rearranged(t, shape, i -> {
            int from = 0;
            for (int d = 0; d < r; d++) {
                from += index[d][(i / out[d]) % shape[d]] * in[d];
            }
            return from;
        });
    }

    /**
     * The input coordinate of output index o along an axis of length {@code in} resized to {@code out}. As ONNX
     * defines them, the transformations use the resized length scale x in (a real number, not the integer output
     * size) where they divide by it.
     */
    private double original(int o, int in, int out, double scale, double[] roi, int d, int r) {
        double length = scale * in;
        return switch (transform) {
            case "half_pixel" -> (o + 0.5) / scale - 0.5;
            case "half_pixel_symmetric" -> {
                double adjustment = out / length;
                double center = in / 2.0;
                yield center * (1 - adjustment) + (o + 0.5) / scale - 0.5;
            }
            case "pytorch_half_pixel" -> length > 1 ? (o + 0.5) / scale - 0.5 : 0;
            case "align_corners" -> length == 1 ? 0 : o * (in - 1.0) / (length - 1.0);
            case "asymmetric" -> o / scale;
            case "tf_half_pixel_for_nn" -> (o + 0.5) / scale;
            default -> length > 1 ? roi[d] * (in - 1) + o * (roi[d + r] - roi[d]) * (in - 1) / (length - 1)
                    : 0.5 * (roi[d] + roi[d + r]) * (in - 1);
        };
    }

    private int nearestIndex(double v, int in) {
        int i = switch (nearest) {
            case "round_prefer_ceil" -> (int) Math.floor(v + 0.5);
            case "floor" -> (int) Math.floor(v);
            case "ceil" -> (int) Math.ceil(v);
            default -> v == Math.floor(v) + 0.5 ? (int) Math.floor(v) : (int) Math.round(v);
        };
        return Math.max(0, Math.min(in - 1, i));
    }

    /** The interpolation taps of one axis: for each output index, {@code width} input indices and weights (index -1: extrapolated). */
    private record Taps(int width, int[] index, double[] weight, boolean[] outside) {}

    private Taps taps(int d, int in, int out, double scale, double[] roi, int r) {
        boolean widened = antialias && scale < 1 && !mode.equals("nearest");
        double support = mode.equals("cubic") ? 2 : 1;
        int start = mode.equals("nearest") ? 0 : widened ? (int) Math.floor(-support / scale) + 1 : 1 - (int) support;
        int end = mode.equals("nearest") ? 1 : widened ? 1 - start + 1 : (int) support + 1;
        int width = end - start;
        int[] index = new int[out * width];
        double[] weight = new double[out * width];
        boolean[] outside = new boolean[out];
        for (int o = 0; o < out; o++) {
            double v = original(o, in, out, scale, roi, d, r);
            if (transform.equals("tf_crop_and_resize") && (v < 0 || v > in - 1)) {
                outside[o] = true;
                continue;
            }
            if (mode.equals("nearest")) {
                index[o] = nearestIndex(v, in);
                weight[o] = 1;
                continue;
            }
            int base = (int) Math.floor(v);
            double ratio = v - base;
            double total = 0;
            for (int k = 0; k < width; k++) {
                int i = base + start + k;
                double dist = Math.abs(ratio - (start + k)) * (widened ? scale : 1);
                double w = mode.equals("linear") ? Math.max(0, 1 - dist) : cubic(dist);
                if (excludeOutside && (i < 0 || i >= in)) {
                    w = 0;
                }
                index[o * width + k] = Math.max(0, Math.min(in - 1, i));
                weight[o * width + k] = w;
                total += w;
            }
            if (widened || excludeOutside) {
                for (int k = 0; k < width; k++) {
                    weight[o * width + k] /= total;
                }
            }
        }
        return new Taps(width, index, weight, outside);
    }

    /** Keys' cubic convolution kernel with coefficient a. */
    private double cubic(double t) {
        double a = cubicA;
        if (t <= 1) {
            return ((a + 2) * t - (a + 3)) * t * t + 1;
        }
        if (t < 2) {
            return ((a * t - 5 * a) * t + 8 * a) * t - 4 * a;
        }
        return 0;
    }

    private double[] apply(double[] data, int[] cur, int[] next, int d, Taps taps) {
        int outer = Tensor.size(Arrays.copyOf(cur, d));
        int inner = Tensor.size(Arrays.copyOfRange(cur, d + 1, cur.length));
        int in = cur[d];
        int out = next[d];
        double[] y = new double[Tensor.size(next)];
        for (int a = 0; a < outer; a++) {
            for (int o = 0; o < out; o++) {
                for (int b = 0; b < inner; b++) {
                    double v = 0;
                    if (taps.outside[o]) {
                        v = extrapolation;
                    } else {
                        for (int k = 0; k < taps.width; k++) {
                            v += taps.weight[o * taps.width + k] * data[(a * in + taps.index[o * taps.width + k]) * inner + b];
                        }
                    }
                    y[(a * out + o) * inner + b] = v;
                }
            }
        }
        return y;
    }
}
