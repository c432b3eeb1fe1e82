package dev.qasim.model.ops;

import dev.qasim.model.onnx.Onnx;
import java.util.List;
import java.util.Map;

/**
 * One operator application of a graph, with the kernel that runs it.
 *
 * @param index      its position in the graph (for messages: {@code graph.node[3]})
 * @param name       its name, possibly empty
 * @param domain     the operator set's domain ({@code ""} for ONNX's own)
 * @param op         the operator type
 * @param version    the operator set version the node binds to (the model's import of its domain)
 * @param inputs     value names; {@code ""} for an omitted optional input
 * @param outputs    value names; {@code ""} for an omitted optional output
 * @param attributes by name
 * @param kernel     what runs it (null only while the graph is being checked)
 */
public record Node(int index, String name, String domain, String op, int version, List<String> inputs, List<String> outputs,
                   Map<String, Onnx.AttributeProto> attributes, Op kernel) {

    public Node {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        attributes = Map.copyOf(attributes);
    }

    /** The node's name, or {@code <op>_<index>} when it has none. */
    public String label() {
        return name.isEmpty() ? op + "_" + index : name;
    }

    /** Where the node is, for messages: {@code graph.node[3] (conv1)}. */
    public String where() {
        return "graph.node[" + index + "] (" + label() + ")";
    }

    /** The i-th input's name; {@code ""} when absent (an omitted optional input). */
    public String input(int i) {
        return i < inputs.size() ? inputs.get(i) : "";
    }

    /** The i-th output's name; {@code ""} when absent. */
    public String output(int i) {
        return i < outputs.size() ? outputs.get(i) : "";
    }

    /** The same node reading other inputs and writing other outputs (batch-norm folding). */
    public Node with(List<String> newInputs, List<String> newOutputs) {
        return new Node(index, name, domain, op, version, newInputs, newOutputs, attributes, kernel);
    }

    /** The same node run by a kernel. */
    public Node with(Op newKernel) {
        return new Node(index, name, domain, op, version, inputs, outputs, attributes, newKernel);
    }

    public long integer(String key, long fallback) {
        Onnx.AttributeProto a = attributes.get(key);
        return a == null ? fallback : a.getI();
    }

    public double real(String key, double fallback) {
        Onnx.AttributeProto a = attributes.get(key);
        return a == null ? fallback : a.getF();
    }

    public String string(String key, String fallback) {
        Onnx.AttributeProto a = attributes.get(key);
        return a == null ? fallback : a.getS().toStringUtf8();
    }

    /** An integer list attribute as written (no narrowing), or {@code null} when absent. */
    public long[] longs(String key) {
        Onnx.AttributeProto a = attributes.get(key);
        return a == null ? null : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    /** A float list attribute, or {@code null} when absent. */
    public double[] reals(String key) {
        Onnx.AttributeProto a = attributes.get(key);
        return a == null ? null : a.getFloatsList().stream().mapToDouble(Float::doubleValue).toArray();
    }
}
