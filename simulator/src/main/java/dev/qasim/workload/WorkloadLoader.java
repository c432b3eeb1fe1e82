package dev.qasim.workload;

import dev.qasim.arith.Signedness;
import dev.qasim.input.BadInputException;
import dev.qasim.input.Problem;
import dev.qasim.input.Section;
import dev.qasim.input.YamlDocument;
import dev.qasim.input.YamlFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Loads a workload file (YAML, docs/workload-file.md): reads every key, reports every problem at once (file, key
 * path, value, what is allowed; unknown keys included), checks the .npy files it names (existence, dtype, shape,
 * value range), then builds the layers. A {@code .csv} file is read as a SCALE-Sim topology instead
 * ({@link ScaleSimTopology}).
 *
 * <p>Built-in defaults: weightBits 8, dataBits 8, dataSigned false, termRevealing true, values synthetic gaussian
 * with seed 1; weights are always signed.
 */
public final class WorkloadLoader {
    /** Operand width when neither the layer nor {@code defaults} sets one. */
    public static final int DEFAULT_BITS = 8;
    /** Seed of synthetic values when none is set. */
    public static final long DEFAULT_SEED = 1;

    private static final int MAX = Integer.MAX_VALUE;
    /** Bound of every conv2d number, so H + 2P and output sizes stay far inside an int. */
    private static final int MAX_CONV = 1 << 24;

    /** The {@code type} key's values. */
    private enum Type { CONV2D, FC, GEMM }

    /** The operand keys of {@code defaults}. */
    private record Defaults(int weightBits, int dataBits, boolean dataSigned, ValueKeys values, OutputSize outputSize) {}

    private WorkloadLoader() {}

    /**
     * Loads and validates a workload file: YAML, or a SCALE-Sim topology when the name ends in {@code .csv}.
     *
     * @throws BadInputException listing every problem in the file and the .npy files it names
     */
    public static Workload load(Path file) {
        return load(file, null);
    }

    /**
     * Loads a workload file: YAML, a SCALE-Sim topology ({@code .csv}) or a Timeloop problem (a YAML file with a
     * top-level {@code problem} key, {@link TimeloopProblem}); with {@code outputSize} not null every convolution's
     * output size follows it, whatever the file says ({@code --output-size}).
     *
     * @throws BadInputException listing every problem in the file and the .npy files it names
     */
    public static Workload load(Path file, OutputSize outputSize) {
        if (ScaleSimTopology.isTopology(file)) {
            return ScaleSimTopology.load(file, outputSize == null ? OutputSize.STANDARD : outputSize);
        }
        YamlDocument doc = YamlFiles.read(file, List.of());
        Workload workload = TimeloopProblem.isProblem(doc) ? TimeloopProblem.build(doc, file) : build(doc, file);
        if (outputSize == null) {
            return workload;
        }
        List<Layer> layers = workload.layers().stream()
                .map(l -> l instanceof Conv2d c ? (Layer) c.withOutputSize(outputSize) : l).toList();
        return new Workload(workload.name(), layers, workload.source(), workload.notes());
    }

    /**
     * Validates a workload document already read (with overrides applied, or a tree made in memory).
     *
     * @param file where the document came from: .npy paths are relative to its folder, and its name without
     *             {@code .yaml} is the workload's name when the document has none
     * @throws BadInputException listing every problem
     */
    public static Workload build(YamlDocument doc, Path file) {
        Section root = doc.root();
        String name = root.string("name", file.getFileName().toString().replaceFirst("\\.ya?ml$", ""));
        OutputSize outputSize = root.choice("outputSize", OutputSize.class, OutputSize.STANDARD);
        Section d = root.section("defaults");
        int weightBits = d.integer("weightBits", DEFAULT_BITS, 1, Operand.MAX_BITS);
        int dataBits = d.integer("dataBits", DEFAULT_BITS, 1, Operand.MAX_BITS);
        boolean dataSigned = d.bool("dataSigned", false);
        checkDataWidth(d, dataBits, dataSigned);
        ValueKeys values = ValueKeys.read(d.section("values"));
        values.usesOnlyItsSource();
        d.finish();
        Defaults defaults = new Defaults(weightBits, dataBits, dataSigned, values, outputSize);

        Path base = file.toAbsolutePath().getParent();
        List<Layer> layers = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (Section s : root.sections("layers")) {
            Layer layer = layer(s, defaults, base, seen);
            if (layer != null) {
                layers.add(layer);
            }
        }
        root.finish();
        doc.problems().throwIfAny();
        return new Workload(name, layers, file, List.of());
    }

