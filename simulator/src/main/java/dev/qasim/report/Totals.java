package dev.qasim.report;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * report.json's {@code totals}: the run's counters summed over its layers (docs/reports.md).
 *
 * @param overflowEvents       additions whose exact result left the accumulator's range; null when a layer ran
 *                             without values
 * @param overflowedOutputs    outputs whose final value differs from the exact one; null likewise
 * @param throughputGopsPerMm2 throughputGops / area in mm^2
 * @param energyBreakdownPj    energy component to pJ (report.json: the priced components; a row: every
 *                             component of the run, null when unpriced)
 * @param layers               layers run
 * @param trappedLayers        layers the trap policy stopped
 */
public record Totals(@JsonUnwrapped Counters.Cycles cycles, @JsonUnwrapped Counters.Work work,
                     @Nullable Long overflowEvents, @Nullable Long overflowedOutputs, @JsonUnwrapped Counters.Power power,
                     double throughputGopsPerMm2, Map<String, @Nullable Double> energyBreakdownPj, int layers,
                     long trappedLayers) {

    public Totals {
        energyBreakdownPj = ReportDocument.ordered(energyBreakdownPj);
    }
}
