package dev.qasim.model.ops;

/** Size: the input's number of values as an int64 scalar (see {@link Shape}). */
final class Size extends Shape {
    static final Schema SCHEMA = Schema.op("Size").versions(1, 13, 19, 21).build(Size::new);

    Size(Parsed p) {
        super(p, true);
    }
}
