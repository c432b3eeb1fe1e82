package dev.qasim.engine;

import com.google.common.primitives.ImmutableLongArray;
import dev.qasim.workload.LayerValues;
import java.util.List;

/**
 * What an engine computed for one layer on the array (values and compute timing; the memory system is
 * accounted separately by {@link MemoryModel}). Every engine gives an equal one for the same input. Built with
 * {@link #builder()}.
 *
 * @param computeCycles     cycles the array is busy, filling or draining (infinite bandwidth); for a trapped
 *                          layer, the cycles up to and including the trapping one
 * @param macs              real MACs performed (zeros of partial folds excluded, padding zeros included)
 * @param overflow          the overflow events
 * @param outputs           outputs in the output tensor's row-major order; null when the layer trapped or ran
 *                          without values
 * @param streamStarts      S_f of every fold, as this engine timed it (-1: never started)
 * @param registerWriteBits bits written into the array's registers
 * @param partialSums       the smallest and largest exact prefix sum of any output's chain (0, the empty prefix,
 *                          included); null when the layer trapped or ran without values
 * @param replay            the widen-replay policy's re-executions ({@link Replay#NONE} under other policies)
 * @param termCounts        a serial array's pairs, or null for MAC PEs
 * @param arrayValues       the operands the array computed with when they differ from the layer's (a serial
 *                          array's revealed weights and truncated data), else null
 */
public record ArrayRun(long computeCycles, long macs, OverflowSummary overflow, Outputs outputs,
                       ImmutableLongArray streamStarts, long registerWriteBits, PartialSumRange partialSums, Replay replay,
                       TermCounts termCounts, LayerValues arrayValues) {

    /** The smallest and largest exact prefix sum of a layer's chains. */
    public record PartialSumRange(long min, long max) {}

    public boolean trapped() {
        return overflow.trap() != null;
    }

    public long overflowEvents() {
        return overflow.events();
    }

    public long overflowedOutputs() {
        return overflow.overflowedOutputs();
    }

    public List<OverflowEvent> firstEvents() {
        return overflow.first();
    }

    public OverflowEvent trap() {
        return overflow.trap();
    }

    /** The outputs as an array (a copy), or null. */
    public long[] outputArray() {
        return outputs == null ? null : outputs.toArray();
    }

    static Builder builder() {
        return new Builder();
    }

    /** Collects an engine's results; unset parts stay at their neutral values (no outputs, no replay...). */
    static final class Builder {
        private long computeCycles;
        private long macs;
        private OverflowSummary overflow;
        private long[] outputs;
        private long[] streamStarts;
        private long registerWriteBits;
        private PartialSumRange partialSums;
        private Replay replay = Replay.NONE;
        private TermCounts termCounts;
        private LayerValues arrayValues;

        Builder computeCycles(long v) {
            computeCycles = v;
            return this;
        }

        Builder macs(long v) {
            macs = v;
            return this;
        }

        Builder overflow(OverflowSummary v) {
            overflow = v;
            return this;
        }

        /** Hands the outputs over: the engine must not write to the array afterwards. */
        Builder outputs(long[] v) {
            outputs = v;
            return this;
        }

        Builder streamStarts(long[] v) {
            streamStarts = v;
            return this;
        }

        Builder registerWriteBits(long v) {
            registerWriteBits = v;
            return this;
        }

        Builder partialSums(long min, long max) {
            partialSums = new PartialSumRange(min, max);
            return this;
        }

        Builder replay(Replay v) {
            replay = v;
            return this;
        }

        Builder termCounts(TermCounts v) {
            termCounts = v;
            return this;
        }

        Builder arrayValues(LayerValues v) {
            arrayValues = v;
            return this;
        }

        ArrayRun build() {
            return new ArrayRun(computeCycles, macs, java.util.Objects.requireNonNull(overflow, "overflow"),
                    outputs == null ? null : Outputs.handOver(outputs), ImmutableLongArray.copyOf(streamStarts),
                    registerWriteBits, partialSums, replay, termCounts, arrayValues);
        }
    }
}
