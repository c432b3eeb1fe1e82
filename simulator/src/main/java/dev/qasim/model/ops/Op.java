package dev.qasim.model.ops;

import java.util.function.Function;

/**
 * The kernel of one node: made (and its attributes checked) when the model loads, run by the interpreter with the
 * node's inputs. Kernels hold only what their node's attributes say, never run state, so one graph runs in
 * several threads at once.
 */
public abstract class Op {

    /** Runs the node: reads its inputs from {@code x}, counts its post-processing work, writes its outputs. */
    public abstract void run(Exec x);

    /**
     * Whether the kernel reads input {@code i}'s integers rather than its real values when it has them (so a
     * DequantizeLinear whose readers all take integers never forms real values).
     */
    public boolean takesIntegers(int i) {
        return false;
    }

    /**
     * Where an integer operator before this node may requantize its output straight to, when this node is such a
     * requantization (QuantizeLinear, QONNX Quant) with constant per-tensor parameters; null otherwise.
     *
     * @param self      this kernel's node
     * @param constants the graph's constant tensors by name (null for a value that is not constant)
     */
    public Target target(Node self, Function<String, Tensor> constants) {
        return null;
    }
}
