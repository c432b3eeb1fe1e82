package dev.qasim.model.ops;

import java.util.Arrays;

/**
 * Slice with starts, ends, axes and steps as inputs (opset 10 on): negative indices count from the end, bounds
 * are clamped to the dimension (INT64_MAX and INT64_MIN, held as the 32-bit extremes, mean "to the end"),
 * negative steps walk backwards; addressing only, integers kept.
 */
final class Slice extends Op {
    static final Schema SCHEMA = Schema.op("Slice").versions(10, 11, 13).inputs(3, 5).build(p -> new Slice());

    @Override
    public boolean takesIntegers(int i) {
        return i == 0;
    }

    @Override
    public void run(Exec x) {
        Tensor t = x.in(0);
        int[] s = t.shape();
        int r = s.length;
        int[] starts = Shapes.ints(x, 1);
        int[] ends = Shapes.ints(x, 2);
        int[] axes = x.in(3) != null ? Shapes.ints(x, 3) : java.util.stream.IntStream.range(0, starts.length).toArray();
        int[] steps = x.in(4) != null ? Shapes.ints(x, 4) : null;
        if (ends.length != starts.length || axes.length != starts.length || steps != null && steps.length != starts.length) {
            throw x.bad("", Arrays.toString(starts) + ", " + Arrays.toString(ends), "starts, ends, axes and steps must have one value each per "
                    + "sliced axis");
        }
        int[] begin = new int[r];
        int[] step = new int[r];
        int[] shape = s.clone();
        Arrays.fill(step, 1);
        boolean[] seen = new boolean[r];
        for (int k = 0; k < starts.length; k++) {
            int a = Shapes.axis(x, "axes", axes[k], r);
            if (seen[a]) {
                throw x.badInput(3, Arrays.toString(axes), "an axis appears twice");
            }
            seen[a] = true;
            long st = steps == null ? 1 : steps[k];
            if (st == 0) {
                throw x.badInput(4, Arrays.toString(steps), "a step may not be 0");
            }
            long d = s[a];
            long b = starts[k] < 0 ? starts[k] + d : starts[k];
            long e = ends[k] < 0 ? ends[k] + d : ends[k];
            if (st > 0) {
                b = Math.max(0, Math.min(d, b));
                e = Math.max(0, Math.min(d, e));
                shape[a] = (int) Math.max(0, (e - b + st - 1) / st);
            } else {
                b = Math.max(-1, Math.min(d - 1, b));
                e = Math.max(-1, Math.min(d - 1, e));
                shape[a] = (int) Math.max(0, (b - e + (-st) - 1) / (-st));
            }
            begin[a] = (int) b;
            step[a] = (int) st;
        }
        int[] inStrides = Shapes.strides(s);
        int[] outStrides = Shapes.strides(shape);
        x.out(0, Tensor.rearranged(t, shape, i -> {
            int from = 0;
            for (int dd = 0; dd < r; dd++) {
                from += (begin[dd] + (i / outStrides[dd]) % shape[dd] * step[dd]) * inStrides[dd];
            }
            return from;
        }));
    }
}
