package dev.qasim.report;

import com.google.common.hash.Hashing;
import dev.qasim.config.ArchConfig;
import dev.qasim.config.ArchLoader;
import dev.qasim.energy.EnergyModel;
import dev.qasim.energy.RunEnergy;
import dev.qasim.engine.CycleTrace;
import dev.qasim.engine.Engine;
import dev.qasim.engine.EngineOptions;
import dev.qasim.engine.RunResult;
import dev.qasim.engine.Simulator;
import dev.qasim.model.Model;
import dev.qasim.model.ModelLoader;
import dev.qasim.model.ModelOptions;
import dev.qasim.model.ModelRun;
import dev.qasim.input.Section;
import dev.qasim.workload.Layer;
import dev.qasim.workload.OutputSize;
import dev.qasim.workload.ValueSource;
import dev.qasim.workload.Workload;
import dev.qasim.workload.WorkloadLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The use case behind {@code qasim run} and {@code qasim demo}: load and validate the architecture (with
 * overrides) and the workload, check that the array can run every layer, simulate, and build the report.
 * Every input problem is raised before anything is simulated.
 */
public final class RunJob {
    /** Why {@code --values off} refuses an ONNX model. */
    public static final String MODEL_NEEDS_VALUES = "an ONNX model runs with its values (importing it runs the graph on "
            + "them, and the post-processing unit works on the outputs); run it with --values on, or sweep it with --values "
            + "off for its array layers alone";
    private final ArchConfig arch;
    private final Workload workload;
    private final Engine.Kind engine;
    private final EngineOptions options;
    private final boolean checkOutputs;
    private final String command;
    private final EnergyModel energy;
    private final Model model;
    private final List<String> archNotes;
    /** Whether the layers run with their values (false: shape-only, {@link #withoutValues}). */
    private boolean values = true;
    private ModelRun modelRun;

    private RunJob(ArchConfig arch, List<String> archNotes, EnergyModel energy, Model model, Workload workload,
                   Engine.Kind engine, EngineOptions options, boolean checkOutputs, String command) {
        this.arch = arch;
        this.archNotes = List.copyOf(archNotes);
        this.energy = energy;
        this.model = model;
        this.workload = workload;
        this.engine = engine;
        this.options = options;
        this.checkOutputs = checkOutputs;
        this.command = command;
    }

    /**
     * Loads and validates everything a run needs.
     *
     * @throws dev.qasim.input.BadInputException listing every problem of the files, overrides and layers
     */
    public static RunJob prepare(Path archFile, List<String> overrides, Path workloadFile, Engine.Kind engine,
                                 EngineOptions options, boolean checkOutputs, String command) {
        return prepare(archFile, overrides, workloadFile, List.of(), engine, options, checkOutputs, command);
    }

    /**
     * The same; an ONNX model ({@code .onnx}) is imported by {@link ModelLoader}, its inputs read from
     * {@code modelInputs} (empty: the deterministic sample).
     */
    public static RunJob prepare(Path archFile, List<String> overrides, Path workloadFile, List<Path> modelInputs,
                                 Engine.Kind engine, EngineOptions options, boolean checkOutputs, String command) {
        return prepare(archFile, overrides, workloadFile, modelInputs, null, engine, options, checkOutputs, command);
    }

    /**
     * The same, with every convolution's output size under {@code outputSize} ({@code --output-size}; null: as the
     * workload says, {@link WorkloadLoader#load(Path, OutputSize)}).
     */
    public static RunJob prepare(Path archFile, List<String> overrides, Path workloadFile, List<Path> modelInputs,
                                 OutputSize outputSize, Engine.Kind engine, EngineOptions options, boolean checkOutputs,
                                 String command) {
        ArchConfig arch = ArchLoader.load(archFile, overrides);
        EnergyModel energy = EnergyModel.forArch(arch, archFile);
        Model model = ModelLoader.isModel(workloadFile)
                ? ModelLoader.load(workloadFile, ModelOptions.defaults().withInputs(modelInputs)) : null;
        if (model != null && outputSize != null) {
            throw dev.qasim.input.BadInputException.of("--output-size", "", Section.yamlName(outputSize),
                    "applies to a workload file or a SCALE-Sim topology, not to an ONNX model, whose sizes are the model's");
        }
        Workload workload = model != null ? model.workload() : WorkloadLoader.load(workloadFile, outputSize);
        RunJob job = new RunJob(arch, ArchLoader.notes(archFile), energy, model, workload, engine, options, checkOutputs, command);
        job.simulator().checkRunnable(workloadFile.toString(), workload.layers());
        return job;
    }

