package dev.qasim.model;

import dev.qasim.arith.AccumulatorSpec;
import dev.qasim.config.ArchConfig;
import dev.qasim.engine.Engine;
import dev.qasim.engine.EngineOptions;
import dev.qasim.engine.LayerResult;
import dev.qasim.engine.RunResult;
import dev.qasim.engine.Simulator;
import dev.qasim.input.BadInputException;
import dev.qasim.model.onnx.Onnx;
import dev.qasim.model.ops.Ppu;
import dev.qasim.model.ops.PpuStats;
import dev.qasim.model.ops.Tensor;
import dev.qasim.quant.AccumulatorBounds;
import dev.qasim.quant.BitAllocation;
import dev.qasim.workload.Layer;
import dev.qasim.workload.Lowered;
import dev.qasim.workload.Reference;
import dev.qasim.workload.Workload;
import dev.qasim.workload.WorkloadLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An imported model, ready to run: its graph (quantized by qasim when it was a float model), its inputs, and the
 * array layers of one exact-arithmetic pass (the layers a run multiplies, with their real weights and the data
 * the exact pipeline feeds them). Built by {@link ModelLoader}.
 */
public final class Model {
    private final String name;
    private final Path source;
    private final Graph graph;
    private final Map<String, Tensor> inputs;
    private final Map<String, Interpreter.Calibrated> calibrated;
    private final Map<String, Tensor> floatOutputs;
    private final Graph floatGraph;
    private final ModelOptions options;
    private final List<Layer> layers = new ArrayList<>();
    private final List<ModelOutput> exactOutputs;

    Model(String name, Path source, Graph graph, Map<String, Tensor> inputs, Map<String, Interpreter.Calibrated> calibrated,
          Map<String, Tensor> floatOutputs, Graph floatGraph, ModelOptions options) {
        this.name = name;
        this.source = source;
        this.graph = graph;
        this.inputs = inputs;
        this.calibrated = calibrated;
        this.floatOutputs = floatOutputs;
        this.floatGraph = floatGraph;
        this.options = options;
        Interpreter exact = interpreter((layer, values) -> {
            layers.add(layer);
            return Reference.outputs(layer, values);
        }, new Ppu(1, options.ppuBits()));
        this.exactOutputs = outputs(exact.run(inputs));
    }

    private Interpreter interpreter(dev.qasim.model.ops.Exec.Array array, Ppu ppu) {
        return new Interpreter(graph, source.toString(), array, ppu, calibrated, options.multiplierBits());
    }

    public String name() {
        return name;
    }

    /** Whether qasim quantized the model (it was a float model), rather than running the model's own integers. */
    public boolean quantizedByQasim() {
        return !calibrated.isEmpty();
    }

    /** The outputs of the exact-arithmetic pass (no accumulator limits). */
    public List<ModelOutput> exactOutputs() {
        return exactOutputs;
    }

    /**
     * The model as a workload: its array layers in run order, each with its real weights and the data of the exact
     * pass (a run feeds each layer the outputs the array actually produced).
     *
     * @throws BadInputException when the model has no Conv, Gemm or MatMul on integers for the array to run
     */
    public Workload workload() {
        if (layers.isEmpty()) {
            throw BadInputException.of(source.toString(), "", null, "the model has no Conv, Gemm or MatMul for the array to run");
        }
        return new Workload(name, layers, source, List.of());
    }

    /**
     * The accumulator bounds of every array layer with the data of the exact pass (docs/quantization.md): the data-type
     * worst case, the exact and A2Q widths, and the observed partial sums, in run order.
     */
    public List<AccumulatorBounds.LayerBounds> accumulatorBounds() {
        List<AccumulatorBounds.LayerBounds> out = new ArrayList<>();
        for (Layer layer : layers) {
            out.add(AccumulatorBounds.of(new Lowered(layer, WorkloadLoader.values(layer))));
        }
        return out;
    }

