package dev.qasim.engine;

import java.util.List;

/**
 * What an engine computed for one layer on the array (values and compute timing; the memory system is
 * accounted separately by {@link MemoryModel}).
 *
 * @param computeCycles     cycles the array is busy, filling or draining (infinite bandwidth); for a trapped
 *                          layer, the cycles up to and including the trapping one
 * @param macs              real MACs performed (zeros of partial folds excluded, padding zeros included)
 * @param overflowEvents    additions whose exact result left the accumulator's range
 * @param overflowedOutputs outputs whose final value differs from the exact one (trapped layers: the outputs
 *                          whose chain overflowed in the trapping cycle)
 * @param eventsPerChannel  overflow events per output channel (group * N + n)
 * @param firstEvents       the first events in time order, at most the requested limit
 * @param trap              the first event when the policy is trap and the layer stopped, else null
 * @param outputs           outputs in the output tensor's row-major order; null when the layer trapped
 * @param streamStarts      S_f of every fold, as this engine timed it
 * @param registerWriteBits bits written into the array's registers (docs/energy.md counts them for pricing)
 * @param minPartialSum     the smallest exact prefix sum of any output's chain (0, the empty prefix, included);
 *                          null when the layer trapped (not every chain was observed)
 * @param maxPartialSum     the largest exact prefix sum, likewise
 * @param replay            the widen-replay policy's re-executions ({@link Replay#NONE} under other policies)
 * @param termCounts        a term-serial array's term pairs, or null for MAC PEs
 * @param arrayValues       the operands the array computed with when they differ from the layer's (a
 *                          term-serial array's revealed weights and truncated data), else null
 */
public record ArrayRun(long computeCycles, long macs, long overflowEvents, long overflowedOutputs, long[] eventsPerChannel,
                       List<OverflowRecord> firstEvents, OverflowRecord trap, long[] outputs, long[] streamStarts,
                       long registerWriteBits, Long minPartialSum, Long maxPartialSum, Replay replay,
                       TermCounts termCounts, dev.qasim.workload.LayerValues arrayValues) {

    public ArrayRun {
        firstEvents = List.copyOf(firstEvents);
    }

    public boolean trapped() {
        return trap != null;
    }
}
