package dev.qasim.model.ops;

import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INT;
import static dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INTS;

import java.util.Arrays;

/**
 * Split along an axis into the given sizes (an attribute before opset 13, an input since), equal parts, or (opset
 * 18) num_outputs parts of ceil(d / n) with a smaller last one; addressing only, integers kept.
 */
final class Split extends Op {
    static final Schema SCHEMA = Schema.op("Split").versions(2, 11, 13, 18).inputs(1, 2).outputs(1, Integer.MAX_VALUE)
            .attr("axis", INT).attr("split", INTS, 0, 13).attr("num_outputs", INT, 18, Integer.MAX_VALUE).build(Split::new);

    private final long axis;
    private final long[] split;
    private final int numOutputs;

    Split(Parsed p) {
        axis = p.i("axis", 0);
        split = p.ints("split");
        numOutputs = p.has("num_outputs") ? p.intIn("num_outputs", 1, 1, Integer.MAX_VALUE) : 0;
        if (numOutputs > 0 && numOutputs != p.node().outputs().size()) {
            p.problem("num_outputs", Integer.toString(numOutputs), "must equal the node's " + p.node().outputs().size() + " outputs");
        }
    }

    @Override
    public boolean takesIntegers(int i) {
        return i == 0;
    }

    @Override
    public void run(Exec x) {
        Tensor t = x.in(0);
        int[] s = t.shape();
        int a = Shapes.axis(x, "axis", axis, s.length);
        int outs = x.node().outputs().size();
        long[] sizes = split;
        if (x.in(1) != null) {
            sizes = Arrays.stream(Shapes.ints(x, 1)).asLongStream().toArray();
        }
        if (sizes == null) {
            sizes = new long[outs];
            if (numOutputs > 0) {
                long part = (s[a] + outs - 1) / outs;
                for (int i = 0; i < outs; i++) {
                    sizes[i] = Math.max(0, Math.min(part, s[a] - part * i));
                }
            } else {
                if (s[a] % outs != 0) {
                    throw x.badInput(0, Arrays.toString(s), "axis " + a + " (" + s[a] + ") does not split into " + outs + " equal parts");
                }
                Arrays.fill(sizes, s[a] / outs);
            }
        }
        if (sizes.length != outs || Arrays.stream(sizes).anyMatch(v -> v < 0) || Arrays.stream(sizes).sum() != s[a]) {
            throw x.bad(".split", Arrays.toString(sizes), "must be " + outs + " sizes from 0 adding up to axis " + a + " (" + s[a] + ")");
        }
        int inner = Tensor.size(Arrays.copyOfRange(s, a + 1, s.length));
        int start = 0;
        for (int o = 0; o < outs; o++) {
            int[] shape = s.clone();
            shape[a] = (int) sizes[o];
            int len = shape[a];
            int from = start;
            x.out(o, Tensor.rearranged(t, shape, i -> {
                int outer = i / (len * inner);
                int rest = i % (len * inner);
                return (outer * s[a] + from) * inner + rest;
            }));
            start += len;
        }
    }
}
