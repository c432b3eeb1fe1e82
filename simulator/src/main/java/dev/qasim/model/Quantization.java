package dev.qasim.model;

import dev.qasim.input.BadInputException;

import dev.qasim.model.ops.Node;
import dev.qasim.model.ops.Tensor;
import dev.qasim.quant.BatchNormFolding;
import dev.qasim.quant.Calibration;
import dev.qasim.quant.Quantizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How qasim quantizes a float model (docs/quantization.md): fold every BatchNormalization into the Conv or Gemm
 * before it, run the folded float graph on the sample, give every real-valued tensor an integer type (unsigned
 * when all its values are at least 0, else signed, {@code dataBits} wide) and a calibrated scale, and quantize
 * the weights of every Conv, Gemm and MatMul whose weights are float constants (signed, {@code weightBits}
 * wide, one max-calibrated scale per output channel; powers of two when the calibration asks for them).
 */
final class Quantization {
    private Quantization() {}

    /** The graph to run and the calibrated tensors, plus the float outputs (the reference of the quantized run). */
    record Prepared(Graph graph, Map<String, Interpreter.Calibrated> calibrated, Map<String, Tensor> floatOutputs, Graph floatGraph) {}

    /** Operators that make a model pre-quantized (qasim then runs the model's own integers). */
    private static final Set<String> QUANTIZED_OPS = Set.of("QuantizeLinear", "DequantizeLinear", "QLinearConv",
            "QLinearMatMul", "ConvInteger", "MatMulInteger", "DynamicQuantizeLinear", "QLinearAdd", "QLinearMul", "QGemm",
            "QLinearGlobalAveragePool", "QLinearAveragePool", "QLinearConcat", "QLinearSigmoid", "QLinearLeakyRelu",
            "QLinearSoftmax", "Quant", "IntQuant", "BipolarQuant", "Trunc");

    /** Whether the model is a float model with work for the array (so qasim must quantize it). */
    static boolean needed(Graph graph) {
        boolean array = false;
        for (Node n : graph.nodes()) {
            if (QUANTIZED_OPS.contains(n.op())) {
                return false;
            }
            array |= isArrayOp(n);
        }
        return array;
    }

    /** An operator that multiplies on the array (and so makes a float model worth quantizing). */
    static boolean isArrayOp(Node n) {
        return n.domain().isEmpty() && (n.op().equals("Conv") || n.op().equals("Gemm") || n.op().equals("MatMul") || n.op().equals("Einsum"));
    }

    /** An array operator whose input 1, when a float constant, is its weights (quantized per output channel). */
    private static boolean hasWeights(Node n) {
        return isArrayOp(n) && !n.op().equals("Einsum");
    }

    static Prepared prepare(Graph graph, Map<String, Tensor> inputs, ModelOptions options, String source) {
        Graph folded = foldBatchNorms(graph);
        // the inputs, then every value in the order the float pass computes it, each calibrated as it comes so that the
        // pass need not keep them all (the CNN's on 256 Fashion-MNIST images: 90 MB); the first that is not finite is
        // reported after the pass, as if they had all been checked after it
        Map<String, Interpreter.Calibrated> calibrated = new LinkedHashMap<>();
        BadInputException[] notFinite = new BadInputException[1];
        java.util.function.BiConsumer<String, Tensor> calibrate = (name, t) -> {
            if (notFinite[0] == null && t instanceof Tensor.Real r && r.source() == null && !folded.initializers().containsKey(name)) {
                notFinite[0] = notFinite(r, name, "on the sample", source);
                if (notFinite[0] == null) {
                    Quantizer q = Quantizer.forData(options.dataBits(), r.data());
                    calibrated.put(name, new Interpreter.Calibrated(q.operand(), options.calibration().alpha(r.data(), q)));
                }
            }
        };
        inputs.forEach(calibrate);
        Map<String, Tensor> floatOutputs = Interpreter.floatPass(folded, source, options.multiplierBits(), calibrate).run(inputs);
        if (notFinite[0] != null) {
            throw notFinite[0];
        }
        Map<String, Tensor> initializers = new LinkedHashMap<>(folded.initializers());
        Calibration weightCalibration = options.effectiveWeightCalibration();
        Quantizer wq = Quantizer.signed(options.weightBits());
        for (Node n : folded.nodes()) {
            if (hasWeights(n) && folded.initializers().get(n.input(1)) instanceof Tensor.Real w) {
                requireFinite(w, n.input(1), "(weights of " + n.label() + ")", source);
                int[] s = w.shape();
                int axis = n.op().equals("Conv") || (n.op().equals("Gemm") && n.integer("transB", 0) != 0) ? 0 : s.length - 1;
                int last = s[s.length - 1];
                Calibration.PerChannel q = axis == 0
                        ? weightCalibration.quantizeWeights(w.data(), s[0], w.size() / s[0], false, wq)
                        : weightCalibration.quantizeWeights(w.data(), w.size() / last, last, true, wq);
                double[] alphas = q.alphas();
                // the weights become the real values of their integers, those integers as their source (dequantized offline)
                initializers.put(n.input(1), new Tensor.Ints(s, q.codes(), wq.operand(), alphas, new long[alphas.length],
                        alphas.length > 1 ? axis : 0).dequantized().asFormed());
            }
        }
        return new Prepared(folded.with(folded.nodes(), initializers), calibrated, floatOutputs, folded);
    }

