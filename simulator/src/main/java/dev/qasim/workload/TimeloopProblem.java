package dev.qasim.workload;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qasim.input.Section;
import dev.qasim.input.YamlDocument;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A Timeloop problem file (YAML with a top-level {@code problem} key) read as a one-layer workload
 * (docs/workload-file.md, "Timeloop problems"). Timeloop describes a layer by the sizes of its loop dimensions:
 * <ul>
 *   <li>the CNN layer ({@code CNN-Layer}): C input channels, M output channels, R and S the filter's width and height,
 *   P and Q the output's width and height, N the batch, with the coefficients Wstride, Hstride, Wdilation and
 *   Hdilation (default 1), and optionally G groups (C and M per group). Timeloop has no padding: the input is as
 *   large as the windows reach, W = (P - 1) Wstride + (R - 1) Wdilation + 1 and H = (Q - 1) Hstride + (S - 1)
 *   Hdilation + 1, so qasim's conv2d with padding 0 has exactly P x Q outputs. A shape without M (Timeloop's
 *   depthwise layer, {@code dw-cnn-layer}) is a depthwise convolution, one filter per channel;</li>
 *   <li>a matrix product with the dimensions M, N and K: data M x K times weights K x N.</li>
 * </ul>
 * The sizes are under {@code problem.instance} (Timeloop 0.4) or directly under {@code problem} (earlier files); a
 * dimension not given is 1, as in Timeloop. {@code problem.shape}, when given, names the dimensions; its
 * {@code coefficients} and {@code data-spaces} are Timeloop's own description of the same loop nest and are not
 * checked further. Other top-level keys of a Timeloop input (architecture, mapper, mapping, constraints, ...) are
 * noted as without effect: qasim's architecture comes from {@code --arch}. Operand types and values are the workload
 * file's defaults (s8 weights, u8 data, synthetic gaussian values with seed 1); a layer too large for values runs
 * shape-only.
 */
public final class TimeloopProblem {
    private static final Set<String> CNN = Set.of("C", "M", "R", "S", "N", "P", "Q", "G");
    private static final Set<String> GEMM = Set.of("M", "N", "K");
    private static final List<String> COEFFICIENTS = List.of("Wstride", "Hstride", "Wdilation", "Hdilation");
    /** Top-level keys a Timeloop input may hold beside the problem. */
    private static final List<String> OTHER_KEYS = List.of("architecture", "architecture_constraints", "mapper", "mapping",
            "mapspace", "mapspace_constraints", "constraints", "sparse_optimizations", "compound_components", "variables",
            "globals", "model", "ERT", "ART", "components");
    /** Bound of every size, as a workload file's conv2d numbers. */
    private static final int MAX = 1 << 24;

    private TimeloopProblem() {}

    /** Whether a YAML document is a Timeloop problem: it has a top-level {@code problem} key. */
    public static boolean isProblem(YamlDocument doc) {
        return doc.root().keys().contains("problem");
    }

    /**
     * Reads the problem as a one-layer workload named after the file.
     *
     * @throws dev.qasim.input.BadInputException listing every problem (file, key path, value, what is allowed)
     */
    public static Workload build(YamlDocument doc, Path file) {
        Section root = doc.root();
        Section problem = root.section("problem");
        List<String> notes = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (String key : OTHER_KEYS) {
            if (root.has(key)) {
                ignored.add(key);
            }
        }
        if (!ignored.isEmpty()) {
            notes.add(file + ": " + String.join(", ", ignored) + " without effect: qasim takes the architecture from --arch");
        }
        root.finish();
        problem.raw("version"); // Timeloop's format version: the keys read here are the same in 0.3 and 0.4
        Set<String> dims = shape(problem.section("shape"));
        Section instance = problem.has("instance") ? problem.section("instance") : problem;
        if (dims == null) { // no shape: told by the instance's keys, as Timeloop's default is the CNN layer
            dims = instance.has("K") ? GEMM : CNN;
        }
        String name = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        Layer layer = dims.equals(GEMM) ? gemm(instance, name) : conv(instance, dims, name);
        if (instance != problem) {
            problem.finish();
        }
        instance.finish();
        doc.problems().throwIfAny();
        String tooLarge = WorkloadLoader.tooLarge(layer);
        if (tooLarge != null) {
            notes.add(name + ": " + tooLarge + "; it runs shape-only (cycles, MACs, memory traffic and energy exact; no values,"
                    + " outputs or overflow events)");
        }
        return new Workload(name, List.of(layer), file, notes);
    }

    /** The shape's dimensions, or {@code null} when the file gives no shape. */
    private static Set<String> shape(Section shape) {
        shape.string("name", null);
        shape.raw("coefficients");
        shape.raw("data-spaces");
        shape.raw("data_spaces");
        JsonNode dims = shape.raw("dimensions");
        shape.finish();
        if (dims == null) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode d : dims) {
            out.add(d.asText());
        }
        boolean cnn = CNN.containsAll(out) && out.contains("C") && !out.contains("K");
        if (!dims.isArray() || out.isEmpty() || !(cnn || out.equals(GEMM))) {
            shape.problem("dimensions", dims, "qasim reads Timeloop's CNN layer (C, M, R, S, N, P, Q, and G for groups; without"
                    + " M a depthwise layer) and a matrix product (M, N, K)");
            return CNN;
        }
        return out;
    }

    private static Layer gemm(Section instance, String name) {
        int m = instance.integer("M", 1, 1, Integer.MAX_VALUE);
        int n = instance.integer("N", 1, 1, Integer.MAX_VALUE);
        int k = instance.integer("K", 1, 1, Integer.MAX_VALUE);
        return new Gemm(WorkloadLoader.defaultSpec(name), m, n, k);
    }

    private static Layer conv(Section instance, Set<String> dims, String name) {
        int c = instance.integer("C", 1, 1, MAX);
        boolean depthwise = !dims.contains("M");
        int m = depthwise ? c : instance.integer("M", 1, 1, MAX);
        int r = instance.integer("R", 1, 1, MAX);
        int s = instance.integer("S", 1, 1, MAX);
        int n = instance.integer("N", 1, 1, MAX);
        int p = instance.integer("P", 1, 1, MAX);
        int q = instance.integer("Q", 1, 1, MAX);
        int g = dims.contains("G") ? instance.integer("G", 1, 1, MAX) : 1;
        int[] coefficient = new int[COEFFICIENTS.size()];
        for (int i = 0; i < coefficient.length; i++) {
            coefficient[i] = instance.integer(COEFFICIENTS.get(i), 1, 1, MAX);
        }
        long width = (long) (p - 1) * coefficient[0] + (long) (r - 1) * coefficient[2] + 1;
        long height = (long) (q - 1) * coefficient[1] + (long) (s - 1) * coefficient[3] + 1;
        long channels = (long) c * g;
        long filters = depthwise ? channels : (long) m * g;
        int groups = depthwise ? c : g;
        if (width > MAX || height > MAX || channels > MAX || filters > MAX) {
            instance.problem("P", instance.raw("P"), "the layer's input (" + channels + " x " + height + " x " + width
                    + ") or its " + filters + " filters exceed " + MAX + " in one dimension");
            return new Gemm(WorkloadLoader.defaultSpec(name), 1, 1, 1);
        }
        return new Conv2d(WorkloadLoader.defaultSpec(name), n, (int) channels, (int) filters,
                new Conv2d.Axis((int) height, s, coefficient[1], 0, coefficient[3]),
                new Conv2d.Axis((int) width, r, coefficient[0], 0, coefficient[2]), groups);
    }
}