    /**
     * The integer weights and data of a layer: synthetic ones generated as {@link SyntheticValues} specifies, or
     * the .npy files read (float32 ones quantized with the layer's scale), checked against the layer's shapes
     * and operand types.
     *
     * @throws BadInputException when a .npy file is missing or does not fit the layer (named by the file)
     */
    public static LayerValues values(Layer layer) {
        ValueSource source = layer.spec().values();
        if (source instanceof ValueSource.Synthetic synthetic) {
            LayerValues v = SyntheticValues.generate(layer, synthetic);
            return LayerValues.checked(layer, v.weights(), v.data());
        }
        if (source instanceof ValueSource.Given given) {
            return LayerValues.checked(layer, given.weights(), given.data());
        }
        ValueSource.Npy npy = (ValueSource.Npy) source;
        IntTensor weights = Npy.read(npy.weights(), layer.weightShape(), weightLayout(layer), layer.spec().weights(), npy.scale());
        IntTensor data = Npy.read(npy.data(), layer.dataShape(), dataLayout(layer), layer.spec().data(), npy.scale());
        return LayerValues.checked(layer, weights, data);
    }

    /**
     * The workload in the file format with every key resolved (defaults applied, .npy paths absolute), so
     * loading the text again gives equal layers; the notes come first, as comments.
     */
    public static String toYaml(Workload workload) {
        StringBuilder notes = new StringBuilder();
        for (String note : workload.notes()) {
            notes.append("# ").append(note).append('\n');
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("name", workload.name());
        root.put("layers", workload.layers().stream().map(WorkloadLoader::tree).toList());
        return notes + YamlFiles.toYaml(root);
    }

    private static Map<String, Object> tree(Layer layer) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", layer.name());
        m.put("type", layer.type());
        if (layer instanceof Conv2d c) {
            m.put("input", List.of(c.batch(), c.channels(), c.h().size(), c.w().size()));
            m.put("kernel", List.of(c.outChannels(), c.groupChannels(), c.h().kernel(), c.w().kernel()));
            m.put("stride", List.of(c.h().stride(), c.w().stride()));
            m.put("padding", List.of(c.h().pad(), c.w().pad()));
            m.put("dilation", List.of(c.h().dilation(), c.w().dilation()));
            m.put("groups", c.groups());
            if (c.outputSize() != OutputSize.STANDARD) {
                m.put("outputSize", Section.yamlName(c.outputSize()));
            }
        } else if (layer instanceof FullyConnected f) {
            m.put("inFeatures", f.inFeatures());
            m.put("outFeatures", f.outFeatures());
            m.put("batch", f.batch());
        } else {
            Gemm g = (Gemm) layer;
            if (g.groups() > 1) {
                m.put("groups", g.groups());
            }
            m.put("m", g.m());
            m.put("n", g.n());
            m.put("k", g.k());
        }
        LayerSpec spec = layer.spec();
        m.put("weightBits", spec.weights().bits());
        m.put("dataBits", spec.data().bits());
        m.put("dataSigned", spec.data().signedness() == Signedness.SIGNED);
        m.put("termRevealing", spec.termRevealing());
        Map<String, Object> values = new LinkedHashMap<>();
        if (spec.values() instanceof ValueSource.Synthetic synthetic) {
            values.put("source", "synthetic");
            values.put("distribution", Section.yamlName(synthetic.distribution()));
            values.put("seed", synthetic.seed());
        } else if (spec.values() instanceof ValueSource.Given) {
            values.put("source", "given"); // in memory (an imported model): no file form
        } else {
            ValueSource.Npy npy = (ValueSource.Npy) spec.values();
            values.put("source", "npy");
            values.put("weights", npy.weights().toString());
            values.put("data", npy.data().toString());
            if (npy.scale() != null) {
                values.put("scale", npy.scale());
            }
        }
        m.put("values", values);
        return m;
    }

    /** The operand types and values every layer of a SCALE-Sim topology gets: the built-in defaults. */
    static LayerSpec defaultSpec(String name) {
        return new LayerSpec(name, Operand.signed(DEFAULT_BITS), Operand.unsigned(DEFAULT_BITS), true,
                new ValueSource.Synthetic(ValueSource.Distribution.GAUSSIAN, DEFAULT_SEED));
    }

