package dev.qasim.model;

import dev.qasim.input.BadInputException;
import dev.qasim.model.ops.ElementType;
import dev.qasim.model.ops.Exec;
import dev.qasim.model.ops.Node;
import dev.qasim.model.ops.Ppu;
import dev.qasim.model.ops.Target;
import dev.qasim.model.ops.Tensor;
import dev.qasim.quant.Quantizer;
import dev.qasim.workload.Operand;
import dev.qasim.workload.Reference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Runs a graph node by node (docs/quantization.md, "How each operator runs"): each node's kernel (package
 * {@code dev.qasim.model.ops}, one class per operator) reads its inputs through this interpreter, multiplies
 * integer layers on the {@link Exec.Array array}, and counts the rest of its work in the post-processing unit
 * ({@link Ppu}). Shape arithmetic (nodes computing only from tensor shapes and constants) is evaluated without
 * PPU cost. One interpreter per run; the graph and its kernels are shared.
 */
final class Interpreter implements Exec {

    /** The integer type and scale qasim chose for a tensor of a float model (zero point 0). */
    record Calibrated(Operand type, double scale) {}

    private final Graph graph;
    private final String source;
    private final Exec.Array array;
    private final Ppu ppu;
    private final Map<String, Calibrated> calibrated;
    private final int multiplierBits;
    private final boolean folding;
    private final Map<String, List<Node>> consumers;
    private final Map<String, Tensor> env = new HashMap<>();
    private final Set<Integer> fusedAway = new HashSet<>();
    /**
     * Where a float pass hands every value it computes (calibration reads them), or null. Each is handed over once the
     * node that computes it has run, and is then dropped like any tensor once read: the pass holds only the tensors in
     * flight, not the whole graph's.
     */
    private final BiConsumer<String, Tensor> sink;
    /** The values the running node has written, by name in the order first written: handed to the sink when it is done. */
    private final Map<String, Tensor> written = new LinkedHashMap<>();
    private final Map<String, Integer> layerNames = new HashMap<>();
    private final Set<Tensor> dequantized = Collections.newSetFromMap(new IdentityHashMap<>());
    private Node node;

    /**
     * The float reference of a graph: array operators as exact loops on real numbers, a wide PPU, no calibration
     * (the calibration pass, and the float model that validate compares against).
     *
     * @param values given every value computed, by name, in the order computed, after the node that computes it (null:
     *               the outputs only are wanted)
     */
    static Interpreter floatPass(Graph graph, String source, int multiplierBits, BiConsumer<String, Tensor> values) {
        return new Interpreter(graph, source, Reference::outputs, new Ppu(1, 64), Map.of(), multiplierBits, false, values);
    }

    /**
     * @param calibrated scales of a float model's tensors (empty: run as the model says)
     */
    Interpreter(Graph graph, String source, Exec.Array array, Ppu ppu, Map<String, Calibrated> calibrated, int multiplierBits) {
        this(graph, source, array, ppu, calibrated, multiplierBits, false, null);
    }

    private Interpreter(Graph graph, String source, Exec.Array array, Ppu ppu, Map<String, Calibrated> calibrated, int multiplierBits,
                        boolean folding, BiConsumer<String, Tensor> sink) {
        this.sink = sink;
        this.graph = graph;
        this.source = source;
        this.array = array;
        this.ppu = ppu;
        this.calibrated = calibrated;
        this.multiplierBits = multiplierBits;
        this.folding = folding;
        this.consumers = graph.consumers();
    }

