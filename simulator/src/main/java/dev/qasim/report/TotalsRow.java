package dev.qasim.report;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.jspecify.annotations.Nullable;

/**
 * A run's totals as one flat row beside its layers' rows (a sweep's totals row, docs/sweeps.md): the report's
 * totals, and the run's aggregates in the layer keys of the same name. Built by {@link ReportEntries#totalsRow}.
 *
 * @param name            {@link #NAME}
 * @param totals          the report's totals, every energy component of the run in the breakdown
 * @param lanes           MAC lanes per PE
 * @param valuesSimulated whether every layer ran with its values
 * @param overflowRate    overflow events over all MACs; null without values or MACs
 * @param trapped         whether a layer trapped
 * @param laneSpeedup     the compute cycles of all layers with one lane per PE over their compute cycles; null when
 *                        a layer trapped or nothing was computed
 * @param output          {@code checked} when every layer's outputs were; {@code bitExact} of every layer, the largest
 *                        {@code maxAbsError} and the lowest {@code sqnrDb} (null when every output is exact); null
 *                        unless checked
 */
public record TotalsRow(String name, @JsonUnwrapped Totals totals, int lanes, boolean valuesSimulated,
                        @Nullable Double overflowRate, boolean trapped, @Nullable Double laneSpeedup,
                        LayerEntry.Output output) {
    /** The {@code name} of a totals row. */
    public static final String NAME = "total";
}
