package dev.qasim.model.ops;

/** Identity: the input as it is (addressing only). */
final class Identity extends Op {
    static final Schema SCHEMA = Schema.op("Identity").versions(1, 13, 14, 16, 19, 21).build(p -> new Identity());

    @Override
    public boolean takesIntegers(int i) {
        return true;
    }

    @Override
    public void run(Exec x) {
        x.out(0, x.in(0));
    }
}
