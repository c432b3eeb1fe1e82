package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.STRING;

import java.util.Arrays;
import java.util.List;

/**
 * Pad (pads as an input, opset 11 on; axes as an input from 18): constant (default 0), reflect, edge or (19) wrap
 * modes; negative pads crop. Addressing only: a constant pad of 0 on per-tensor integers pads them with their
 * zero point, so the integers are kept; other pad values drop them.
 */
final class Pad extends Op {
    static final Schema SCHEMA = Schema.op("Pad").versions(11, 13, 18, 19, 21).inputs(2, 4).attr("mode", STRING).build(Pad::new);

    private final String mode;

    Pad(Parsed p) {
        List<String> modes = p.version() >= 19 ? List.of("constant", "reflect", "edge", "wrap") : List.of("constant", "reflect", "edge");
        mode = p.oneOf("mode", "constant", modes);
    }

    @Override
    public boolean takesIntegers(int i) {
        return i == 0;
    }

    @Override
    public void run(Exec x) {
        Tensor t = x.in(0);
        int[] s = t.shape();
        int r = s.length;
        int[] pads = Shapes.ints(x, 1);
        int[] axes = x.in(3) != null ? Shapes.ints(x, 3) : null;
        int n = axes == null ? r : axes.length;
        if (pads.length != 2 * n) {
            throw x.badInput(1, Arrays.toString(pads), "needs " + 2 * n + " values (the beginnings, then the ends, of "
                    + (axes == null ? "every axis" : "the axes given") + ")");
        }
        int[] before = new int[r];
        int[] after = new int[r];
        for (int k = 0; k < n; k++) {
            int a = axes == null ? k : Shapes.axis(x, "axes", axes[k], r);
            before[a] = pads[k];
            after[a] = pads[k + n];
        }
        int[] shape = new int[r];
        for (int d = 0; d < r; d++) {
            shape[d] = s[d] + before[d] + after[d];
            if (shape[d] < 0 || !mode.equals("constant") && shape[d] > 0 && s[d] == 0) {
                throw x.badInput(1, Arrays.toString(pads), "would make axis " + d + " of " + Arrays.toString(s) + " " + shape[d] + " long");
            }
            if (mode.equals("reflect") && (before[d] >= s[d] || after[d] >= s[d]) && (before[d] > 0 || after[d] > 0)) {
                throw x.badInput(1, Arrays.toString(pads), "reflect padding must be shorter than axis " + d + " (" + s[d] + ")");
            }
        }
        Shapes.checked(x, shape, "the padded tensor");
        int[] in = Shapes.strides(s);
        int[] out = Shapes.strides(shape);
        int size = Tensor.size(shape);
        int[] from = new int[size]; // -1: the constant
        for (int i = 0; i < size; i++) {
            int f = 0;
            for (int d = 0; d < r && f >= 0; d++) {
                int c = (i / out[d]) % shape[d] - before[d];
                if (c < 0 || c >= s[d]) {
                    c = switch (mode) {
                        case "edge" -> c < 0 ? 0 : s[d] - 1;
                        case "reflect" -> c < 0 ? -c : 2 * (s[d] - 1) - c;
                        case "wrap" -> Math.floorMod(c, s[d]);
                        default -> -1;
                    };
                }
                f = c < 0 ? -1 : f + c * in[d];
            }
            from[i] = f;
        }
        double value = x.in(2) == null ? 0 : x.in(2) instanceof Tensor.Ints q ? q.data()[0] : x.real(x.in(2)).data()[0];
        x.out(0, padded(x, t, shape, from, value));
    }

    private static Tensor padded(Exec x, Tensor t, int[] shape, int[] from, double value) {
        int n = from.length;
        if (t instanceof Tensor.Ints q) {
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = from[i] < 0 ? (int) value : q.data()[from[i]];
            }
            return Tensor.Ints.plain(shape, y, q.type());
        }
        Tensor.Real r = (Tensor.Real) t;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = from[i] < 0 ? value : r.data()[from[i]];
        }
        Tensor.Ints q = r.source();
        if (q != null && q.perTensor() && value == 0) {
            int[] v = new int[n];
            for (int i = 0; i < n; i++) {
                v[i] = from[i] < 0 ? (int) q.zeroPoint()[0] : q.data()[from[i]];
            }
            return new Tensor.Real(shape, y, new Tensor.Ints(shape, v, q.type(), q.scale(), q.zeroPoint(), 0), r.formed());
        }
        return new Tensor.Real(shape, y);
    }
}
