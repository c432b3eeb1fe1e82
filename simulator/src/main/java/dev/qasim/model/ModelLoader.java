package dev.qasim.model;

import dev.qasim.input.BadInputException;
import dev.qasim.input.Problems;
import dev.qasim.model.onnx.Onnx;
import dev.qasim.model.ops.ElementType;
import dev.qasim.model.ops.Tensor;
import dev.qasim.workload.Npy;
import dev.qasim.workload.Operand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Imports an ONNX model ({@code .onnx}) for a run: reads and checks the file and its graph (every problem at once:
 * every unsupported operator with its node), binds the inputs (files, or the deterministic sample), quantizes a
 * float model (batch-norm folding, calibration on the input, per-channel weights) and runs it once with exact
 * arithmetic, which gives the array layers with their real weights and data.
 */
public final class ModelLoader {
    /** The largest sample input qasim makes (2^26 values). */
    static final long MAX_SAMPLE_VALUES = 1L << 26;

    private ModelLoader() {}

    /** Whether a workload path names an ONNX model (by its {@code .onnx} extension). */
    public static boolean isModel(Path file) {
        return file.getFileName() != null && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx");
    }

    /**
     * @throws BadInputException for a missing, malformed, truncated or corrupt file, unsupported operators (all
     *                           listed), inputs that do not fit the graph, or nodes qasim cannot run
     */
    public static Model load(Path file, ModelOptions options) {
        return load(file, options, null, null);
    }

    /**
     * The same, the graph's inputs given as float values (name to values, with their shapes) instead of files or
     * the sample: a float model is calibrated on them.
     */
    public static Model load(Path file, ModelOptions options, Map<String, double[]> data, Map<String, int[]> shapes) {
        String source = file.toString();
        Onnx.ModelProto proto = OnnxFile.model(file);
        Graph graph = Graph.of(proto, source, file.toAbsolutePath().getParent());
        Map<String, Tensor> inputs;
        if (data == null) {
            inputs = inputs(graph, options, source);
        } else {
            inputs = new LinkedHashMap<>();
            for (Graph.Input in : graph.inputs()) {
                double[] v = data.get(in.name());
                if (v == null || !fits(in.shape(), shapes.get(in.name()))) {
                    throw BadInputException.of(source, "graph.input", in.name(), "the data given do not fit this input "
                            + Arrays.toString(in.shape()) + " (-1: any size)");
                }
                inputs.put(in.name(), new Tensor.Real(shapes.get(in.name()), v));
            }
        }
        Map<String, Interpreter.Calibrated> calibrated = Map.of();
        Map<String, Tensor> floatOutputs = Map.of();
        Graph floatGraph = null;
        if (Quantization.needed(graph)) {
            Quantization.Prepared p = Quantization.prepare(graph, inputs, options, source);
            graph = p.graph();
            calibrated = p.calibrated();
            floatOutputs = p.floatOutputs();
            floatGraph = p.floatGraph();
        }
        return new Model(name(file), file, graph, inputs, calibrated, floatOutputs, floatGraph, options);
    }

    /** A model's name: its file's, without {@code .onnx}. */
    public static String name(Path file) {
        return (file.getFileName() == null ? file : file.getFileName()).toString().replaceFirst("(?i)\\.onnx$", "");
    }

