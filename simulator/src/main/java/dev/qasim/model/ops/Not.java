package dev.qasim.model.ops;

import dev.qasim.workload.Operand;

/** Not of a bool tensor. */
final class Not extends Op {
    static final Schema SCHEMA = Schema.op("Not").build(p -> new Not());

    @Override
    public void run(Exec x) {
        if (!(x.in(0) instanceof Tensor.Ints q)) {
            throw x.badInput(0, "real numbers", "must be a bool tensor");
        }
        int[] y = new int[q.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = q.data()[i] == 0 ? 1 : 0;
        }
        x.ppu().ops(y.length);
        x.out(0, Tensor.Ints.plain(q.shape(), y, Operand.unsigned(1)));
    }
}
