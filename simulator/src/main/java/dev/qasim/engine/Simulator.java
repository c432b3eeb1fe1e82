package dev.qasim.engine;

import dev.qasim.config.ArchConfig;
import dev.qasim.input.Section;
import dev.qasim.input.Problems;
import dev.qasim.workload.Layer;
import dev.qasim.workload.LayerValues;
import dev.qasim.workload.Lowered;
import dev.qasim.workload.Reference;
import dev.qasim.workload.WorkloadLoader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs a workload's layers in order on one architecture: values, lowering, the array (either engine), the
 * memory system, and the check of every output against the direct-loop reference. A layer that traps ends
 * the run. Nothing here prints; progress goes to a listener.
 */
public final class Simulator {
    private final ArchConfig arch;
    private final Engine.Kind engine;
    private final EngineOptions options;
    private final boolean checkOutputs;
    /** What runs of a layer's values share on any hardware (a sweep's points), or null: each run computes its own. */
    private final Function<Layer, SharedLayer> shared;

    /** Called after each layer (for progress). */
    public interface Listener {
        void layerDone(int index, int count, LayerResult result);
    }

    public Simulator(ArchConfig arch, Engine.Kind engine, EngineOptions options, boolean checkOutputs) {
        this(arch, engine, options, checkOutputs, null);
    }

    private Simulator(ArchConfig arch, Engine.Kind engine, EngineOptions options, boolean checkOutputs,
                      Function<Layer, SharedLayer> shared) {
        this.arch = arch;
        this.engine = engine;
        this.options = options;
        this.checkOutputs = checkOutputs;
        this.shared = shared;
    }

    /**
     * This simulator taking what runs of a layer's values share on any hardware from {@code shared} ({@link SharedLayer}:
     * the exact outputs of {@link Reference#outputs}, the nonzero term pairs, the engine's results where no column can
     * overflow): a sweep computes them once per layer for all its points. A layer must then run on its shared values.
     */
    public Simulator withShared(Function<Layer, SharedLayer> shared) {
        return new Simulator(arch, engine, options, checkOutputs, shared);
    }

