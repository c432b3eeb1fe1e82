package dev.qasim.model.ops;

/** Where: X where the condition is true, else Y, all three broadcast; one PPU operation per output element. */
final class Where extends Op {
    static final Schema SCHEMA = Schema.op("Where").versions(9, 16).inputs(3, 3).build(p -> new Where());

    @Override
    public void run(Exec x) {
        Tensor c = x.in(0);
        if (!(c instanceof Tensor.Ints cond)) {
            throw x.badInput(0, "real numbers", "the condition must be a bool tensor");
        }
        Tensor a = x.in(1);
        Tensor b = x.in(2);
        int[] shape = Shapes.broadcast(x, Shapes.broadcast(x, c.shape(), a.shape(), 0, 1), b.shape(), 1, 2);
        int n = Tensor.size(shape);
        x.ppu().ops(n);
        if (a instanceof Tensor.Ints qa && b instanceof Tensor.Ints qb) {
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = cond.data()[FloatOps.broadcastIndex(i, shape, c.shape())] != 0 ? qa.data()[FloatOps.broadcastIndex(i, shape, a.shape())]
                        : qb.data()[FloatOps.broadcastIndex(i, shape, b.shape())];
            }
            x.out(0, Tensor.Ints.plain(shape, y, qa.type()));
            return;
        }
        double[] ra = x.real(a).data();
        double[] rb = x.real(b).data();
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = cond.data()[FloatOps.broadcastIndex(i, shape, c.shape())] != 0 ? ra[FloatOps.broadcastIndex(i, shape, a.shape())]
                    : rb[FloatOps.broadcastIndex(i, shape, b.shape())];
        }
        x.out(0, new Tensor.Real(shape, y));
    }
}
