package dev.qasim.model.ops;

/** Expand: the input broadcast to a shape (NumPy's rules, either side may be 1); addressing only, integers kept. */
final class Expand extends Op {
    static final Schema SCHEMA = Schema.op("Expand").versions(8, 13).inputs(2, 2).build(p -> new Expand());

    @Override
    public boolean takesIntegers(int i) {
        return i == 0;
    }

    @Override
    public void run(Exec x) {
        Tensor t = x.in(0);
        int[] shape = Shapes.checked(x, Shapes.broadcast(x, t.shape(), Shapes.ints(x, 1), 0, 1), "the expanded tensor");
        int[] from = t.shape();
        x.out(0, Tensor.rearranged(t, shape, i -> FloatOps.broadcastIndex(i, shape, from)));
    }
}