    /** The graph's inputs: from the files in order, or the sample (docs/quantization.md). */
    static Map<String, Tensor> inputs(Graph graph, ModelOptions options, String source) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        List<Graph.Input> wanted = graph.inputs();
        if (!options.inputs().isEmpty() && options.inputs().size() != wanted.size()) {
            throw BadInputException.of("--input", "", options.inputs().toString(), "the model has " + wanted.size()
                    + " input(s) (" + wanted.stream().map(Graph.Input::name).toList() + "); give one file for each, in order");
        }
        Problems problems = new Problems();
        for (int i = 0; i < wanted.size(); i++) {
            Graph.Input in = wanted.get(i);
            Tensor t = options.inputs().isEmpty() ? sample(in, options.seed(), source) : read(options.inputs().get(i), in);
            if (!fits(in.shape(), t.shape())) {
                problems.add(options.inputs().isEmpty() ? source : options.inputs().get(i).toString(), "", Arrays.toString(t.shape()),
                        "input " + in.name() + " must have shape " + Arrays.toString(in.shape()) + " (-1: any size)");
            }
            out.put(in.name(), t);
        }
        problems.throwIfAny();
        return out;
    }

    private static boolean fits(int[] declared, int[] given) {
        if (declared == null) {
            return true;
        }
        if (declared.length != given.length) {
            return false;
        }
        for (int d = 0; d < declared.length; d++) {
            if (declared[d] >= 0 && declared[d] != given[d]) {
                return false;
            }
        }
        return true;
    }

    static Tensor read(Path file, Graph.Input in) {
        Tensor t;
        if (file.toString().toLowerCase(Locale.ROOT).endsWith(".npy")) {
            Npy.Real r = Npy.readReal(file);
            t = new Tensor.Real(r.shape(), r.values());
        } else {
            t = OnnxFile.tensorFile(file);
        }
        boolean floatInput = realInput(in);
        ElementType declared = ElementType.of(in.elemType());
        if (floatInput && t instanceof Tensor.Ints i && declared.bits() < 32 && i.type().bits() == declared.bits()
                && i.type().signedness() == dev.qasim.arith.Signedness.UNSIGNED) {
            // unsigned integers of a small float's width are its bit patterns (NumPy has no bfloat16 or float8)
            double[] v = new double[i.size()];
            for (int k = 0; k < v.length; k++) {
                v[k] = declared.decode(i.data()[k]);
            }
            return new Tensor.Real(i.shape(), v);
        }
        if (floatInput && t instanceof Tensor.Ints i) {
            return new Tensor.Real(i.shape(), i.asDoubles()); // integers given for a float input are its values
        }
        if (!floatInput && t instanceof Tensor.Real r) {
            Operand type = OnnxFile.operand(in.elemType());
            int[] v = new int[r.size()];
            for (int k = 0; k < v.length; k++) {
                double x = r.data()[k];
                if (x != Math.rint(x) || !type.fits((long) x)) {
                    throw BadInputException.of(file.toString(), "", Double.toString(x), "input " + in.name() + " holds " + type + " integers");
                }
                v[k] = (int) x;
            }
            return Tensor.Ints.plain(r.shape(), v, type);
        }
        return t;
    }

    /**
     * The deterministic sample: symbolic dimensions are 1; float inputs are standard gaussian (Box-Muller on
     * {@link SplittableRandom}), integer inputs uniform over their type; the generator is seeded with the seed
     * combined with the input's name, so a seed means the same sample in every version.
     */
    static Tensor sample(Graph.Input in, long seed, String source) {
        if (in.shape() == null) {
            throw BadInputException.of(source, "graph.input", in.name(), "declares no shape, so qasim cannot make a sample; give --input");
        }
        int[] shape = Arrays.stream(in.shape()).map(d -> d < 0 ? 1 : d).toArray();
        long count = Arrays.stream(shape).asLongStream().reduce(1, (x, y) -> x * y);
        if (count > MAX_SAMPLE_VALUES) {
            throw BadInputException.of(source, "graph.input", in.name() + " " + Arrays.toString(in.shape()),
                    "a sample of more than " + MAX_SAMPLE_VALUES + " values is not made; give --input");
        }
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ in.name().hashCode());
        int n = Tensor.size(shape);
        boolean floatInput = realInput(in);
        if (floatInput) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = (float) (Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble()));
            }
            return new Tensor.Real(shape, v);
        }
        Operand type = OnnxFile.operand(in.elemType());
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = (int) r.nextLong(type.min(), type.max() + 1);
        }
        return Tensor.Ints.plain(shape, v, type);
    }

    /** Whether a graph input holds real numbers (any real element type). */
    private static boolean realInput(Graph.Input in) {
        ElementType t = ElementType.of(in.elemType());
        return t != null && t.real();
    }

    /** The input names a model's graph expects, in order (for messages). */
    static List<String> inputNames(Graph graph) {
        List<String> names = new ArrayList<>();
        graph.inputs().forEach(i -> names.add(i.name()));
        return names;
    }
}
