package dev.qasim.model.ops;

import dev.qasim.workload.Operand;
import java.util.List;

/**
 * Where an integer operator's requantized output goes: a value, its integer type and range, scale and zero point.
 *
 * @param name      the value written
 * @param type      the integers' type
 * @param min       the smallest integer (the type's, or narrower: QONNX's narrow range)
 * @param max       the largest integer
 * @param relu      a Relu was fused: the lower clamp is the zero point
 * @param fused     the nodes the operator absorbed (skipped when their turn comes)
 * @param real      true: the value is a real tensor with these integers as its source (a tensor qasim calibrated,
 *                  a QONNX Quant's output); false: an integer tensor (QuantizeLinear's output)
 */
public record Target(String name, Operand type, long min, long max, double scale, long zeroPoint, boolean relu, List<Node> fused,
                     boolean real) {
    public Target {
        fused = List.copyOf(fused);
    }

    /** The same target reached through {@code more} fused nodes, and a Relu when {@code withRelu}. */
    public Target through(List<Node> more, boolean withRelu) {
        List<Node> all = new java.util.ArrayList<>(more);
        all.addAll(fused);
        return new Target(name, type, min, max, scale, zeroPoint, relu || withRelu, all, real);
    }
}
