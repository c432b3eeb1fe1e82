package dev.qasim.model.ops;

import dev.qasim.input.BadInputException;
import dev.qasim.workload.Layer;
import dev.qasim.workload.LayerValues;

/**
 * What a kernel sees while its node runs: the node's inputs and outputs, the post-processing unit that counts
 * its work, the array that multiplies integer layers, and the integer types a float model was quantized to.
 * Implemented by the interpreter; one per model run.
 */
public interface Exec {

    /** Multiplies one layer on the array; outputs in the output tensor's order. */
    @FunctionalInterface
    interface Array {
        long[] run(Layer layer, LayerValues values);
    }

    Node node();

    /** The model file, for messages. */
    String source();

    /** Input i, or null when the node omits it (an empty name or fewer inputs). */
    Tensor in(int i);

    /** The element type the graph declares for input i's value (initializers, inputs, value_info), or null. */
    ElementType elementType(int i);

    /** Whether input i is a constant (an initializer, or folded into one at load). */
    boolean constant(int i);

    /** Writes output i (ignored when the node does not name that output). */
    void out(int i, Tensor t);

    /** Whether the node names output i (so something may read it). */
    boolean wants(int i);

    /** The post-processing unit, counting this node's work. */
    Ppu ppu();

    /**
     * A tensor's real values: a real tensor whose values the post-processing unit has not formed yet is
     * dequantized from its integers (one operation per element, once per value); integers are converted.
     */
    Tensor.Real real(Tensor t);

    /** A problem with this node: {@code suffix} follows the node's path ({@code .axis}, {@code .input[1] (w)}, or empty). */
    BadInputException bad(String suffix, String value, String rule);

    /** A problem with input i: names the input and its value name. */
    default BadInputException badInput(int i, String value, String rule) {
        return bad(".input[" + i + "] (" + node().input(i) + ")", value, rule);
    }

    // ---- integer work on the array -------------------------------------------------------------------------

    /** The array the model runs on. */
    Array array();

    /** A unique layer name made from the node's label (a second layer of the same label gets _2, _3, ...). */
    String layerName(String label);

    /**
     * The integers an array operator multiplies for data input i: its source, or, in a float model quantized by
     * qasim, the input quantized now by its calibrated scale (one operation per element); null when the input
     * has no integers (it then runs in float).
     */
    Tensor.Ints dataInts(int i);

    /**
     * Where this node's integer output can go without becoming real: through an optional Relu into a single
     * requantization (QuantizeLinear, QONNX Quant) with constant per-tensor parameters, or to a tensor qasim
     * calibrated; null when it must become real.
     */
    Target fusedTarget();

    /** Writes requantized integers to a target (and marks the nodes it absorbed as done). */
    void putTarget(Target target, int[] shape, int[] values);

    /** Width of the post-processing unit's requantization multiplier. */
    int multiplierBits();

    /** Whether every reader of output i takes integers (and no graph output is it). */
    boolean readersTakeIntegers(int i);
}
