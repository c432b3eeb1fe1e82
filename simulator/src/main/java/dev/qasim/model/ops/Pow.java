package dev.qasim.model.ops;

/**
 * Pow with broadcasting: a^b. A real base gives reals; an integer base gives integers of its type (an integer
 * exponent exactly, a real one through the real power truncated, as ONNX's reference). One PPU operation per
 * output element.
 */
final class Pow extends Op {
    static final Schema SCHEMA = Schema.op("Pow").versions(7, 12, 13, 15).inputs(2, 2).build(p -> new Pow());

    @Override
    public void run(Exec x) {
        Tensor a = x.in(0);
        Tensor b = x.in(1);
        int[] shape = Shapes.broadcast(x, a.shape(), b.shape(), 0, 1);
        int n = Tensor.size(shape);
        x.ppu().products(n);
        double[] rb = b instanceof Tensor.Ints qb ? qb.asDoubles() : x.real(b).data();
        if (a instanceof Tensor.Ints qa) {
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                double e = rb[FloatOps.broadcastIndex(i, shape, b.shape())];
                long base = qa.data()[FloatOps.broadcastIndex(i, shape, a.shape())];
                long v = b instanceof Tensor.Ints ? power(x, base, (long) e) : (long) Math.pow(base, e);
                y[i] = Binary.wrap(x, v, qa.type());
            }
            x.out(0, Tensor.Ints.plain(shape, y, qa.type()));
            return;
        }
        double[] ra = x.real(a).data();
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double e = rb[FloatOps.broadcastIndex(i, shape, b.shape())];
            double v = ra[FloatOps.broadcastIndex(i, shape, a.shape())];
            y[i] = e == 2 ? v * v : Math.pow(v, e);
        }
        x.out(0, new Tensor.Real(shape, y));
    }

    private static long power(Exec x, long base, long exp) {
        if (exp < 0) {
            return base == 1 ? 1 : base == -1 ? (exp % 2 == 0 ? 1 : -1) : 0;
        }
        long r = 1;
        for (long k = 0; k < exp; k++) {
            r *= base;
            if (Math.abs(r) > (1L << 40)) {
                throw x.bad("", base + "^" + exp, "an integer power beyond 32 bits");
            }
        }
        return r;
    }
}