    /**
     * Runs every node; returns the graph's outputs by name. A tensor is dropped once the last node that reads it has
     * run, so a run holds the tensors in flight, not the whole graph's.
     */
    Map<String, Tensor> run(Map<String, Tensor> inputs) {
        env.putAll(graph.initializers());
        env.putAll(inputs);
        List<Node> nodes = graph.nodes();
        Map<Integer, List<String>> lastReaders = lastReaders(nodes);
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (!fusedAway.contains(n.index())) {
                node = n;
                n.kernel().run(this);
                if (sink != null) {
                    written.forEach(sink);
                    written.clear();
                }
                if (graph.shapeValues().contains(n.output(0))) {
                    ppu.discard(); // computed from the input shapes, not on the data: the compiler's work
                } else {
                    ppu.finish(n.label(), n.op());
                }
            }
            lastReaders.getOrDefault(i, List.of()).forEach(env::remove);
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String name : graph.outputs()) {
            out.put(name, env.get(name));
        }
        return out;
    }

    /**
     * The computed tensors each node position reads last, by position: neither graph outputs nor constants. A node fused
     * into an earlier one has read its inputs by then, so dropping them after its own position is safe.
     */
    private Map<Integer, List<String>> lastReaders(List<Node> nodes) {
        Map<String, Integer> last = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String in : nodes.get(i).inputs()) {
                if (!in.isEmpty() && !graph.initializers().containsKey(in) && !graph.outputs().contains(in)) {
                    last.put(in, i);
                }
            }
        }
        Map<Integer, List<String>> byPosition = new HashMap<>();
        last.forEach((name, i) -> byPosition.computeIfAbsent(i, k -> new ArrayList<>()).add(name));
        return byPosition;
    }

    /**
     * Folds the nodes whose inputs are all constants (and which do not multiply on the array) into initializers,
     * in order, so a constant subgraph (weights behind a DequantizeLinear or a Quant, a Transpose of weights,
     * shape arithmetic on constants) is computed once at load.
     */
    static Graph fold(Graph graph, String source) {
        Map<String, Tensor> constants = new LinkedHashMap<>(graph.initializers());
        List<Node> kept = new ArrayList<>();
        Interpreter folder = new Interpreter(graph, source, (layer, values) -> {
            throw new IllegalStateException("array operators are not folded");
        }, new Ppu(1, 64), Map.of(), 31, true, null);
        for (Node n : graph.nodes()) {
            boolean constant = !dev.qasim.model.ops.Registry.find(n.domain(), n.op()).array();
            for (String in : n.inputs()) {
                constant &= in.isEmpty() || constants.containsKey(in);
            }
            if (!constant) {
                kept.add(n);
                continue;
            }
            folder.env.clear();
            folder.env.putAll(constants);
            folder.node = n;
            n.kernel().run(folder);
            for (String out : n.outputs()) {
                if (!out.isEmpty() && folder.env.containsKey(out)) {
                    Tensor t = folder.env.get(out);
                    constants.put(out, t instanceof Tensor.Real r ? r.asFormed() : t);
                }
            }
        }
        return kept.size() == graph.nodes().size() ? graph : graph.with(kept, constants);
    }

    // ---- Exec --------------------------------------------------------------------------------------------------

    @Override
    public Node node() {
        return node;
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public Tensor in(int i) {
        String name = node.input(i);
        return name.isEmpty() ? null : env.get(name);
    }

    @Override
    public boolean constant(int i) {
        return graph.initializers().containsKey(node.input(i)) || folding && !node.input(i).isEmpty();
    }

    @Override
    public void out(int i, Tensor t) {
        String name = node.output(i);
        if (!name.isEmpty()) {
            Tensor v = float32(t);
            env.put(name, v);
            keep(name, v);
        }
    }

    private void keep(String name, Tensor t) {
        if (sink != null) {
            written.put(name, t);
        }
    }

    /** A real tensor's values rounded to float32, as ONNX's float tensors hold them (kernels compute in double). */
    private static Tensor float32(Tensor t) {
        if (!(t instanceof Tensor.Real r)) {
            return t;
        }
        double[] d = r.data();
        double[] out = null;
        for (int k = 0; k < d.length; k++) {
            double f = (float) d[k];
            if (f != d[k] && !Double.isNaN(d[k])) {
                if (out == null) {
                    out = d.clone();
                }
                out[k] = f;
            }
        }
        return out == null ? t : new Tensor.Real(r.shape(), out, r.source(), r.formed());
    }

    @Override
    public boolean wants(int i) {
        return !node.output(i).isEmpty();
    }

    @Override
    public Ppu ppu() {
        return ppu;
    }

    @Override
    public Tensor.Real real(Tensor t) {
        if (t instanceof Tensor.Ints q) {
            ppu.products(q.size()); // integers taken as real numbers: one conversion per element
            return new Tensor.Real(q.shape(), q.asDoubles());
        }
        Tensor.Real r = (Tensor.Real) t;
        if (r.formed()) {
            return r;
        }
        if (dequantized.add(r)) {
            ppu.products(r.size());
        }
        return r.asFormed();
    }

    @Override
    public BadInputException bad(String suffix, String value, String rule) {
        return BadInputException.of(source, node.where() + suffix, value, rule);
    }

    @Override
    public ElementType elementType(int i) {
        Integer declared = graph.types().get(node.input(i));
        return declared == null ? null : ElementType.of(declared);
    }

    @Override
    public Exec.Array array() {
        return array;
    }

    @Override
    public String layerName(String label) {
        return layerName(label, layerNames.merge(label, 1, Integer::sum));
    }

    /** The name of the {@code seen}-th layer (from 1) made from nodes labelled {@code label}: the label, then _2, _3, ... */
    static String layerName(String label, int seen) {
        return seen == 1 ? label : label + "_" + seen;
    }

    @Override
    public Tensor.Ints dataInts(int i) {
        Tensor t = in(i);
        Tensor.Ints q = Tensor.source(t);
        String name = node.input(i);
        Calibrated c = calibrated.get(name);
        if (q != null || c == null || !(t instanceof Tensor.Real r)) {
            return q;
        }
        Quantizer quantizer = new Quantizer(c.type().bits(), c.type().signedness());
        ppu.products(r.size());
        q = new Tensor.Ints(r.shape(), quantizer.quantize(r.data(), c.scale()), c.type(), new double[] {c.scale()}, new long[] {0}, 0);
        Tensor.Real held = new Tensor.Real(r.shape(), r.data(), q, r.formed());
        env.put(name, held);
        keep(name, held);
        return q;
    }

    @Override
    public Target fusedTarget() {
        if (folding) {
            return null;
        }
        String out = node.output(0);
        List<Node> next = consumers.getOrDefault(out, List.of());
        List<Node> fused = new ArrayList<>();
        boolean relu = false;
        if (next.size() == 1 && next.get(0).op().equals("Relu") && next.get(0).domain().isEmpty() && !graph.outputs().contains(out)) {
            relu = true;
            fused.add(next.get(0));
            out = next.get(0).output(0);
            next = consumers.getOrDefault(out, List.of());
        }
        if (next.size() == 1 && !graph.outputs().contains(out) && next.get(0).input(0).equals(out)) {
            Node q = next.get(0);
            Target t = q.kernel().target(q, graph.initializers()::get);
            if (t != null) {
                return t.through(fused, relu);
            }
        }
        Calibrated c = calibrated.get(out);
        if (c != null) {
            return new Target(out, c.type(), c.type().min(), c.type().max(), c.scale(), 0, relu, fused, true);
        }
        return null;
    }

    @Override
    public void putTarget(Target target, int[] shape, int[] y) {
        Tensor.Ints q = new Tensor.Ints(shape, y, target.type(), new double[] {target.scale()}, new long[] {target.zeroPoint()}, 0);
        Tensor t = target.real() ? q.dequantized() : q;
        env.put(target.name(), t);
        keep(target.name(), t);
        for (Node f : target.fused()) {
            fusedAway.add(f.index());
        }
    }

    @Override
    public int multiplierBits() {
        return multiplierBits;
    }

    @Override
    public boolean readersTakeIntegers(int i) {
        String out = node.output(i);
        if (graph.outputs().contains(out)) {
            return false;
        }
        for (Node c : consumers.getOrDefault(out, List.of())) {
            for (int k = 0; k < c.inputs().size(); k++) {
                if (c.input(k).equals(out) && !c.kernel().takesIntegers(k)) {
                    return false;
                }
            }
        }
        return true;
    }
}
