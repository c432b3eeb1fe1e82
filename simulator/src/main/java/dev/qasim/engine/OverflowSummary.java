package dev.qasim.engine;

import com.google.common.primitives.ImmutableLongArray;
import java.util.List;

/**
 * A layer's overflow events: counts, where they fell by output channel, the first ones in detail, and the trap.
 *
 * @param events            additions whose exact result left the accumulator's range
 * @param overflowedOutputs outputs whose final value differs from the exact one (trapped layers: the outputs
 *                          whose chain overflowed in the trapping cycle)
 * @param perChannel        events per output channel (group * N + n)
 * @param first             the first events in time order, at most the requested limit
 * @param trap              the first event when the policy is trap and the layer stopped, else null
 */
public record OverflowSummary(long events, long overflowedOutputs, ImmutableLongArray perChannel, List<OverflowEvent> first,
                              OverflowEvent trap) {

    public OverflowSummary {
        first = List.copyOf(first);
    }

    /** No event on a layer with {@code channels} output channels. */
    static OverflowSummary none(int channels) {
        return new OverflowSummary(0, 0, ImmutableLongArray.copyOf(new long[channels]), List.of(), null);
    }

    /** The summary of a log; {@code overflowedOutputs} counted by the engine. */
    static OverflowSummary of(OverflowLog log, long overflowedOutputs, OverflowEvent trap) {
        return new OverflowSummary(log.events(), overflowedOutputs, ImmutableLongArray.copyOf(log.perChannel()), log.first(), trap);
    }
}
