package dev.qasim.model;

import dev.qasim.input.BadInputException;
import dev.qasim.input.Problems;
import dev.qasim.model.onnx.Onnx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX graph as qasim runs it: nodes in order, constant tensors, the inputs a user feeds and the outputs.
 * Built by {@link #of}, which checks the whole graph and reports every problem at once: operators qasim does
 * not run (each with its node), values used before any node produces them, outputs nobody produces, tensors
 * it cannot decode, window attributes (kernel_shape, strides, pads, dilations, auto_pad, group) out of range.
 *
 * @param name         the graph's name
 * @param nodes        in topological order (as ONNX requires)
 * @param initializers constant tensors by name
 * @param inputs       the graph inputs that are not initializers, in order
 * @param outputs      the graph outputs' names
 * @param outputTypes  each output's declared element type (ONNX DataType number; 0 when undeclared)
 */
record Graph(String name, List<Node> nodes, Map<String, Tensor> initializers, List<Input> inputs, List<String> outputs,
             Map<String, Integer> outputTypes) {

    /** Operators of the default domain qasim runs. */
    static final List<String> SUPPORTED = List.of("Conv", "Gemm", "MatMul", "Add", "Relu", "Clip", "BatchNormalization",
            "MaxPool", "AveragePool", "GlobalAveragePool", "Flatten", "Reshape", "QuantizeLinear", "DequantizeLinear",
            "QLinearConv", "QLinearMatMul", "ConvInteger", "MatMulInteger", "Constant", "Identity");

    /** A graph input: its element type (ONNX DataType number) and shape (-1 for a symbolic dimension; null: not declared). */
    record Input(String name, int elemType, int[] shape) {}

    /** One operator application. */
    record Node(int index, String name, String op, List<String> inputs, List<String> outputs,
                Map<String, Onnx.AttributeProto> attributes) {

        /** The node's name, or {@code <op>_<index>} when it has none. */
        String label() {
            return name.isEmpty() ? op + "_" + index : name;
        }

        /** The i-th input's name; {@code ""} when absent (an omitted optional input). */
        String input(int i) {
            return i < inputs.size() ? inputs.get(i) : "";
        }

        long integer(String key, long fallback) {
            Onnx.AttributeProto a = attributes.get(key);
            return a == null ? fallback : a.getI();
        }

        double real(String key, double fallback) {
            Onnx.AttributeProto a = attributes.get(key);
            return a == null ? fallback : a.getF();
        }

        String string(String key, String fallback) {
            Onnx.AttributeProto a = attributes.get(key);
            return a == null ? fallback : a.getS().toStringUtf8();
        }

        /** An integer list attribute as written (no narrowing), or {@code null} when absent. */
        long[] longs(String key) {
            Onnx.AttributeProto a = attributes.get(key);
            return a == null ? null : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
        }
    }

    /**
     * Reads and checks a model's graph.
     *
     * @param source the file, for problem lines
     * @param folder the model's folder, which external data is relative to
     * @throws BadInputException listing every problem, among them every unsupported operator with its node
     */
    static Graph of(Onnx.ModelProto model, String source, Path folder) {
        Problems problems = new Problems();
        Onnx.GraphProto g = model.getGraph();
        Map<String, Tensor> initializers = new LinkedHashMap<>();
        Set<String> unreadable = new HashSet<>(); // reported once, as a tensor, not again where a node reads it
        for (int i = 0; i < g.getInitializerCount(); i++) {
            Onnx.TensorProto t = g.getInitializer(i);
            try {
                initializers.put(t.getName(), OnnxFile.tensor(t, source, "graph.initializer[" + i + "] (" + t.getName() + ")", folder));
            } catch (BadInputException e) {
                unreadable.add(t.getName());
                problems.addAll(e.problems());
            }
        }
        for (int i = 0; i < g.getSparseInitializerCount(); i++) {
            Onnx.SparseTensorProto t = g.getSparseInitializer(i);
            String name = t.getValues().getName();
            try {
                initializers.put(name, OnnxFile.sparse(t, source, "graph.sparse_initializer[" + i + "] (" + name + ")", folder));
            } catch (BadInputException e) {
                unreadable.add(name);
                problems.addAll(e.problems());
            }
        }
        Set<String> known = new HashSet<>(initializers.keySet());
        known.addAll(unreadable);
        List<Input> inputs = new ArrayList<>();
        for (Onnx.ValueInfoProto v : g.getInputList()) {
            if (initializers.containsKey(v.getName())) {
                continue;
            }
            known.add(v.getName());
            Onnx.TypeProto.Tensor type = v.getType().getTensorType();
            int[] shape = type.hasShape() ? new int[type.getShape().getDimCount()] : null;
            for (int d = 0; shape != null && d < shape.length; d++) {
                Onnx.TensorShapeProto.Dimension dim = type.getShape().getDim(d);
                shape[d] = dim.hasDimValue() ? (int) Math.min(Integer.MAX_VALUE, dim.getDimValue()) : -1;
            }
            inputs.add(new Input(v.getName(), type.getElemType(), shape));
        }
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < g.getNodeCount(); i++) {
            Onnx.NodeProto n = g.getNode(i);
            Map<String, Onnx.AttributeProto> attributes = new LinkedHashMap<>();
            for (Onnx.AttributeProto a : n.getAttributeList()) {
                attributes.put(a.getName(), a);
            }
            Node node = new Node(i, n.getName(), n.getOpType(), List.copyOf(n.getInputList()), List.copyOf(n.getOutputList()), attributes);
            String path = "graph.node[" + i + "] (" + node.label() + ")";
            if (!isDefaultDomain(n.getDomain()) || !SUPPORTED.contains(n.getOpType())) {
                String op = isDefaultDomain(n.getDomain()) ? n.getOpType() : n.getDomain() + "." + n.getOpType();
                problems.add(source, path, op, "unsupported operator; qasim runs " + String.join(", ", SUPPORTED));
            }
            for (String in : n.getInputList()) {
                if (!in.isEmpty() && !known.contains(in)) {
                    problems.add(source, path + ".input", in, "no graph input, initializer or earlier node produces this value");
                }
            }
            if (node.op().equals("BatchNormalization") && (node.integer("training_mode", 0) != 0 || node.outputs().size() > 1)) {
                problems.add(source, path, node.op(), "only inference BatchNormalization (one output, training_mode 0) is supported");
            }
            if (node.op().equals("Reshape") && node.integer("allowzero", 0) != 0) {
                problems.add(source, path + ".allowzero", "1", "only allowzero 0 is supported (a 0 copies the input's dimension)");
            }
            if (Window.WINDOWED.contains(node.op())) {
                Window.attributes(node, source, problems);
            }
            if (node.op().equals("Constant") && !attributes.containsKey("value")) {
                problems.add(source, path, null, "a Constant needs a tensor attribute 'value'");
            }
            known.addAll(n.getOutputList());
            nodes.add(node);
        }
        List<String> outputs = new ArrayList<>();
        Map<String, Integer> outputTypes = new LinkedHashMap<>();
        for (Onnx.ValueInfoProto v : g.getOutputList()) {
            outputTypes.put(v.getName(), v.getType().getTensorType().getElemType());
            if (!known.contains(v.getName())) {
                problems.add(source, "graph.output", v.getName(), "no node produces this output");
            }
            outputs.add(v.getName());
        }
        if (outputs.isEmpty()) {
            problems.add(source, "graph.output", null, "the graph declares no output");
        }
        problems.throwIfAny();
        return new Graph(g.getName(), nodes, initializers, inputs, outputs, outputTypes);
    }

    private static boolean isDefaultDomain(String domain) {
        return domain.isEmpty() || domain.equals("ai.onnx");
    }

    /** The same graph with other nodes and initializers (after batch-norm folding, weight quantization). */
    Graph with(List<Node> newNodes, Map<String, Tensor> newInitializers) {
        return new Graph(name, List.copyOf(newNodes), newInitializers, inputs, outputs, outputTypes);
    }

    /** The nodes that read each value. */
    Map<String, List<Node>> consumers() {
        Map<String, List<Node>> out = new LinkedHashMap<>();
        for (Node n : nodes) {
            for (String in : n.inputs()) {
                if (!in.isEmpty()) {
                    out.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
                }
            }
        }
        return out;
    }
}
