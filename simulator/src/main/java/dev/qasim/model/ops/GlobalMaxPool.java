package dev.qasim.model.ops;

/** GlobalMaxPool: the maximum of each (N, C) plane, see {@link Pool}. */
final class GlobalMaxPool extends Pool {
    static final Schema SCHEMA = Schema.op("GlobalMaxPool").build(GlobalMaxPool::new);

    GlobalMaxPool(Parsed p) {
        super(p, true);
    }
}
