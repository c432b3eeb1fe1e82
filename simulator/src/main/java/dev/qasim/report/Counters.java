package dev.qasim.report;

import org.jspecify.annotations.Nullable;

/**
 * The counter groups a layer's entry and the totals share, in report.json's key order (docs/reports.md defines
 * each key). Serialized flat ({@code @JsonUnwrapped}) into the object that holds them.
 */
public final class Counters {
    private Counters() {}

    /**
     * Cycles, in array clock cycles.
     *
     * @param cycles        computeCycles + stallCycles + replayCycles
     * @param postCycles    the post-processing unit's cycles, apart from {@code cycles}; null for a layer and for a
     *                      workload of layers (no unit ran)
     * @param latencyCycles every cycle of the work: cycles + prefetchCycles (+ postCycles for a run)
     */
    public record Cycles(long cycles, long computeCycles, long stallCycles, long prefetchCycles, long replayCycles,
                         @Nullable Long postCycles, long latencyCycles) {

        /** A layer's cycles: the post-processing unit's are the run's, not a layer's. */
        static Cycles ofLayer(long cycles, long computeCycles, long stallCycles, long prefetchCycles, long replayCycles) {
            return new Cycles(cycles, computeCycles, stallCycles, prefetchCycles, replayCycles, null, cycles + prefetchCycles);
        }
    }

    /**
     * The work done and its rate.
     *
     * @param termPairs         nonzero term pairs processed; null for MAC PEs and runs without values
     * @param termPairsBudgeted the term-pair slots the beats gave; null for MAC PEs
     * @param nonzeroTermPairs  the nonzero term pairs of the array's operands (every PE kind); null without values
     * @param utilization       macs / (cycles * rows * cols * lanes), 0..1
     * @param throughputGops    2 * macs * clockMHz / (cycles * 1000)
     * @param latencyUs         latencyCycles / clockMHz, microseconds
     */
    public record Work(long macs, @Nullable Long termPairs, @Nullable Long termPairsBudgeted,
                       @Nullable NonzeroPairs nonzeroTermPairs, double utilization, double throughputGops, double latencyUs) {}

    /** Nonzero term pairs of the operands, under the binary encoding and under HESE (docs/reports.md). */
    public record NonzeroPairs(long binary, long hese) {

        static @Nullable NonzeroPairs of(dev.qasim.engine.@Nullable NonzeroTermPairs p) {
            return p == null ? null : new NonzeroPairs(p.binary(), p.hese());
        }
    }

    /**
     * Energy, area and power.
     *
     * @param energyPj        the sum of the priced energy components, pJ: dynamicEnergyPj + staticEnergyPj
     * @param areaUm2         the architecture's area (array plus buffers when priced), um^2
     * @param averagePowerMw  energyPj / (latencyUs * 1000), mW; null when the latency is 0
     * @param dynamicEnergyPj the priced events' switching energy, pJ
     * @param staticEnergyPj  the static power over the latency, pJ (0 when the table prices no leakage)
     * @param energySplitPj   pJ by kind ({@code dynamic}, {@code static}) and what it is spent on ({@code compute},
     *                        {@code registers}, {@code SRAM}, {@code DRAM})
     */
    public record Power(double energyPj, double areaUm2, @Nullable Double averagePowerMw, double dynamicEnergyPj,
                        double staticEnergyPj, Split energySplitPj) {}

    /**
     * Energy by kind, each by what it is spent on (docs/energy.md, "The breakdown").
     *
     * @param dynamic switching energy of the counted events, pJ
     * @param statik  static energy (leakage over the latency), pJ; written as {@code static}
     */
    public record Split(Spent dynamic, @com.fasterxml.jackson.annotation.JsonProperty("static") Spent statik) {}

    /**
     * pJ spent on each part of the hardware.
     *
     * @param compute   the arithmetic: multipliers, adders, term-pair and bit-serial units, shifters, encoders,
     *                  widen-replay, the post-processing unit
     * @param registers the PEs' registers
     * @param sram      the three buffers; written as {@code SRAM}
     * @param dram      the DRAM link; written as {@code DRAM}
     */
    public record Spent(double compute, double registers, @com.fasterxml.jackson.annotation.JsonProperty("SRAM") double sram,
                        @com.fasterxml.jackson.annotation.JsonProperty("DRAM") double dram) {}
}
