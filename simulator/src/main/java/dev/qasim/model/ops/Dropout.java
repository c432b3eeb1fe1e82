package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.FLOAT;
import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INT;

import dev.qasim.workload.Operand;

/**
 * Dropout in inference: the input unchanged, the optional mask all true. A training_mode input that is true is
 * refused (qasim runs inference).
 */
final class Dropout extends Op {
    static final Schema SCHEMA = Schema.op("Dropout").versions(7, 10, 12, 13).inputs(1, 3).outputs(1, 2)
            .attr("ratio", FLOAT, 0, 12).attr("seed", INT, 12, Integer.MAX_VALUE).build(p -> new Dropout());

    @Override
    public boolean takesIntegers(int i) {
        return i == 0;
    }

    @Override
    public void run(Exec x) {
        Tensor training = x.in(2);
        if (training instanceof Tensor.Ints q && q.size() == 1 && q.data()[0] != 0) {
            throw x.badInput(2, "true", "training-mode dropout is not supported (qasim runs inference)");
        }
        Tensor t = x.in(0);
        x.out(0, t);
        if (x.wants(1)) {
            int[] ones = new int[t.size()];
            java.util.Arrays.fill(ones, 1);
            x.out(1, Tensor.Ints.plain(t.shape(), ones, Operand.unsigned(1)));
        }
    }
}
