package dev.qasim.model.ops;

/** QLinearAdd: C = (A_scale (A - A_zero) + B_scale (B - B_zero)) / C_scale + C_zero, in integers (as {@link Add}). */
final class QLinearAdd extends QLinearBinary {
    static final Schema SCHEMA = schema("QLinearAdd").build(p -> new QLinearAdd());

    @Override
    public void run(Exec x) {
        Tensor.Ints a = input(x, 0, 1, 2);
        Tensor.Ints b = input(x, 3, 4, 5);
        Target c = output(x, 6, 7, a.type());
        x.putTarget(c, Shapes.broadcast(x, a.shape(), b.shape(), 0, 3), Add.integerSum(x, a, b, c));
    }
}
