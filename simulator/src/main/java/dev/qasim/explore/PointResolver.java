package dev.qasim.explore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.hash.Hashing;
import dev.qasim.config.ArchConfig;
import dev.qasim.config.ArchLoader;
import dev.qasim.energy.EnergyModel;
import dev.qasim.energy.EnergyTable;
import dev.qasim.energy.EnergyTables;
import dev.qasim.engine.Engine;
import dev.qasim.engine.EngineOptions;
import dev.qasim.engine.Simulator;
import dev.qasim.input.BadInputException;
import dev.qasim.input.Problem;
import dev.qasim.input.Section;
import dev.qasim.input.YamlDocument;
import dev.qasim.input.YamlFiles;
import dev.qasim.model.ModelLoader;
import dev.qasim.model.ModelOptions;
import dev.qasim.report.Version;
import dev.qasim.workload.Layer;
import dev.qasim.workload.ScaleSimTopology;
import dev.qasim.workload.ValueSource;
import dev.qasim.workload.Workload;
import dev.qasim.workload.WorkloadLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Turns a grid point into what a run needs, through the same validation as files: the base architecture (with
 * its {@code --set} overrides) with the point's architecture keys set, the workload with its {@code workload.}
 * keys set, the energy table, and the check that the array can run every layer. A point that fails any of
 * these is {@link Status#INVALID} with the problems as its reason. Workloads and tables are loaded once per
 * distinct setting. An ONNX model is a workload of its array layers with their real weights and the data of its
 * exact pass on the deterministic sample ({@link dev.qasim.model.Model#workload()}). Thread-safe.
 */
final class PointResolver {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WORKLOAD_PREFIX = Grid.WORKLOAD + ".";

    /**
     * One point, resolved.
     *
     * @param settings the keys the grid sets, leaf path to value
     * @param reason   why the point is not run (null when it is)
     * @param problems the problems of an invalid point, one per line of its reason
     * @param arch     null when the architecture does not validate
     * @param workload null when the workload does not validate
     * @param energy   null when the point is invalid
     * @param hash     SHA-256 (16 hex digits) of everything the point's rows depend on
     */
    record Point(long id, Map<String, JsonNode> settings, Status status, String reason, List<Problem> problems, ArchConfig arch,
                 Workload workload, EnergyModel energy, String hash) {}

    /** A file loaded once, or the problems that stopped it. */
    private record Loaded<T>(T value, List<Problem> problems) {
        static <T> Loaded<T> of(Supplier<T> load) {
            try {
                return new Loaded<>(load.get(), List.of());
            } catch (BadInputException e) {
                return new Loaded<>(null, e.problems());
            }
        }
    }

    private final Grid grid;
    private final String label;
    private final YamlDocument archBase;
    private final String archStem;
    private final Path archDir;
    private final Path workloadFile;
    private final YamlDocument workloadBase;
    private final boolean values;
    private final Map<Map<String, JsonNode>, Loaded<Workload>> workloads = new ConcurrentHashMap<>();
    private final Map<String, Loaded<EnergyTable>> tables = new ConcurrentHashMap<>();
    private final Map<Path, String> fileHashes = new ConcurrentHashMap<>();
    private final Map<Object, String> texts = Collections.synchronizedMap(new IdentityHashMap<>());
    private final String version = Version.get();

    /**
     * @param label    the grid file as the user named it: the source of problems at the keys the grid sets
     * @param archBase the architecture file read with its {@code --set} overrides, not yet validated
     * @param values   whether points run with values ({@code --values on})
     */
    PointResolver(Grid grid, String label, Path archFile, YamlDocument archBase, Path workloadFile, boolean values) {
        this.grid = grid;
        this.label = label;
        this.archBase = archBase;
        this.archStem = archFile.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        this.archDir = archFile.toAbsolutePath().getParent();
        this.workloadFile = workloadFile;
        this.workloadBase = ScaleSimTopology.isTopology(workloadFile) || ModelLoader.isModel(workloadFile) ? null
                : YamlFiles.read(workloadFile, List.of());
        this.values = values;
    }

    /**
     * Problems of the grid's keys themselves, found by setting each to its first value on the base files: keys
     * the files do not have, and keys below a value that is not a mapping. Every point would fail with them.
     */
    List<Problem> checkKeys(Path gridFile) {
        List<Problem> problems = new ArrayList<>();
        for (Grid.Axis axis : grid.axes()) {
            for (String leaf : axis.leaves()) {
                JsonNode first = axis.values().stream().map(v -> Grid.settings(axis.path(), v).get(leaf))
                        .filter(v -> v != null).findFirst().orElseThrow();
                String where = "grid." + axis.path();
                String value = leaf.equals(axis.path()) ? Section.render(first) : leaf + " = " + Section.render(first);
                boolean workloadKey = leaf.equals(Grid.WORKLOAD) || leaf.startsWith(WORKLOAD_PREFIX);
                if (workloadKey && (leaf.equals(Grid.WORKLOAD) || workloadBase == null)) {
                    problems.add(new Problem(gridFile.toString(), where, value, workloadBase == null
                            ? "workload keys need a YAML workload file (" + workloadFile + " is "
                                    + (ModelLoader.isModel(workloadFile) ? "an ONNX model)" : "a SCALE-Sim topology)")
                            : "name a key of the workload file below workload., e.g. workload.defaults.weightBits"));
                    continue;
                }
                String path = workloadKey ? leaf.substring(WORKLOAD_PREFIX.length()) : leaf;
                YamlDocument doc = (workloadKey ? workloadBase : archBase).with(Map.of(path, first), label);
                List<Problem> found = new ArrayList<>(doc.problems().list());
                if (found.isEmpty()) {
                    try {
                        if (workloadKey) {
                            WorkloadLoader.build(doc, workloadFile);
                        } else {
                            ArchLoader.build(doc, archStem);
                        }
                    } catch (BadInputException e) {
                        e.problems().stream().filter(p -> p.rule().startsWith(Section.UNKNOWN_KEY)
                                && (path.equals(p.keyPath()) || path.startsWith(p.keyPath() + "."))).forEach(found::add);
                    }
                }
                found.forEach(p -> problems.add(new Problem(gridFile.toString(), where, value,
                        (leaf.equals(axis.path()) ? "" : "sets " + leaf + ": ") + p.keyPath() + ": " + p.rule())));
            }
        }
        return problems;
    }

    /** Resolves point {@code id} of the grid. */
    Point resolve(long id) {
        Map<String, JsonNode> settings = grid.settings(id);
        Map<String, JsonNode> archKeys = new LinkedHashMap<>();
        Map<String, JsonNode> workloadKeys = new LinkedHashMap<>();
        settings.forEach((path, v) -> {
            if (path.startsWith(WORKLOAD_PREFIX)) {
                workloadKeys.put(path.substring(WORKLOAD_PREFIX.length()), v);
            } else {
                archKeys.put(path, v);
            }
        });
        List<Problem> problems = new ArrayList<>();
        Loaded<ArchConfig> arch = Loaded.of(() -> ArchLoader.build(archBase.with(archKeys, label), archStem));
        problems.addAll(arch.problems());
        Loaded<Workload> workload = workloads.computeIfAbsent(workloadKeys, keys -> Loaded.of(() -> !keys.isEmpty()
                ? WorkloadLoader.build(workloadBase.with(keys, label), workloadFile)
                : ModelLoader.isModel(workloadFile) ? ModelLoader.load(workloadFile, ModelOptions.defaults()).workload()
                : WorkloadLoader.load(workloadFile)));
        problems.addAll(workload.problems());
        Loaded<EnergyTable> table = null;
        if (arch.value() != null) {
            table = tables.computeIfAbsent(arch.value().energy().table(), name -> Loaded.of(() -> EnergyTables.load(name, archDir)));
            problems.addAll(table.problems());
        }
        EnergyModel energy = null;
        if (table != null && table.value() != null) {
            try {
                energy = new EnergyModel(table.value(), arch.value(), label);
            } catch (BadInputException e) {
                problems.addAll(e.problems());
            }
        }
        if (arch.value() != null && workload.value() != null) {
            try {
                new Simulator(arch.value(), Engine.Kind.FAST, EngineOptions.defaults(), true)
                        .checkRunnable(workloadFile.toString(), workload.value().layers());
            } catch (BadInputException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            String reason = problems.stream().map(Problem::message).collect(Collectors.joining("; "));
            return new Point(id, settings, Status.INVALID, reason, problems, arch.value(), workload.value(), null,
                    sha256("invalid\n" + JSON.valueToTree(settings) + "\n" + reason));
        }
        String needs = values ? null : Simulator.countsNeedValues(arch.value(), workload.value().layers());
        return new Point(id, settings, needs == null ? Status.OK : Status.NEEDS_VALUES, needs, List.of(), arch.value(),
                workload.value(), energy, hash(arch.value(), table.value(), workload.value()));
    }

    /**
     * The hash of everything a point's rows depend on: the qasim version, the values mode, the resolved
     * architecture, the energy table's figures, every layer (shapes, operand types, value sources) and the
     * contents of the .npy files they name, or of the ONNX model the layers come from.
     */
    private String hash(ArchConfig arch, EnergyTable table, Workload workload) {
        String archText;
        try {
            archText = JSON.writeValueAsString(arch.toTree());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        // tables and workloads are shared by many points: their text is made once (they are loaded once each)
        String tableText = texts.computeIfAbsent(table, t -> sha256(t.toString()));
        String workloadText = texts.computeIfAbsent(workload, w -> {
            StringBuilder text = new StringBuilder();
            if (ModelLoader.isModel(workloadFile)) {
                text.append("model ").append(fileHash(workloadFile));
            }
            for (Layer layer : workload.layers()) {
                text.append('\n').append(layer);
                if (layer.spec().values() instanceof ValueSource.Npy npy) {
                    text.append(' ').append(fileHash(npy.weights())).append(' ').append(fileHash(npy.data()));
                }
            }
            return sha256(text.toString());
        });
        return sha256("qasim " + version + "\nvalues " + (values ? "on" : "off") + "\n" + archText + "\n" + tableText
                + "\n" + workloadText);
    }

    private String fileHash(Path file) {
        return fileHashes.computeIfAbsent(file, f -> {
            try {
                return Hashing.sha256().hashBytes(Files.readAllBytes(f)).toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e); // the workload or model loader has read it already
            }
        });
    }

    static String sha256(String text) {
        return Hashing.sha256().hashString(text, StandardCharsets.UTF_8).toString().substring(0, 16);
    }
}
