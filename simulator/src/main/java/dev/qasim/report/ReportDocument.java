package dev.qasim.report;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * report.json, typed: Jackson writes the components in this order (docs/reports.md; its JSON Schema,
 * docs/schema/report.schema.json, is generated from these records by {@link ReportSchema}). Built by
 * {@link ReportEntries#document}.
 *
 * @param schemaVersion  {@link #SCHEMA_VERSION}
 * @param qasimVersion   the qasim that wrote it
 * @param arch           the resolved architecture
 * @param notes          remarks for the user (SCALE-Sim output-size differences, layers not run after a trap, ...)
 * @param postProcessing a model run's post-processing work per node; empty for a workload of layers
 */
public record ReportDocument(int schemaVersion, String qasimVersion, Provenance provenance, ReportArch arch,
                             Workload workload, EnergyModel energyModel, Totals totals, List<String> notes,
                             List<LayerEntry> layers, List<PostProcessing> postProcessing) {

    /**
     * The version of report.json's and sweep.json's schema. It goes up by one when a key is removed or renamed, or
     * its type or meaning changes; adding a key keeps it (docs/reports.md, "Schema and versions").
     */
    public static final int SCHEMA_VERSION = 1;

    public ReportDocument {
        notes = List.copyOf(notes);
        layers = List.copyOf(layers);
        postProcessing = List.copyOf(postProcessing);
    }

    /**
     * The workload as it was given.
     *
     * @param source the file it was read from
     * @param layers its layers (a trapped run reports fewer in {@code layers})
     * @param macs   M*N*K summed over its layers
     */
    public record Workload(String name, String source, int layers, long macs) {}

    /**
     * The energy table that priced the run, the node and voltage it was priced at, the area, the static power, and
     * what could not be priced (docs/energy.md).
     *
     * @param table        the table's name
     * @param source       where its figures come from
     * @param node         the table's technology node
     * @param voltageV     the table's supply voltage, V
     * @param scope        what the figures cover
     * @param pricedAt     the node and voltage the run was priced at (its keys at this level)
     * @param staticPowerMw the architecture's static power at that node and voltage
     * @param notes        what could not be priced or included, one line each
     */
    public record EnergyModel(String table, String source, String node, double voltageV, String scope,
                              @JsonUnwrapped PricedAt pricedAt, Area area, StaticPower staticPowerMw, List<String> notes) {

        public EnergyModel {
            notes = List.copyOf(notes);
        }
    }

    /**
     * The node and voltage a run was priced at.
     *
     * @param technologyNm the node, nm; null when the table's node is not a length and the architecture asked for no node
     * @param supplyV      the supply voltage, V
     * @param scaling      how the table's figures were scaled to that node and voltage; null when they were not
     */
    public record PricedAt(@Nullable Double technologyNm, double supplyV, @Nullable Scaling scaling) {}

    /**
     * The factors that took the table's figures to the run's node and voltage (Stillmaker and Baas, 2017).
     *
     * @param source        the factors' source
     * @param tables        which of its tables they are
     * @param energyFactor  every on-chip energy: E(node, supplyV) / E(table's node, table's voltage)
     * @param areaFactor    every area: the source's factor from the table's node to the run's
     * @param staticFactor  every static power: areaFactor * supplyV / the table's voltage (qasim's rule)
     * @param dramFactor    DRAM energy: 1 unless the table says DRAM scales with the node
     */
    public record Scaling(String source, String tables, double energyFactor, double areaFactor, double staticFactor,
                          double dramFactor) {}

    /**
     * Static (leakage) power, mW; null where the table has no figure (or a buffer is unlimited).
     *
     * @param array     the PEs' and the array edge's arithmetic
     * @param registers the PEs' registers
     * @param sram      the three buffers
     * @param total     the priced parts' sum
     */
    public record StaticPower(@Nullable Double array, @Nullable Double registers, @Nullable Double sram, double total) {}

    /**
     * The architecture's area, um^2.
     *
     * @param peUm2    one PE
     * @param arrayUm2 rows * cols PEs
     * @param sramUm2  the three buffers; null when one is unlimited
     * @param totalUm2 array plus buffers (the array alone when the buffers cannot be priced)
     */
    public record Area(double peUm2, double arrayUm2, @Nullable Double sramUm2, double totalUm2) {}

    /**
     * The post-processing unit's work for one model node (docs/quantization.md).
     *
     * @param op             the ONNX operator
     * @param laneOps        element operations (one lane does one per cycle)
     * @param multiplies     the multiplies among them (priced as 32 x 32-bit multiplies)
     * @param cycles         ceil(laneOps / lanes)
     * @param overflowEvents additions at the unit's width whose exact result left its range
     */
    public record PostProcessing(String node, String op, long laneOps, long multiplies, long cycles, long overflowEvents) {}

    /** An unmodifiable copy that keeps the order and null values (Map.copyOf keeps neither). */
    static <V> Map<String, V> ordered(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
