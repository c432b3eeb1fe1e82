package dev.qasim.model.ops;

/**
 * An elementwise reduction of one or more inputs with broadcasting (Max, Min, Sum, Mean): the inputs combined
 * left to right, reals in double precision, integer tensors exactly. One PPU operation per output element and
 * input after the first.
 */
abstract class Variadic extends Op {

    abstract double combine(double a, double b);

    /** The final value from the combination of {@code n} inputs (Mean divides). */
    double finish(double v, int n) {
        return v;
    }

    @Override
    public void run(Exec x) {
        int count = x.node().inputs().size();
        int[] shape = x.in(0).shape();
        boolean ints = true;
        for (int i = 0; i < count; i++) {
            if (x.in(i) == null) {
                throw x.badInput(i, null, "every input must be given");
            }
            shape = Shapes.broadcast(x, shape, x.in(i).shape(), 0, i);
            ints &= x.in(i) instanceof Tensor.Ints;
        }
        int n = Tensor.size(shape);
        double[] acc = new double[n];
        for (int i = 0; i < count; i++) {
            Tensor t = x.in(i);
            double[] v = t instanceof Tensor.Ints q ? q.asDoubles() : x.real(t).data();
            for (int k = 0; k < n; k++) {
                double e = v[FloatOps.broadcastIndex(k, shape, t.shape())];
                acc[k] = i == 0 ? e : combine(acc[k], e);
            }
        }
        x.ppu().ops((long) n * Math.max(1, count - 1));
        if (ints) {
            Tensor.Ints first = (Tensor.Ints) x.in(0);
            int[] y = new int[n];
            for (int k = 0; k < n; k++) {
                y[k] = Binary.wrap(x, (long) finish(acc[k], count), first.type());
            }
            x.out(0, Tensor.Ints.plain(shape, y, first.type()));
            return;
        }
        for (int k = 0; k < n; k++) {
            acc[k] = finish(acc[k], count);
        }
        x.out(0, new Tensor.Real(shape, acc));
    }
}
