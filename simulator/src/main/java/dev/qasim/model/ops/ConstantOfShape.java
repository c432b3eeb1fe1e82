package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.TENSOR;

import java.util.Arrays;

/** ConstantOfShape: a tensor of the given shape filled with value's one element (default float 0). */
final class ConstantOfShape extends Op {
    static final Schema SCHEMA = Schema.op("ConstantOfShape").versions(9, 20, 21).attr("value", TENSOR).build(ConstantOfShape::new);

    private final Tensor value;

    ConstantOfShape(Parsed p) {
        Tensor v = p.has("value") ? p.tensor("value") : new Tensor.Real(new int[] {1}, new double[] {0});
        if (v != null && v.size() != 1) {
            p.problem("value", Arrays.toString(v.shape()), "must hold exactly one value");
        }
        value = v;
    }

    @Override
    public void run(Exec x) {
        int[] shape = Shapes.checked(x, Shapes.ints(x, 0).clone(), "the tensor");
        int n = Tensor.size(shape);
        if (value instanceof Tensor.Ints q) {
            int[] y = new int[n];
            Arrays.fill(y, q.data()[0]);
            x.out(0, Tensor.Ints.plain(shape, y, q.type()));
        } else {
            double[] y = new double[n];
            Arrays.fill(y, ((Tensor.Real) value).data()[0]);
            x.out(0, new Tensor.Real(shape, y));
        }
    }
}