    private static void requireFinite(Tensor.Real t, String name, String where, String source) {
        BadInputException e = notFinite(t, name, where, source);
        if (e != null) {
            throw e;
        }
    }

    /** The error naming a tensor's first value that is NaN or infinite, or null when all are finite. */
    private static BadInputException notFinite(Tensor.Real t, String name, String where, String source) {
        for (double v : t.data()) {
            if (!Double.isFinite(v)) {
                return BadInputException.of(source, "tensor " + name, Double.toString(v), "holds NaN or infinite values " + where
                        + ", so qasim cannot quantize it");
            }
        }
        return null;
    }

    /**
     * Folds each BatchNormalization whose input is the only use of a Conv's output (or of a Gemm's with
     * transB = 1, alpha = beta = 1) with float constant weights: the Conv takes the folded weights and bias and
     * writes the BatchNormalization's output; the BatchNormalization goes.
     */
    static Graph foldBatchNorms(Graph graph) {
        Map<String, List<Node>> consumers = graph.consumers();
        Map<String, Node> producer = new LinkedHashMap<>();
        for (Node n : graph.nodes()) {
            for (String out : n.outputs()) {
                producer.put(out, n);
            }
        }
        Map<String, Tensor> init = new LinkedHashMap<>(graph.initializers());
        Map<Integer, Node> replaced = new LinkedHashMap<>();
        Set<Integer> removed = new HashSet<>();
        for (Node bn : graph.nodes()) {
            if (!bn.op().equals("BatchNormalization")) {
                continue;
            }
            Node layer = producer.get(bn.input(0));
            if (layer == null || consumers.get(bn.input(0)).size() != 1 || graph.outputs().contains(bn.input(0))
                    || !foldable(layer, init) || replaced.containsKey(layer.index())) {
                continue;
            }
            double[][] p = new double[4][];
            boolean constant = true;
            for (int i = 0; i < 4; i++) {
                constant &= init.get(bn.input(i + 1)) instanceof Tensor.Real;
                p[i] = constant ? ((Tensor.Real) init.get(bn.input(i + 1))).data() : null;
            }
            if (!constant) {
                continue;
            }
            Tensor.Real w = (Tensor.Real) init.get(layer.input(1));
            Tensor bias = layer.input(2).isEmpty() ? null : init.get(layer.input(2));
            BatchNormFolding.Folded f = BatchNormFolding.fold(w.data(), bias == null ? null : ((Tensor.Real) bias).data(),
                    p[0], p[1], p[2], p[3], bn.real("epsilon", 1e-5));
            String wName = layer.label() + ":bn-folded-weights";
            String bName = layer.label() + ":bn-folded-bias";
            init.put(wName, new Tensor.Real(w.shape(), f.weights()));
            init.put(bName, new Tensor.Real(new int[] {f.bias().length}, f.bias()));
            replaced.put(layer.index(), layer.with(List.of(layer.input(0), wName, bName), List.of(bn.outputs().get(0))));
            removed.add(bn.index());
        }
        if (removed.isEmpty()) {
            return graph;
        }
        List<Node> nodes = new ArrayList<>();
        for (Node n : graph.nodes()) {
            if (!removed.contains(n.index())) {
                nodes.add(replaced.getOrDefault(n.index(), n));
            }
        }
        return graph.with(nodes, init);
    }

    private static boolean foldable(Node layer, Map<String, Tensor> init) {
        boolean weights = init.get(layer.input(1)) instanceof Tensor.Real;
        Tensor bias = layer.input(2).isEmpty() ? null : init.get(layer.input(2));
        boolean biasOk = bias == null ? layer.input(2).isEmpty() : bias instanceof Tensor.Real && bias.shape().length == 1;
        if (layer.op().equals("Conv")) {
            return weights && biasOk;
        }
        return layer.op().equals("Gemm") && weights && biasOk && layer.integer("transB", 0) != 0
                && layer.integer("transA", 0) == 0 && layer.real("alpha", 1) == 1 && layer.real("beta", 1) == 1;
    }
}