    /**
     * Overflow-aware bit allocation (docs/quantization.md, {@link BitAllocation}) for every array layer of a float model
     * quantized by qasim, on its calibration sample: the float weights of the batch-norm-folded graph and the
     * float data entering each layer, requantized at every width up to {@code maxBits}; by layer name, in run
     * order. Empty for a pre-quantized model (no float original) and for layers without float constant weights.
     */
    public Map<String, BitAllocation> bitAllocations(AccumulatorSpec accumulator, int maxBits) {
        Map<String, BitAllocation> out = new java.util.LinkedHashMap<>();
        if (floatGraph == null) {
            return out;
        }
        Map<String, Tensor> values = new java.util.LinkedHashMap<>(inputs);
        Interpreter.floatPass(floatGraph, source.toString(), options.multiplierBits(), values::put).run(inputs);
        Map<String, Layer> byName = new java.util.LinkedHashMap<>();
        layers.forEach(l -> byName.put(l.name(), l));
        Map<String, Integer> seen = new java.util.HashMap<>();
        for (dev.qasim.model.ops.Node n : floatGraph.nodes()) {
            if (!Quantization.isArrayOp(n)) {
                continue;
            }
            Layer layer = byName.get(Interpreter.layerName(n.label(), seen.merge(n.label(), 1, Integer::sum)));
            if (layer == null || (n.op().equals("Gemm") && n.integer("transA", 0) != 0)
                    || !(floatGraph.initializers().get(n.input(1)) instanceof Tensor.Real w)
                    || !(values.get(n.input(0)) instanceof Tensor.Real x)) {
                continue;
            }
            out.put(layer.name(), BitAllocation.allocate(layer, w.data(), x.data(), accumulator, options.calibration(),
                    options.effectiveWeightCalibration(), maxBits));
        }
        return out;
    }

    /** The graph's inputs in order: name and declared shape (-1 for a symbolic dimension; null when undeclared). */
    public List<Map.Entry<String, int[]>> inputShapes() {
        List<Map.Entry<String, int[]>> out = new ArrayList<>();
        for (Graph.Input in : graph.inputs()) {
            out.add(Map.entry(in.name(), in.shape() == null ? null : in.shape().clone()));
        }
        return out;
    }

    /**
     * The float model's outputs on other inputs (a float model quantized by qasim: its batch-norm-folded float
     * graph), or null for a pre-quantized model, which has no float original here.
     */
    public List<ModelOutput> floatOutputs(Map<String, double[]> data, Map<String, int[]> shapes) {
        if (floatGraph == null) {
            return null;
        }
        // the outputs only: a batch's every intermediate value is not kept (300 Fashion-MNIST images through the CNN: 100 MB)
        return outputs(Interpreter.floatPass(floatGraph, source.toString(), options.multiplierBits(), null).run(tensors(data, shapes)));
    }

    /** The quantized model's outputs on other inputs, with exact arithmetic (no accumulator limits). */
    public List<ModelOutput> exactOutputs(Map<String, double[]> data, Map<String, int[]> shapes) {
        return outputs(interpreter((layer, values) -> Reference.outputs(layer, values), new Ppu(1, options.ppuBits()))
                .run(tensors(data, shapes)));
    }

    /**
     * The same exact pass, but the layers that write the graph's outputs keep their accumulations as real numbers
     * (dequantized, bias added) instead of requantizing them to the data width: a qasim-quantized model's logits
     * before its last rounding, which tell apart scores that the data width makes equal. For a pre-quantized model,
     * its own outputs.
     */
    public List<ModelOutput> exactOutputsUnrounded(Map<String, double[]> data, Map<String, int[]> shapes) {
        Map<String, Interpreter.Calibrated> inner = new java.util.LinkedHashMap<>(calibrated);
        graph.outputs().forEach(inner::remove);
        Interpreter exact = new Interpreter(graph, source.toString(), (layer, values) -> Reference.outputs(layer, values),
                new Ppu(1, options.ppuBits()), inner, options.multiplierBits());
        return outputs(exact.run(tensors(data, shapes)));
    }

    private static Map<String, Tensor> tensors(Map<String, double[]> data, Map<String, int[]> shapes) {
        Map<String, Tensor> out = new java.util.LinkedHashMap<>();
        data.forEach((name, values) -> out.put(name, new Tensor.Real(shapes.get(name), values)));
        return out;
    }

    /**
     * Runs the model on an architecture: array layers on the simulator (the layer named {@code traceLayer} on
     * {@code tracer}), the rest in the post-processing unit, whose lanes are the array's output slots
     * (columns x lanes per PE). A layer that traps ends the run.
     */
    public ModelRun run(ArchConfig arch, Engine.Kind engine, EngineOptions engineOptions, boolean checkOutputs,
                        Simulator.Listener listener, String traceLayer, Simulator tracer) {
        return run(arch, engine, engineOptions, checkOutputs, listener, traceLayer, tracer, inputs);
    }

