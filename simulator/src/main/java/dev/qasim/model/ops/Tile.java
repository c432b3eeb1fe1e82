package dev.qasim.model.ops;

import java.util.Arrays;

/** Tile: the input repeated along every axis; addressing only, integers kept. */
final class Tile extends Op {
    static final Schema SCHEMA = Schema.op("Tile").versions(6, 13).inputs(2, 2).build(p -> new Tile());

    @Override
    public boolean takesIntegers(int i) {
        return i == 0;
    }

    @Override
    public void run(Exec x) {
        Tensor t = x.in(0);
        int[] s = t.shape();
        int[] repeats = Shapes.ints(x, 1);
        if (repeats.length != s.length || Arrays.stream(repeats).anyMatch(v -> v < 0)) {
            throw x.badInput(1, Arrays.toString(repeats), "needs one repeat count from 0 per axis of " + Arrays.toString(s));
        }
        int[] shape = new int[s.length];
        for (int d = 0; d < s.length; d++) {
            shape[d] = s[d] * repeats[d];
        }
        Shapes.checked(x, shape, "the tiled tensor");
        int[] in = Shapes.strides(s);
        int[] out = Shapes.strides(shape);
        x.out(0, Tensor.rearranged(t, shape, i -> {
            int from = 0;
            for (int d = 0; d < s.length; d++) {
                from += (i / out[d]) % shape[d] % s[d] * in[d];
            }
            return from;
        }));
    }
}
