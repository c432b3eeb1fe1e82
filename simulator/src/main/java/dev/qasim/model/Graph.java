package dev.qasim.model;

import dev.qasim.input.BadInputException;
import dev.qasim.input.Problems;
import dev.qasim.model.onnx.Onnx;
import dev.qasim.model.ops.Node;
import dev.qasim.model.ops.Op;
import dev.qasim.model.ops.Parsed;
import dev.qasim.model.ops.Registry;
import dev.qasim.model.ops.Schema;
import dev.qasim.model.ops.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An ONNX graph as qasim runs it: nodes in order (each with its kernel), constant tensors, the inputs a user feeds
 * and the outputs. Built by {@link #of}, which checks the whole graph and reports every problem at once: operators
 * qasim does not run (each with its node), operator-set versions outside what qasim reads, inputs and outputs
 * counts, attributes a node's operator version does not have or of the wrong type, values used before any node
 * produces them, outputs nobody produces, tensors it cannot decode, and what each operator checks of its own
 * attributes. Then the constant subgraphs are folded into initializers.
 *
 * @param name         the graph's name
 * @param nodes        in topological order (as ONNX requires)
 * @param initializers constant tensors by name
 * @param inputs       the graph inputs that are not initializers, in order
 * @param outputs      the graph outputs' names
 * @param outputTypes  each output's declared element type (ONNX DataType number; 0 when undeclared)
 * @param shapeValues  values computed from tensor shapes and constants only (shape arithmetic, free of PPU cost)
 * @param types        the element types the file declares for values (initializers, inputs, outputs, value_info)
 */
record Graph(String name, List<Node> nodes, Map<String, Tensor> initializers, List<Input> inputs, List<String> outputs,
             Map<String, Integer> outputTypes, Set<String> shapeValues, Map<String, Integer> types) {

    /** A graph input: its element type (ONNX DataType number) and shape (-1 for a symbolic dimension; null: not declared). */
    record Input(String name, int elemType, int[] shape) {}

    /**
     * Reads and checks a model's graph, then folds its constant subgraphs.
     *
     * @param source the file, for problem lines
     * @param folder the model's folder, which external data is relative to
     * @throws BadInputException listing every problem, among them every unsupported operator with its node
     */
    static Graph of(Onnx.ModelProto model, String source, Path folder) {
        Problems problems = new Problems();
        Map<String, Integer> opsets = opsets(model, source, problems);
        problems.throwIfAny();
        Onnx.GraphProto g = model.getGraph();
        Map<String, Tensor> initializers = new LinkedHashMap<>();
        Set<String> unreadable = initializers(g, source, folder, initializers, problems);
        Set<String> known = new HashSet<>(initializers.keySet());
        known.addAll(unreadable);
        List<Input> inputs = inputs(g, initializers.keySet(), known);
        Parsed.Decoder decoder = decoder(source, folder);
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < g.getNodeCount(); i++) {
            Onnx.NodeProto n = g.getNode(i);
            Node node = node(i, n, opsets, source, problems, decoder);
            for (String in : n.getInputList()) {
                if (!in.isEmpty() && !known.contains(in)) {
                    problems.add(source, node.where() + ".input", in, "no graph input, initializer or earlier node produces this value");
                }
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
        Graph graph = new Graph(g.getName(), nodes, initializers, inputs, outputs, outputTypes, Set.of(), types(g));
        return Interpreter.fold(graph, source).withShapeValues();
    }

    /**
     * Decodes the dense and sparse initializers into {@code into}, each problem recorded.
     *
     * @return the names of those that could not be decoded (reported once, as a tensor, not again where a node reads them)
     */
    private static Set<String> initializers(Onnx.GraphProto g, String source, Path folder, Map<String, Tensor> into,
                                            Problems problems) {
        Set<String> unreadable = new HashSet<>();
        for (int i = 0; i < g.getInitializerCount(); i++) {
            Onnx.TensorProto t = g.getInitializer(i);
            try {
                into.put(t.getName(), OnnxFile.tensor(t, source, "graph.initializer[" + i + "] (" + t.getName() + ")", folder));
            } catch (BadInputException e) {
                unreadable.add(t.getName());
                problems.addAll(e.problems());
            }
        }
        for (int i = 0; i < g.getSparseInitializerCount(); i++) {
            Onnx.SparseTensorProto t = g.getSparseInitializer(i);
            String name = t.getValues().getName();
            try {
                into.put(name, OnnxFile.sparse(t, source, "graph.sparse_initializer[" + i + "] (" + name + ")", folder));
            } catch (BadInputException e) {
                unreadable.add(name);
                problems.addAll(e.problems());
            }
        }
        return unreadable;
    }

    /** The graph inputs a user feeds (those that are not initializers), each added to {@code known}. */
    private static List<Input> inputs(Onnx.GraphProto g, Set<String> initializers, Set<String> known) {
        List<Input> inputs = new ArrayList<>();
        for (Onnx.ValueInfoProto v : g.getInputList()) {
            if (initializers.contains(v.getName())) {
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
        return inputs;
    }

    /** Decodes the tensors that nodes carry as attributes (a Constant's value), external data relative to {@code folder}. */
    private static Parsed.Decoder decoder(String source, Path folder) {
        return new Parsed.Decoder() {
            @Override
            public Tensor decode(Onnx.TensorProto tensor, String path) {
                return OnnxFile.tensor(tensor, source, path, folder);
            }

            @Override
            public Tensor sparse(Onnx.SparseTensorProto tensor, String path) {
                return OnnxFile.sparse(tensor, source, path, folder);
            }
        };
    }

    /** The element types the file declares (value_info, then inputs, outputs and initializers), undeclared ones left out. */
    private static Map<String, Integer> types(Onnx.GraphProto g) {
        Map<String, Integer> types = new LinkedHashMap<>();
        for (Onnx.ValueInfoProto v : g.getValueInfoList()) {
            types.put(v.getName(), v.getType().getTensorType().getElemType());
        }
        g.getInputList().forEach(v -> types.put(v.getName(), v.getType().getTensorType().getElemType()));
        g.getOutputList().forEach(v -> types.put(v.getName(), v.getType().getTensorType().getElemType()));
        g.getInitializerList().forEach(t -> types.put(t.getName(), t.getDataType()));
        types.values().removeIf(t -> t == 0);
        return Map.copyOf(types);
    }

    /** The operator-set versions the model imports, by domain (ONNX's own domain as ""), checked. */
    private static Map<String, Integer> opsets(Onnx.ModelProto model, String source, Problems problems) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Onnx.OperatorSetIdProto o : model.getOpsetImportList()) {
            out.put(Registry.domain(o.getDomain()), (int) Math.max(0, Math.min(Integer.MAX_VALUE, o.getVersion())));
        }
        Integer onnx = out.get("");
        if (onnx == null) {
            problems.add(source, "opset_import", null, "the model imports no version of ONNX's operator set; qasim reads opsets "
                    + Registry.MIN_OPSET + " to " + Registry.MAX_OPSET);
        } else if (onnx > Registry.MAX_OPSET) {
            problems.add(source, "opset_import", "ai.onnx " + onnx, "qasim reads ONNX operator sets up to " + Registry.MAX_OPSET
                    + " (convert the model with onnx.version_converter, or export it at opset " + Registry.MAX_OPSET + " or below)");
        }
        return out;
    }

    /** A node checked against its operator's schema, with its kernel (null when the operator is unknown). */
    private static Node node(int i, Onnx.NodeProto n, Map<String, Integer> opsets, String source, Problems problems,
                             Parsed.Decoder decoder) {
        String domain = Registry.domain(n.getDomain());
        Map<String, Onnx.AttributeProto> attributes = new LinkedHashMap<>();
        for (Onnx.AttributeProto a : n.getAttributeList()) {
            attributes.put(a.getName(), a);
        }
        Node node = new Node(i, n.getName(), domain, n.getOpType(), 0, n.getInputList(), n.getOutputList(), attributes, null);
        String where = node.where();
        String op = domain.isEmpty() ? n.getOpType() : n.getDomain() + "." + n.getOpType();
        Schema schema = Registry.find(domain, n.getOpType());
        if (schema == null) {
            problems.add(source, where, op, "unsupported operator; the operators qasim runs are listed in docs/quantization.md");
            return node;
        }
        Integer opset = opsets.get(domain);
        if (opset == null) {
            problems.add(source, where, op, "the model imports no version of the operator set " + n.getDomain() + " (opset_import)");
            return node;
        }
        int version = schema.bind(opset);
        if (version < 0) {
            problems.add(source, where, op, "the model imports version " + opset + " of the operator set; qasim runs " + n.getOpType()
                    + " as defined from version " + schema.versions()[0]);
            return node;
        }
        int before = problems.list().size();
        checkArity(n, schema, op, where, source, problems);
        checkAttributes(n, schema, version, opset, op, where, source, problems);
        if (problems.list().size() > before) {
            return node;
        }
        Node bound = new Node(i, n.getName(), domain, n.getOpType(), version, n.getInputList(), n.getOutputList(), attributes, null);
        Op kernel = schema.factory().create(new Parsed(bound, source, problems, decoder));
        return bound.with(kernel);
    }

    /** The node's input and output counts against its operator's, and the inputs and output it must name. */
    private static void checkArity(Onnx.NodeProto n, Schema schema, String op, String where, String source, Problems problems) {
        if (n.getInputCount() < schema.minInputs() || n.getInputCount() > schema.maxInputs()) {
            problems.add(source, where + ".input", n.getInputCount() + " inputs", count(op, schema.minInputs(), schema.maxInputs(), "input"));
        }
        if (n.getOutputCount() < schema.minOutputs() || n.getOutputCount() > schema.maxOutputs()) {
            problems.add(source, where + ".output", n.getOutputCount() + " outputs", count(op, schema.minOutputs(), schema.maxOutputs(),
                    "output"));
        }
        for (int k = 0; k < Math.min(schema.minInputs(), n.getInputCount()); k++) {
            if (n.getInput(k).isEmpty()) {
                problems.add(source, where + ".input[" + k + "]", null, op + " needs its first " + schema.minInputs() + " inputs; "
                        + "input " + k + " is left out");
            }
        }
        if (n.getOutputCount() > 0 && n.getOutput(0).isEmpty()) {
            problems.add(source, where + ".output[0]", null, "the node's first output needs a name");
        }
    }

    /**
     * The node's attributes against those of its operator's version {@code version} (of the imported {@code opset}):
     * unknown ones, ones of another type, required ones missing.
     */
    private static void checkAttributes(Onnx.NodeProto n, Schema schema, int version, int opset, String op, String where,
                                        String source, Problems problems) {
        Map<String, Schema.Attribute> allowed = schema.attributes(version).stream()
                .collect(Collectors.toMap(Schema.Attribute::name, a -> a));
        Set<String> given = new HashSet<>();
        for (Onnx.AttributeProto a : n.getAttributeList()) {
            given.add(a.getName());
            Schema.Attribute spec = allowed.get(a.getName());
            if (spec == null) {
                boolean other = schema.allAttributes().stream().anyMatch(s -> s.name().equals(a.getName()));
                problems.add(source, where + "." + a.getName(), null, "is not an attribute of " + op + (other ? " in version " + version
                        + " of its operator set (the model imports " + opset + ")" : ""));
            } else if (a.getType() != Onnx.AttributeProto.AttributeType.UNDEFINED && a.getType() != spec.type()) {
                problems.add(source, where + "." + a.getName(), a.getType().name().toLowerCase(java.util.Locale.ROOT),
                        "must be a " + spec.type().name().toLowerCase(java.util.Locale.ROOT) + " attribute");
            }
        }
        for (Schema.Attribute a : allowed.values()) {
            if (a.required() && !given.contains(a.name())) {
                problems.add(source, where + "." + a.name(), null, op + " needs this attribute");
            }
        }
    }

    private static String count(String op, int min, int max, String what) {
        String range = min == max ? Integer.toString(min) : max == Integer.MAX_VALUE ? min + " or more" : min + " to " + max;
        return op + " takes " + range + " " + what + "s";
    }

    /** The same graph with the values computed from shapes and constants alone marked (see {@link #shapeValues}). */
    private Graph withShapeValues() {
        Set<String> shape = new HashSet<>();
        for (Node n : nodes) {
            boolean fromShapes = n.domain().isEmpty() && (n.op().equals("Shape") || n.op().equals("Size"));
            if (!fromShapes) {
                fromShapes = !n.inputs().stream().allMatch(String::isEmpty) && !Registry.find(n.domain(), n.op()).array();
                for (String in : n.inputs()) {
                    fromShapes &= in.isEmpty() || initializers.containsKey(in) || shape.contains(in);
                }
            }
            if (fromShapes) {
                n.outputs().stream().filter(o -> !o.isEmpty()).forEach(shape::add);
            }
        }
        return new Graph(name, nodes, initializers, inputs, outputs, outputTypes, Set.copyOf(shape), types);
    }

    /** The same graph with other nodes and initializers (after folding, batch-norm folding, weight quantization). */
    Graph with(List<Node> newNodes, Map<String, Tensor> newInitializers) {
        return new Graph(name, List.copyOf(newNodes), newInitializers, inputs, outputs, outputTypes, shapeValues, types);
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