    /** {@link #run} on other float inputs (name to values, with their shapes). */
    public ModelRun run(ArchConfig arch, Engine.Kind engine, EngineOptions engineOptions, boolean checkOutputs,
                        Map<String, double[]> data, Map<String, int[]> shapes) {
        return run(arch, engine, engineOptions, checkOutputs, null, null, null, tensors(data, shapes));
    }

    private ModelRun run(ArchConfig arch, Engine.Kind engine, EngineOptions engineOptions, boolean checkOutputs,
                         Simulator.Listener listener, String traceLayer, Simulator tracer, Map<String, Tensor> runInputs) {
        Simulator sim = new Simulator(arch, engine, engineOptions, checkOutputs);
        List<LayerResult> results = new ArrayList<>();
        int count = layers.size();
        dev.qasim.model.ops.Exec.Array array = (layer, values) -> {
            Simulator s = layer.name().equals(traceLayer) && tracer != null ? tracer : sim;
            Simulator.Outcome o = s.runLayerWithOutputs(layer, values);
            results.add(o.result());
            if (listener != null) {
                listener.layerDone(results.size() - 1, count, o.result());
            }
            if (o.result().trapped()) {
                throw new Trapped(layer.name());
            }
            return o.outputs();
        };
        Ppu ppu = new Ppu(arch.array().cols() * arch.pe().lanes(), options.ppuBits());
        List<String> notes = new ArrayList<>(Simulator.layerNotes(arch, layers));
        List<ModelOutput> outputs = List.of();
        try {
            outputs = outputs(interpreter(array, ppu).run(runInputs));
        } catch (Trapped t) {
            notes.add("layer " + t.getMessage() + " trapped; the model run stopped there");
        }
        long postCycles = ppu.stats().stream().mapToLong(PpuStats::cycles).sum();
        long ppuEvents = ppu.stats().stream().mapToLong(PpuStats::overflowEvents).sum();
        notes.add("post-processing unit: " + postCycles + " cycles (" + arch.array().cols() * arch.pe().lanes()
                + " lanes; not included in cycles), " + ppuEvents + " overflow events at " + options.ppuBits() + " bits");
        if (!outputs.isEmpty() && runInputs == inputs) {
            notes.addAll(compare(outputs));
        }
        return new ModelRun(new RunResult(arch, name, engine, results, notes), ppu.stats(), outputs, postCycles);
    }

    /** Remarks comparing a run's outputs with the exact pass and, for a float model, with the float model. */
    private List<String> compare(List<ModelOutput> outputs) {
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            ModelOutput o = outputs.get(i);
            boolean same = java.util.Arrays.equals(o.values(), exactOutputs.get(i).values());
            notes.add("model output " + o.name() + ": " + (same ? "equals" : "differs from") + " the exact-arithmetic pass");
            Tensor f = floatOutputs.get(o.name());
            if (f instanceof Tensor.Real r) {
                double signal = 0;
                double noise = 0;
                double maxErr = 0;
                for (int k = 0; k < r.data().length; k++) {
                    double e = o.values()[k] - r.data()[k];
                    signal += r.data()[k] * r.data()[k];
                    noise += e * e;
                    maxErr = Math.max(maxErr, Math.abs(e));
                }
                notes.add(String.format(java.util.Locale.ROOT, "model output %s against the float model: max abs error %.6g, SQNR %s",
                        o.name(), maxErr, noise == 0 ? "exact" : String.format(java.util.Locale.ROOT, "%.2f dB", 10 * Math.log10(signal / noise))));
            }
        }
        return notes;
    }

    private List<ModelOutput> outputs(Map<String, Tensor> values) {
        List<ModelOutput> out = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : values.entrySet()) {
            Tensor t = e.getValue();
            int declared = graph.outputTypes().getOrDefault(e.getKey(), 0);
            boolean floatDeclared = declared == Onnx.TensorProto.DataType.FLOAT_VALUE || declared == Onnx.TensorProto.DataType.DOUBLE_VALUE;
            if (t instanceof Tensor.Ints q && !floatDeclared) {
                out.add(new ModelOutput(e.getKey(), q.shape(), java.util.Arrays.stream(q.data()).asDoubleStream().toArray(), true));
            } else {
                Tensor.Real r = t instanceof Tensor.Ints q ? q.dequantized() : (Tensor.Real) t;
                out.add(new ModelOutput(e.getKey(), r.shape(), r.data(), false));
            }
        }
        return out;
    }

    /** A layer trapped: the run stops (its message is the layer's name). */
    private static final class Trapped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Trapped(String layer) {
            super(layer, null, false, false);
        }
    }
}
