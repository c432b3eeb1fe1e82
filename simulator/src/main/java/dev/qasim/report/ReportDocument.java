package dev.qasim.report;

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
     * The energy table that priced the run, the area, and what could not be priced (docs/energy.md).
     *
     * @param table    the table's name
     * @param source   where its figures come from
     * @param node     the technology node
     * @param voltageV the supply voltage, V
     * @param scope    what the figures cover
     * @param notes    what could not be priced or included, one line each
     */
    public record EnergyModel(String table, String source, String node, double voltageV, String scope, Area area,
                              List<String> notes) {

        public EnergyModel {
            notes = List.copyOf(notes);
        }
    }

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
     * @param cycles         ceil(laneOps / lanes)
     * @param overflowEvents additions at the unit's width whose exact result left its range
     */
    public record PostProcessing(String node, String op, long laneOps, long cycles, long overflowEvents) {}

    /** An unmodifiable copy that keeps the order and null values (Map.copyOf keeps neither). */
    static <V> Map<String, V> ordered(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
