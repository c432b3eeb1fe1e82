package dev.qasim.engine;

import dev.qasim.config.ArchConfig;
import dev.qasim.workload.Layer;
import dev.qasim.workload.MatrixForm;
import java.util.List;

/**
 * Everything measured for one layer: the array run, the memory system and the output check. Immutable; the
 * outputs themselves are dropped once checked (reports do not need them). Built by {@link #of}.
 *
 * @param shape             the layer and how it mapped
 * @param timing            its cycles
 * @param macs              real MACs performed (padding zeros included)
 * @param registerWriteBits bits written into the array's registers
 * @param overflow          the overflow events
 * @param memory            the memory system's traffic and stalls
 * @param output            the outputs against the exact result
 * @param bounds            the accumulator widths the layer asks for, four ways
 * @param replay            the widen-replay policy's re-executions
 * @param work              term pairs: the serial PEs' own counts and the nonzero pairs of every run
 */
public record LayerResult(Shape shape, Timing timing, long macs, long registerWriteBits, OverflowSummary overflow,
                          MemoryStats memory, OutputCheck output, PartialSumBounds bounds, Replay replay, Work work) {

    /**
     * The layer and how it mapped onto the array.
     *
     * @param lanes lanes per PE
     */
    public record Shape(String name, String type, MatrixForm form, int weightBits, int dataBits, int folds, int lanes) {}

    /**
     * The layer's cycles (replay cycles are {@link Replay#cycles()}).
     *
     * @param computeCyclesOneLane compute cycles of the same array with one lane per PE (the lanes' speedup)
     * @param peCount              PEs of the array
     */
    public record Timing(long computeCycles, long stallCycles, long prefetchCycles, long computeCyclesOneLane, int peCount,
                         double clockMHz) {}

    /**
     * Term pairs.
     *
     * @param terms            a serial array's pairs, slots and baselines; null for MAC PEs
     * @param nonzeroTermPairs the nonzero term pairs of the array's operands (every PE kind); null without values
     * @param valuesSimulated  whether the layer ran with its values (a shape-only run has no outputs or events)
     */
    public record Work(TermStats terms, NonzeroTermPairs nonzeroTermPairs, boolean valuesSimulated) {}

    /** Builds the result of one layer from its parts. */
    public static LayerResult of(ArchConfig arch, Layer layer, Mapping map, ArrayRun run, MemoryStats memory,
                                 OutputCheck check, PartialSumBounds bounds, NonzeroTermPairs pairs) {
        Mapping oneLane = Mapping.of(arch.array(), 1, layer.matrixForm());
        boolean valuesSimulated = pairs != null;
        ProcessingElement pe = ProcessingElement.of(arch);
        TermStats terms = pe instanceof SerialPe serial
                ? TermStats.of(arch.array(), serial, layer, map, run.termCounts(), valuesSimulated) : null;
        return new LayerResult(new Shape(layer.name(), layer.type(), layer.matrixForm(), layer.spec().weights().bits(),
                layer.spec().data().bits(), map.folds(), map.lanes()),
                new Timing(run.computeCycles(), memory.stallCycles(), memory.prefetchCycles(), oneLane.computeCycles(),
                        arch.array().rows() * arch.array().cols(), arch.clockMHz()),
                run.macs(), run.registerWriteBits(), run.overflow(), memory, check, bounds, run.replay(),
                new Work(terms, pairs, valuesSimulated));
    }

    public String name() {
        return shape.name();
    }

    public String type() {
        return shape.type();
    }

    public MatrixForm form() {
        return shape.form();
    }

    public int weightBits() {
        return shape.weightBits();
    }

    public int dataBits() {
        return shape.dataBits();
    }

    public int folds() {
        return shape.folds();
    }

    public int lanes() {
        return shape.lanes();
    }

    public long computeCycles() {
        return timing.computeCycles();
    }

    public long stallCycles() {
        return timing.stallCycles();
    }

    public long prefetchCycles() {
        return timing.prefetchCycles();
    }

    public long replayCycles() {
        return replay.cycles();
    }

    public long overflowEvents() {
        return overflow.events();
    }

    public long overflowedOutputs() {
        return overflow.overflowedOutputs();
    }

    /** Overflow events per output channel (group * N + n), a copy. */
    public long[] eventsPerChannel() {
        return overflow.perChannel().toArray();
    }

    public List<OverflowEvent> firstEvents() {
        return overflow.first();
    }

    public OverflowEvent trap() {
        return overflow.trap();
    }

    public TermStats terms() {
        return work.terms();
    }

    public NonzeroTermPairs nonzeroTermPairs() {
        return work.nonzeroTermPairs();
    }

    public boolean valuesSimulated() {
        return work.valuesSimulated();
    }

    /** computeCycles + stallCycles + replayCycles. */
    public long cycles() {
        return computeCycles() + stallCycles() + replayCycles();
    }

    /**
     * The layer's latency: cycles plus the initial fill (prefetchCycles), which no earlier layer hides here (layers
     * run one after the other, each filling its buffers when it starts).
     */
    public long latencyCycles() {
        return cycles() + prefetchCycles();
    }

    public boolean trapped() {
        return trap() != null;
    }

    /** macs / (cycles * rows * cols * lanes). */
    public double utilization() {
        return cycles() == 0 ? 0 : macs / ((double) cycles() * timing.peCount() * lanes());
    }

    /** 2 * macs * clockMHz / (cycles * 1000): one MAC is two operations. */
    public double throughputGops() {
        return cycles() == 0 ? 0 : 2.0 * macs * timing.clockMHz() / (cycles() * 1000.0);
    }

    /** latencyCycles / clockMHz: the layer's latency in microseconds, its initial fill included. */
    public double latencyUs() {
        return latencyCycles() / timing.clockMHz();
    }

    /**
     * The speedup of the lanes at equal datapath: compute cycles of the same array with one lane per PE over
     * these compute cycles (both from the schedule; 1 with one lane).
     */
    public double laneSpeedup() {
        return computeCycles() == 0 ? 1 : (double) timing.computeCyclesOneLane() / computeCycles();
    }

    /** Overflow events per accumulator addition. */
    public double overflowRate() {
        return macs == 0 ? 0 : (double) overflowEvents() / macs;
    }
}