    /**
     * Why a layer is too large to hold its tensors, or {@code null}: each of its data, weight and output tensors
     * must fit a Java array ({@link Npy#MAX_VALUES} values).
     */
    public static String tooLarge(Layer layer) {
        String[] names = {"data", "weight", "output"};
        int[][] shapes = {layer.dataShape(), layer.weightShape(), layer.outputShape()};
        for (int i = 0; i < shapes.length; i++) {
            long count = 1;
            for (int dim : shapes[i]) {
                count *= dim; // no overflow: a product of int dimensions stops growing past the limit below
                if (count > Npy.MAX_VALUES) {
                    return "the " + names[i] + " tensor " + Arrays.toString(shapes[i]) + " is too large: at most "
                            + Npy.MAX_VALUES + " values are supported";
                }
            }
        }
        return null;
    }

    /**
     * Why a dilated kernel does not fit the padded input, or {@code null}; the true output size
     * floor((H + 2P - D(K - 1) - 1) / S) + 1 is at least 1 exactly when D(K - 1) + 1 &lt;= H + 2P.
     */
    private static String kernelTooLarge(int h, int w, int kh, int kw, int[] pad, int[] dilation) {
        long spanH = (long) dilation[0] * (kh - 1) + 1;
        long spanW = (long) dilation[1] * (kw - 1) + 1;
        long paddedH = h + 2L * pad[0];
        long paddedW = w + 2L * pad[1];
        if (spanH <= paddedH && spanW <= paddedW) {
            return null;
        }
        return "the kernel spans " + spanH + "x" + spanW + " (dilation included), more than the padded input "
                + paddedH + "x" + paddedW + " (H + 2 * padding, W + 2 * padding)";
    }

    /**
     * Reads one layer; {@code null} when it has a problem (every problem is reported).
     *
     * @param seen the path of the first layer of each name read so far
     */
    private static Layer layer(Section s, Defaults defaults, Path base, Map<String, String> seen) {
        int before = problemCount(s);
        String name = s.string("name", null);
        if (!s.has("name")) {
            s.problem("name", null, "required: a non-empty string, unique in the workload");
        }
        String first = name == null ? null : seen.putIfAbsent(name, s.path());
        if (first != null) {
            s.problem("name", s.raw("name"), "duplicate: " + first + " has this name; names must be unique");
        }
        if (!s.has("type")) {
            s.problem("type", null, "required: one of conv2d, fc, gemm");
            return null;
        }
        Type type = s.choice("type", Type.class, null);
        if (type == null) {
            return null; // without a type the other keys cannot be told from unknown ones
        }
        Function<LayerSpec, Layer> geometry = switch (type) {
            case CONV2D -> conv(s, defaults.outputSize());
            case FC -> fc(s);
            default -> gemm(s);
        };
        int weightBits = s.integer("weightBits", defaults.weightBits(), 1, Operand.MAX_BITS);
        int dataBits = s.integer("dataBits", defaults.dataBits(), 1, Operand.MAX_BITS);
        boolean dataSigned = s.bool("dataSigned", defaults.dataSigned());
        if (s.has("dataBits") || s.has("dataSigned")) {
            checkDataWidth(s, dataBits, dataSigned);
        }
        boolean termRevealing = s.bool("termRevealing", true);
        ValueKeys own = ValueKeys.read(s.section("values"));
        ValueSource values = ValueKeys.resolve(own, defaults.values(), base);
        s.finish();
        if (problemCount(s) > before) {
            return null;
        }
        Operand data = dataSigned ? Operand.signed(dataBits) : Operand.unsigned(dataBits);
        Layer layer = geometry.apply(new LayerSpec(name, Operand.signed(weightBits), data, termRevealing, values));
        String tooLarge = tooLarge(layer);
        if (tooLarge != null) {
            s.problem("name", s.raw("name"), tooLarge);
            return null;
        }
        return values instanceof ValueSource.Npy npy && !npyFilesFit(layer, npy, own, defaults.values()) ? null : layer;
    }

