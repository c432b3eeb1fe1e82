package dev.qasim.engine;

import dev.qasim.config.ArchConfig;
import dev.qasim.workload.Layer;
import dev.qasim.workload.MatrixForm;
import java.util.List;

/**
 * Everything measured for one layer: the array run, the memory system and the output check. Immutable; the
 * outputs themselves are dropped once checked (reports do not need them).
 */
public record LayerResult(String name, String type, MatrixForm form, int weightBits, int dataBits, int folds, int lanes,
                          long computeCycles, long stallCycles, long prefetchCycles, long replayCycles, long macs,
                          long registerWriteBits, long overflowEvents, long overflowedOutputs, long[] eventsPerChannel,
                          List<OverflowRecord> firstEvents, OverflowRecord trap, MemoryStats memory, OutputCheck output,
                          PartialSumBounds bounds, Replay replay, long computeCyclesOneLane, boolean valuesSimulated,
                          TermStats terms, int peCount, double clockMHz) {

    public LayerResult {
        firstEvents = List.copyOf(firstEvents);
        eventsPerChannel = eventsPerChannel.clone();
    }

    /** Builds the result of one layer from its parts. */
    public static LayerResult of(ArchConfig arch, Layer layer, Mapping map, ArrayRun run, MemoryStats memory,
                                 OutputCheck check, PartialSumBounds bounds, boolean valuesSimulated) {
        Mapping oneLane = Mapping.of(arch.array(), 1, layer.matrixForm());
        ProcessingElement pe = ProcessingElement.of(arch);
        TermStats terms = pe instanceof SerialPe serial
                ? TermStats.of(arch.array(), serial, layer, map, run.termCounts(), valuesSimulated) : null;
        return new LayerResult(layer.name(), layer.type(), layer.matrixForm(), layer.spec().weights().bits(),
                layer.spec().data().bits(), map.folds(), map.lanes(), run.computeCycles(), memory.stallCycles(),
                memory.prefetchCycles(), run.replay().cycles(), run.macs(), run.registerWriteBits(), run.overflowEvents(),
                run.overflowedOutputs(), run.eventsPerChannel(), run.firstEvents(), run.trap(), memory, check, bounds,
                run.replay(), oneLane.computeCycles(), valuesSimulated, terms, arch.array().rows() * arch.array().cols(),
                arch.clockMHz());
    }

    /** computeCycles + stallCycles + replayCycles. */
    public long cycles() {
        return computeCycles + stallCycles + replayCycles;
    }

    public boolean trapped() {
        return trap != null;
    }

    /** macs / (cycles * rows * cols * lanes). */
    public double utilization() {
        return cycles() == 0 ? 0 : macs / ((double) cycles() * peCount * lanes);
    }

    /** 2 * macs * clockMHz / (cycles * 1000): one MAC is two operations. */
    public double throughputGops() {
        return cycles() == 0 ? 0 : 2.0 * macs * clockMHz / (cycles() * 1000.0);
    }

    /** cycles / clockMHz. */
    public double latencyUs() {
        return cycles() / clockMHz;
    }

    /**
     * The speedup of the lanes at equal datapath: compute cycles of the same array with one lane per PE over
     * these compute cycles (both from the schedule; 1 with one lane).
     */
    public double laneSpeedup() {
        return computeCycles == 0 ? 1 : (double) computeCyclesOneLane / computeCycles;
    }

    /** Overflow events per accumulator addition. */
    public double overflowRate() {
        return macs == 0 ? 0 : (double) overflowEvents / macs;
    }
}