    /**
     * Checks what the array cannot run before anything is simulated: operands wider than the multiplier, exact
     * dot products beyond 64 bits, and policies term-serial PEs do not support (trap, widen-replay).
     *
     * @param source the workload file, for problem lines
     * @throws dev.qasim.input.BadInputException listing every problem
     */
    public void checkRunnable(String source, List<Layer> layers) {
        Problems problems = new Problems();
        ProcessingElement pe = ProcessingElement.of(arch);
        if (!pe.policies().contains(arch.pe().overflow())) {
            problems.add("architecture " + arch.name(), "pe.overflow", "\"" + Section.yamlName(arch.pe().overflow()) + "\"",
                    Section.yamlName(pe.kind()) + " PEs support " + pe.policies().stream().map(Section::yamlName)
                            .collect(java.util.stream.Collectors.joining(" and ")));
        }
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            String path = "layers[" + i + "] (" + layer.name() + ")";
            if (shapeOnly(layer)) {
                String reason = timingNeedsValues(arch, List.of(layer));
                if (reason != null) {
                    problems.add(source, path, null, "too large for values (" + WorkloadLoader.tooLarge(layer)
                            + "), so it runs shape-only, and its timing needs values: " + reason);
                }
                continue;
            }
            pe.checkOperands(problems, source, path, layer);
            BigInteger worst = BigInteger.valueOf(layer.spec().weights().maxMagnitude())
                    .multiply(BigInteger.valueOf(layer.spec().data().maxMagnitude()))
                    .multiply(BigInteger.valueOf(layer.matrixForm().k()));
            if (worst.bitLength() > 62) {
                problems.add(source, path, null, "dot products may exceed 62 bits (max|w| * max|x| * K = " + worst + ")");
            }
        }
        problems.throwIfAny();
    }

    /** What a user should know about how this architecture's PEs treat the layers (settings without effect). */
    public static List<String> layerNotes(ArchConfig arch, List<Layer> layers) {
        ProcessingElement pe = ProcessingElement.of(arch);
        return layers.stream().flatMap(l -> pe.notes(l).stream()).toList();
    }

    /**
     * Runs the layers in order; values come from {@code values}, or, when this simulator shares them
     * ({@link #withShared}), from each layer's shared part.
     */
    public RunResult run(String workloadName, List<Layer> layers, Function<Layer, LayerValues> values, Listener listener) {
        return run(workloadName, layers, values, listener, null, null);
    }

    /**
     * Runs the layers in order; the layer named {@code tracedLayer} (if any) runs on {@code tracer} instead (a
     * simulator with the stepped engine and a cycle trace).
     */
    public RunResult run(String workloadName, List<Layer> layers, Function<Layer, LayerValues> values, Listener listener,
                         String tracedLayer, Simulator tracer) {
        List<LayerResult> results = new ArrayList<>();
        List<String> notes = new ArrayList<>(layerNotes(arch, layers));
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            Simulator sim = layer.name().equals(tracedLayer) ? tracer : this;
            LayerResult r = shapeOnly(layer) ? runTimingOnly(layer) : sim.runLayer(layer, values);
            results.add(r);
            if (listener != null) {
                listener.layerDone(i, layers.size(), r);
            }
            if (r.trapped()) {
                if (i + 1 < layers.size()) {
                    notes.add("layer " + layer.name() + " trapped at cycle " + r.trap().where().cycle() + "; the "
                            + (layers.size() - i - 1) + " layers after it did not run");
                }
                break;
            }
        }
        return new RunResult(arch, workloadName, engine, results, notes);
    }

    /** The note a run without values carries (report.json notes, report.md, the console table). */
    public static final String SHAPE_ONLY_NOTE = "values off: a shape-only run: cycles, MACs, memory traffic, register writes "
            + "and energy are exact, from counts; overflow events, outputs, their error and the observed partial sums were "
            + "not simulated";

    /**
     * Runs the layers in order without values ({@link #runTimingOnly(Layer)}, {@code --values off}): nothing is
     * generated or read but the shapes, one layer at a time.
     *
     * @throws IllegalStateException when {@link #timingNeedsValues} says the timing depends on the values
     */
    public RunResult runTimingOnly(String workloadName, List<Layer> layers, Listener listener) {
        List<LayerResult> results = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            LayerResult r = runTimingOnly(layers.get(i));
            results.add(r);
            if (listener != null) {
                listener.layerDone(i, layers.size(), r);
            }
        }
        List<String> notes = new ArrayList<>(layerNotes(arch, layers));
        notes.add(SHAPE_ONLY_NOTE);
        return new RunResult(arch, workloadName, engine, results, notes);
    }

    /**
     * Whether a layer runs shape-only in {@link #run}: its tensors are too large to hold values
     * ({@link WorkloadLoader#tooLarge}), as a SCALE-Sim topology's largest GEMMs are; the workload's notes say so.
     */
    public static boolean shapeOnly(Layer layer) {
        return WorkloadLoader.tooLarge(layer) != null;
    }

    /** One layer: engine, memory system, output check. */
    public LayerResult runLayer(Layer layer, LayerValues values) {
        return runLayerWithOutputs(layer, values).result();
    }

    /**
     * One layer's result and the array's outputs (in the output tensor's order; null when the layer trapped),
     * for callers that feed them on (a model run layer after layer).
     */
    public record Outcome(LayerResult result, long[] outputs) {}

    /**
     * One layer on its values from {@code values}, or on its shared ones when this simulator shares them (taken once:
     * a cache may replace a layer's shared part between two requests).
     */
    private LayerResult runLayer(Layer layer, Function<Layer, LayerValues> values) {
        if (shared == null) {
            return runLayer(layer, values.apply(layer));
        }
        SharedLayer share = shared.apply(layer);
        return runLayer(layer, share.values(), share).result();
    }

    /** One layer, keeping the array's outputs. */
    public Outcome runLayerWithOutputs(Layer layer, LayerValues values) {
        SharedLayer share = shared == null ? null : shared.apply(layer);
        if (share != null && share.values() != values) {
            throw new IllegalArgumentException("layer " + layer.name() + " runs on other values than the shared ones");
        }
        return runLayer(layer, values, share);
    }

    private Outcome runLayer(Layer layer, LayerValues values, SharedLayer share) {
        Lowered lowered = new Lowered(layer, values);
        Mapping map = Mapping.forLayer(arch, layer);
        ArrayRun run = engine.create().run(arch, lowered, options, share);
        int foldsRun = run.trapped() ? (int) run.streamStarts().stream().filter(s -> s >= 0).count() : map.folds();
        MemoryStats memory = MemoryModel.account(layer, map, arch.memory(), layer.spec().weights().bits(),
                layer.spec().data().bits(), arch.pe().accumulatorBits(), foldsRun);
        OutputCheck check = OutputCheck.notChecked();
        if (checkOutputs && !run.trapped()) {
            long[] exact = share != null ? share.exact() : Reference.outputs(layer, values);
            long[] wanted = run.arrayValues() == null ? exact : Reference.outputs(layer, run.arrayValues());
            check = OutputCheck.compare(run.outputs().view(), wanted, exact);
        }
        LayerValues operands = run.arrayValues() == null ? values : run.arrayValues();
        NonzeroTermPairs pairs = share != null && run.arrayValues() == null ? share.pairs()
                : NonzeroTermPairs.of(new Lowered(layer, operands));
        PartialSumBounds bounds = share != null ? PartialSumBounds.of(lowered, run, share.maxColumnL1())
                : PartialSumBounds.of(lowered, run);
        return new Outcome(LayerResult.of(arch, layer, map, run, memory, check, bounds, pairs),
                run.outputs() == null ? null : run.outputs().view());
    }

    /**
     * Why this architecture's timing depends on the values (so a shape-only run cannot give exact cycles), or
     * null when it does not: trap stops where the first overflow happens, widen-replay re-executes the folds
     * that overflow, and term-serial PEs without a group budget take data-dependent beats.
     */
    public static String timingNeedsValues(ArchConfig arch, List<Layer> layers) {
        if (arch.pe().overflow() == dev.qasim.arith.OverflowPolicy.TRAP) {
            return "pe.overflow trap: the layer stops at the first overflow, which depends on the values";
        }
        if (arch.pe().overflow() == dev.qasim.arith.OverflowPolicy.WIDEN_REPLAY) {
            return "pe.overflow widen-replay: the folds that overflow are re-executed, which depends on the values";
        }
        ProcessingElement pe = ProcessingElement.of(arch);
        return layers.stream().map(pe::timingNeedsValues).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    /**
     * Why a shape-only run cannot give this architecture's exact counts, or null when it can: its timing depends on
     * the values ({@link #timingNeedsValues}), or its PEs are serial, whose energy prices every term pair (or bit pair)
     * the values hold: a count only a run with values has.
     */
    public static String countsNeedValues(ArchConfig arch, List<Layer> layers) {
        String timing = timingNeedsValues(arch, layers);
        if (timing != null) {
            return timing;
        }
        ProcessingElement pe = ProcessingElement.of(arch);
        return pe instanceof SerialPe ? Section.yamlName(pe.kind()) + " PEs: their energy prices each "
                + (pe instanceof TermPe ? "term" : "bit") + " pair the values hold, which only a run with values counts" : null;
    }

    /**
     * One layer without values (shape-only): exact cycles, MACs, memory traffic and every count energy needs;
     * no outputs, overflow events or observed partial sums.
     *
     * @throws IllegalStateException when {@link #timingNeedsValues} says the timing depends on the values
     */
    public LayerResult runTimingOnly(Layer layer) {
        String reason = timingNeedsValues(arch, List.of(layer));
        if (reason != null) {
            throw new IllegalStateException("cannot run without values: " + reason);
        }
        Mapping map = Mapping.forLayer(arch, layer);
        ArrayRun run = FastEngine.timingOnly(arch, layer);
        MemoryStats memory = MemoryModel.account(layer, map, arch.memory(), layer.spec().weights().bits(),
                layer.spec().data().bits(), arch.pe().accumulatorBits(), map.folds());
        return LayerResult.of(arch, layer, map, run, memory, OutputCheck.notChecked(), PartialSumBounds.ofTypes(layer), null);
    }
}
