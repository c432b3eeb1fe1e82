package dev.qasim.model.ops;

/** GlobalAveragePool: the mean of each (N, C) plane, see {@link Pool}. */
final class GlobalAveragePool extends Pool {
    static final Schema SCHEMA = Schema.op("GlobalAveragePool").build(GlobalAveragePool::new);

    GlobalAveragePool(Parsed p) {
        super(p, false);
    }
}