    /**
     * This job shape-only ({@code --values off}): every layer runs without values ({@link Simulator#runTimingOnly}),
     * so cycles, MACs, memory traffic and energy are exact and overflow events, outputs and their error are not simulated.
     *
     * @throws dev.qasim.input.BadInputException when the workload is an ONNX model (importing it runs the graph on
     *         values, and its report's post-processing unit works on them) or the architecture's timing depends on
     *         the values or its energy counts term pairs ({@link Simulator#countsNeedValues})
     */
    public RunJob withoutValues() {
        if (model != null) {
            throw dev.qasim.input.BadInputException.of("--values", "", "off", MODEL_NEEDS_VALUES);
        }
        String reason = Simulator.countsNeedValues(arch, workload.layers());
        if (reason != null) {
            throw dev.qasim.input.BadInputException.of("--values", "", "off", "architecture " + arch.name()
                    + " needs the values for exact counts (" + reason + "); run it with --values on");
        }
        RunJob job = new RunJob(arch, archNotes, energy, null, workload, engine, options, false, command);
        job.values = false;
        return job;
    }

    /** Whether the layers run with their values ({@code --values on}). */
    public boolean values() {
        return values;
    }

    private Simulator simulator() {
        return new Simulator(arch, engine, options, checkOutputs);
    }

    public ArchConfig arch() {
        return arch;
    }

    public Workload workload() {
        return workload;
    }

    /** The last model run's details (post-processing unit, outputs); null for a workload file or before execute. */
    public ModelRun modelRun() {
        return modelRun;
    }

    /** The default output folder name: {@code <workload>-<arch>}, made safe ({@link FolderNames}). */
    public String defaultFolderName() {
        return FolderNames.of(workload.name(), arch.name());
    }

    /**
     * Runs the workload; {@code traceLayer} (may be null) runs on the stepped engine with {@code trace}.
     */
    public RunReport execute(Simulator.Listener listener, String traceLayer, CycleTrace trace) {
        String started = Instant.now().toString();
        Simulator sim = simulator();
        Simulator traced = traceLayer == null ? null
                : new Simulator(arch, Engine.Kind.STEPPED, new EngineOptions(options.eventLimit(), trace), checkOutputs);
        if (model != null) {
            modelRun = model.run(arch, engine, options, checkOutputs, listener, traceLayer, traced);
        }
        RunResult result = model != null ? modelRun.array()
                : !values ? sim.runTimingOnly(workload.name(), workload.layers(), listener)
                : sim.run(workload.name(), workload.layers(), WorkloadLoader::values, listener, traceLayer, traced);
        List<String> notes = new ArrayList<>(archNotes);
        notes.addAll(workload.notes());
        notes.addAll(result.notes());
        result = new RunResult(result.arch(), result.workload(), result.engine(), result.layers(), notes);
        Provenance provenance = new Provenance(command, configHash(), seed(), engine.name().toLowerCase(),
                System.getProperty("java.version"), started);
        if (modelRun == null) {
            return new RunReport(provenance, result, ReportEntries.workload(workload), RunEnergy.price(energy, result));
        }
        long laneOps = modelRun.ppu().stream().mapToLong(dev.qasim.model.ops.PpuStats::laneOps).sum();
        long multiplies = modelRun.ppu().stream().mapToLong(dev.qasim.model.ops.PpuStats::multiplies).sum();
        RunEnergy.PostWork post = new RunEnergy.PostWork(laneOps, multiplies, modelRun.postCycles());
        return new RunReport(provenance, result, ReportEntries.workload(workload), RunEnergy.price(energy, result, post),
                modelRun.ppu(), modelRun.postCycles());
    }

    /** The seed of the synthetic values when every synthetic layer uses the same one. */
    private Long seed() {
        Set<Long> seeds = workload.layers().stream().map(l -> l.spec().values())
                .filter(v -> v instanceof ValueSource.Synthetic).map(v -> ((ValueSource.Synthetic) v).seed())
                .collect(Collectors.toSet());
        return seeds.size() == 1 ? seeds.iterator().next() : null;
    }

    /** A hash of the resolved architecture and the workload's layers, values sources included. */
    private String configHash() {
        StringBuilder text = new StringBuilder(JsonRenderer.json(arch.toTree()));
        for (Layer l : workload.layers()) {
            text.append(l).append('\n');
        }
        return Hashing.sha256().hashString(text, StandardCharsets.UTF_8).toString().substring(0, 16);
    }
}
