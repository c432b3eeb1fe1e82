package dev.qasim.model.ops;

/** ArgMin along an axis (see {@link ArgMax}). */
final class ArgMin extends ArgMax {
    static final Schema SCHEMA = schema("ArgMin").build(ArgMin::new);

    ArgMin(Parsed p) {
        super(p, false);
    }
}
