package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INT;
import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INTS;

import java.util.Arrays;

/**
 * A reduction over axes (ReduceMean, ReduceSum, ReduceMax, ...): the axes an attribute before the version that
 * made them an input (13 for ReduceSum, 18 for the others), all axes when none are given unless
 * noop_with_empty_axes; keepdims keeps the reduced axes as size 1. In double precision; integer tensors keep
 * their type where the reduction is exact (sum, max, min, product). One PPU operation per input element.
 */
abstract class Reduce extends Op {

    /** A reduction's schema: its attributes moved to an input in version {@code axesInput}. */
    static Schema.Builder schema(String type, int axesInput, int... versions) {
        return Schema.op(type).versions(versions).inputs(1, 2).attr("keepdims", INT).attr("axes", INTS, 0, axesInput)
                .attr("noop_with_empty_axes", INT, axesInput, Integer.MAX_VALUE);
    }

    private final long[] axes;
    private final boolean keepDims;
    private final boolean noop;

    Reduce(Parsed p) {
        axes = p.ints("axes");
        keepDims = p.flag("keepdims", true);
        noop = p.flag("noop_with_empty_axes", false);
    }

    /** The start value (0 for a sum, -infinity for a max). */
    abstract double start();

    abstract double combine(double acc, double v);

    /** The result from the accumulated value over {@code n} elements. */
    double finish(double acc, int n) {
        return acc;
    }

    /** Whether integer tensors reduce to integers of their type. */
    boolean exactOnIntegers() {
        return false;
    }

    @Override
    public void run(Exec x) {
        Tensor t = x.in(0);
        int[] s = t.shape();
        int r = s.length;
        long[] a = axes;
        if (x.in(1) != null) {
            a = Arrays.stream(Shapes.ints(x, 1)).asLongStream().toArray();
        }
        boolean[] reduced = new boolean[r];
        if (a == null || a.length == 0) {
            if (noop) {
                x.out(0, t);
                return;
            }
            Arrays.fill(reduced, true);
        } else {
            for (long v : a) {
                reduced[Shapes.axis(x, "axes", v, r)] = true;
            }
        }
        int[] keep = s.clone();
        int count = 1;
        for (int d = 0; d < r; d++) {
            if (reduced[d]) {
                keep[d] = 1;
                count *= s[d];
            }
        }
        int n = Tensor.size(keep);
        double[] acc = new double[n];
        Arrays.fill(acc, start());
        double[] v = t instanceof Tensor.Ints q ? q.asDoubles() : x.real(t).data();
        int[] inStrides = Shapes.strides(s);
        int[] outStrides = Shapes.strides(keep);
        for (int i = 0; i < v.length; i++) {
            int o = 0;
            for (int d = 0; d < r; d++) {
                if (!reduced[d]) {
                    o += (i / inStrides[d]) % s[d] * outStrides[d];
                }
            }
            acc[o] = combine(acc[o], v[i]);
        }
        for (int o = 0; o < n; o++) {
            acc[o] = finish(acc[o], count);
        }
        x.ppu().ops(v.length);
        int[] shape = keepDims ? keep : java.util.stream.IntStream.range(0, r).filter(d -> !reduced[d]).map(d -> s[d]).toArray();
        if (t instanceof Tensor.Ints q && exactOnIntegers()) {
            int[] y = new int[n];
            for (int o = 0; o < n; o++) {
                y[o] = Binary.wrap(x, (long) acc[o], q.type());
            }
            x.out(0, Tensor.Ints.plain(shape, y, q.type()));
        } else {
            x.out(0, new Tensor.Real(shape, acc));
        }
    }
}