    /** Reads a conv2d layer's geometry and returns how to build the layer (never applied after a problem). */
    private static Function<LayerSpec, Layer> conv(Section s, OutputSize defaultOutputSize) {
        int before = problemCount(s);
        OutputSize outputSize = s.choice("outputSize", OutputSize.class, defaultOutputSize);
        int[] in = s.requiredIntegerList("input", 4, 1, MAX_CONV, "batch, C, H, W");
        int[] k = s.requiredIntegerList("kernel", 4, 1, MAX_CONV, "Cout, Cin/groups, Kh, Kw");
        int[] stride = s.integers("stride", 2, 1, 1, MAX_CONV);
        int[] pad = s.integers("padding", 2, 0, 0, MAX_CONV);
        int[] dilation = s.integers("dilation", 2, 1, 1, MAX_CONV);
        int groups = s.integer("groups", 1, 1, MAX_CONV);
        if (problemCount(s) == before) {
            if (in[1] % groups != 0) {
                s.problem("groups", s.raw("groups"), "must divide the input channels C = " + in[1]);
            } else if (k[1] != in[1] / groups) {
                s.problem("kernel", s.raw("kernel"), "kernel[1] (Cin/groups) must be C / groups = " + in[1] + " / "
                        + groups + " = " + in[1] / groups);
            }
            if (k[0] % groups != 0) {
                s.problem("groups", s.raw("groups"), "must divide the output channels Cout = " + k[0]);
            }
            String tooLarge = kernelTooLarge(in[2], in[3], k[2], k[3], pad, dilation);
            if (tooLarge != null) {
                s.problem("kernel", s.raw("kernel"), tooLarge);
            }
        }
        return spec -> new Conv2d(spec, in[0], in[1], k[0], new Conv2d.Axis(in[2], k[2], stride[0], pad[0], dilation[0]),
                new Conv2d.Axis(in[3], k[3], stride[1], pad[1], dilation[1]), groups, outputSize);
    }

    private static Function<LayerSpec, Layer> fc(Section s) {
        int in = s.requiredInteger("inFeatures", 1, MAX);
        int out = s.requiredInteger("outFeatures", 1, MAX);
        int batch = s.integer("batch", 1, 1, MAX);
        return spec -> new FullyConnected(spec, batch, in, out);
    }

    private static Function<LayerSpec, Layer> gemm(Section s) {
        int m = s.requiredInteger("m", 1, MAX);
        int n = s.requiredInteger("n", 1, MAX);
        int k = s.requiredInteger("k", 1, MAX);
        return spec -> new Gemm(spec, m, n, k);
    }

    /** Reads both .npy files of a layer, reporting each problem at the key that named the file. */
    private static boolean npyFilesFit(Layer layer, ValueSource.Npy npy, ValueKeys own, ValueKeys defaults) {
        boolean fit = npyFileFits(ValueKeys.owner(own, defaults, "weights"), "weights", npy.weights(),
                layer.weightShape(), weightLayout(layer), layer.spec().weights(), npy.scale());
        return npyFileFits(ValueKeys.owner(own, defaults, "data"), "data", npy.data(), layer.dataShape(),
                dataLayout(layer), layer.spec().data(), npy.scale()) && fit;
    }

    private static boolean npyFileFits(ValueKeys owner, String key, Path file, int[] shape, String layout, Operand type,
                                       Double scale) {
        try {
            Npy.read(file, shape, layout, type, scale);
            return true;
        } catch (BadInputException e) {
            for (Problem p : e.problems()) {
                owner.problem(key, p.rule());
            }
            return false;
        }
    }

    /** Unsigned data of 32 bits does not fit the 32-bit signed integers tensors hold. */
    private static void checkDataWidth(Section s, int bits, boolean signed) {
        if (!signed && bits == Operand.MAX_BITS) {
            s.problem(s.has("dataBits") ? "dataBits" : "dataSigned", s.raw(s.has("dataBits") ? "dataBits" : "dataSigned"),
                    "unsigned data is at most 31 bits wide (tensors hold 32-bit signed integers); use dataSigned: true or fewer bits");
        }
    }

    private static String weightLayout(Layer layer) {
        return layer instanceof Conv2d ? "Cout, Cin/groups, Kh, Kw" : layer instanceof Gemm ? "k, n" : "outFeatures, inFeatures";
    }

    private static String dataLayout(Layer layer) {
        return layer instanceof Conv2d ? "batch, C, H, W" : layer instanceof Gemm ? "m, k" : "batch, inFeatures";
    }

    private static int problemCount(Section s) {
        return s.document().problems().list().size();
    }
}
