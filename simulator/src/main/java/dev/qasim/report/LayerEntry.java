package dev.qasim.report;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One entry of report.json's {@code layers} (docs/reports.md defines each key). Groups marked
 * {@code @JsonUnwrapped} are written flat into the entry; the others are nested objects. Built by
 * {@link ReportEntries}.
 *
 * @param energyBreakdownPj energy component to pJ (report.json: the priced components; a row: every component of
 *                          the layer, null when unpriced)
 * @param energyEvents      every energy event by name
 */
public record LayerEntry(@JsonUnwrapped Shape shape, @JsonUnwrapped Counters.Cycles cycles,
                         @JsonUnwrapped Counters.Work work, @JsonUnwrapped Overflow overflow,
                         @JsonUnwrapped Counters.Power power, Map<String, @Nullable Double> energyBreakdownPj,
                         Map<String, EnergyEvent> energyEvents, @JsonUnwrapped Datapath datapath,
                         @JsonUnwrapped Checks checks) {

    public LayerEntry {
        energyBreakdownPj = ReportDocument.ordered(energyBreakdownPj);
        energyEvents = ReportDocument.ordered(energyEvents);
    }

    /**
     * The layer in matrix form: per group, data M x K times weights K x N.
     *
     * @param folds folds of the mapping
     * @param lanes MAC lanes per PE
     */
    public record Shape(String name, String type, int groups, int m, int n, int k, int folds, int lanes) {}

    /**
     * What the values did (null counts when the layer ran without values).
     *
     * @param overflowRate overflowEvents / macs
     */
    public record Overflow(boolean valuesSimulated, @Nullable Long overflowEvents, @Nullable Long overflowedOutputs,
                           @Nullable Double overflowRate) {}

    /**
     * One priced kind of event.
     *
     * @param count        how many, in {@code unit}
     * @param energyPjEach pJ per unit; null when the table cannot price it
     * @param energyPj     count * energyPjEach; null when unpriced
     * @param kind         {@code dynamic} (per event) or {@code static} (leakage, per cycle of the layer's latency)
     * @param category     what it is spent on: {@code compute}, {@code registers}, {@code SRAM} or {@code DRAM}
     */
    public record EnergyEvent(String component, long count, String unit, @Nullable Double energyPjEach,
                              @Nullable Double energyPj, String kind, String category) {}

    /**
     * The datapath's own figures.
     *
     * @param registerWriteBits bits written into the array's registers
     * @param laneSpeedup       compute cycles with one lane per PE over this run's; null for a trapped layer and for
     *                          term-serial PEs
     * @param termSerial        term-serial PEs' term pairs and baselines; null for MAC PEs
     */
    public record Datapath(long registerWriteBits, @Nullable Double laneSpeedup, @Nullable TermSerial termSerial,
                           Replay replay, AccumulatorBounds accumulatorBounds) {}

    /**
     * A term-serial layer's term pairs two ways and its baselines.
     *
     * @param termPairs                   nonzero term pairs processed; null without values
     * @param termPairSlots               the slots the beats gave
     * @param slotUtilization             termPairs / termPairSlots; null without values
     * @param costModelConventionalPairs  MACs * b_w * b_a
     * @param costModelBudgetedPairs      MACs * k * s / g with a budget; null without one
     * @param pairReductionVsConventional costModelConventionalPairs / termPairs; null without values or pairs
     */
    public record TermSerial(@Nullable Long termPairs, long termPairSlots, @Nullable Double slotUtilization,
                             long costModelConventionalPairs, @Nullable Long costModelBudgetedPairs,
                             long macArrayComputeCycles, double speedupVsMacArray, long bitSerialComputeCycles,
                             double speedupVsBitSerial, @Nullable Double costModelReduction) {}

    /**
     * What widen-replay re-executed.
     *
     * @param wideAccumulatorBits the replay's accumulator width; null when nothing was replayed
     */
    public record Replay(int foldsReplayed, long replayMacs, @Nullable Integer wideAccumulatorBits) {}

    /** The accumulator's width beside the widths each bound asks for (docs/quantization.md). */
    public record AccumulatorBounds(int accumulatorBits, @JsonUnwrapped DataTypeBound dataType,
                                    @JsonUnwrapped WeightBound weights, @JsonUnwrapped Observed observed) {}

    /** The exact worst case from the operand types, and A2Q's width from them. */
    public record DataTypeBound(long dataTypeWorstCase, int dataTypeBits, int a2qDataTypeBits) {}

    /** The l1 bound from the actual weights and A2Q's weight-level width; null without values. */
    public record WeightBound(@Nullable Long maxChannelL1, @Nullable Long l1Bound, @Nullable Integer l1Bits,
                              @Nullable Integer a2qWeightBits) {}

    /** The partial sums observed; null without values and for a trapped layer. */
    public record Observed(@Nullable Long observedMinPartialSum, @Nullable Long observedMaxPartialSum,
                           @Nullable Integer observedBits) {}

    /**
     * The layer's outcome.
     *
     * @param trapEvent                the event that trapped; null when the layer did not trap
     * @param overflowEventsPerChannel events per output channel (group * N + n); null without values
     * @param firstOverflowEvents      the first events in time order
     */
    public record Checks(boolean trapped, @Nullable OverflowEvent trapEvent, Output output, Memory memory,
                         @Nullable List<Long> overflowEventsPerChannel, List<OverflowEvent> firstOverflowEvents) {

        public Checks {
            overflowEventsPerChannel = overflowEventsPerChannel == null ? null : List.copyOf(overflowEventsPerChannel);
            firstOverflowEvents = List.copyOf(firstOverflowEvents);
        }
    }

    /**
     * The outputs against the direct-loop reference.
     *
     * @param bitExact    every output equals the reference; null when not checked
     * @param maxAbsError the largest |output - exact|; null when not checked
     * @param sqnrDb      10 log10(sum exact^2 / sum error^2); null when the error is zero or nothing was checked
     */
    public record Output(boolean checked, @Nullable Boolean bitExact, @Nullable Long maxAbsError,
                         @Nullable Double sqnrDb) {}

    /** Bits moved (docs/memory-model.md). */
    public record Memory(@JsonUnwrapped Sram sram, @JsonUnwrapped Dram dram) {}

    /** Bits read from and written into the three buffers. */
    public record Sram(long ifmapSramReadBits, long ifmapSramWriteBits, long filterSramReadBits,
                       long filterSramWriteBits, long ofmapSramReadBits, long ofmapSramWriteBits) {}

    /**
     * Bits over the DRAM link.
     *
     * @param spilledPsumBits partial-sum bits that did not fit the ofmap buffer
     */
    public record Dram(long dramDataReadBits, long dramWeightReadBits, long dramPsumReadBits, long dramPsumWriteBits,
                       long dramOutputWriteBits, long spilledPsumBits) {}

    /** One overflow event: where, which output, and the values (docs/timing.md). */
    public record OverflowEvent(@JsonUnwrapped Where where, @JsonUnwrapped Index index, @JsonUnwrapped Values values) {}

    /**
     * Where and when.
     *
     * @param cycle the compute cycle of the addition (the layer's first is 0; stalls not counted)
     */
    public record Where(int fold, int peRow, int peCol, int lane, long cycle) {}

    /**
     * Which output and product.
     *
     * @param term the term pair's index within its PE's group step (0 on MAC PEs)
     */
    public record Index(int group, int m, int n, int k, int term) {}

    /**
     * The addition.
     *
     * @param result the value the overflow policy produced
     */
    public record Values(long before, long addend, long result) {}
}
