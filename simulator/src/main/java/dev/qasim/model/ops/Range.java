package dev.qasim.model.ops;

/** Range: start, start + delta, ... below limit (above it for a negative delta); integers or reals as the inputs. */
final class Range extends Op {
    static final Schema SCHEMA = Schema.op("Range").versions(11).inputs(3, 3).build(p -> new Range());

    @Override
    public void run(Exec x) {
        for (int i = 0; i < 3; i++) {
            if (x.in(i).size() != 1) {
                throw x.badInput(i, java.util.Arrays.toString(x.in(i).shape()), "must be a scalar");
            }
        }
        double start = value(x, 0);
        double limit = value(x, 1);
        double delta = value(x, 2);
        if (delta == 0 || !Double.isFinite(start + limit + delta)) {
            throw x.badInput(2, Double.toString(delta), "delta must be a finite number other than 0");
        }
        double count = Math.max(0, Math.ceil((limit - start) / delta));
        if (count > Window.MAX_VALUES) {
            throw x.bad("", Double.toString(count), "the range would hold more values than a tensor holds");
        }
        int n = (int) count;
        if (x.in(0) instanceof Tensor.Ints q) {
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = Binary.wrap(x, (long) start + (long) i * (long) delta, q.type());
            }
            x.out(0, Tensor.Ints.plain(new int[] {n}, y, q.type()));
            return;
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = (float) (start + i * delta);
        }
        x.out(0, new Tensor.Real(new int[] {n}, y));
    }

    private static double value(Exec x, int i) {
        Tensor t = x.in(i);
        return t instanceof Tensor.Ints q ? q.data()[0] : x.real(t).data()[0];
    }
}
