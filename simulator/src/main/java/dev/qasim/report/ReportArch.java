package dev.qasim.report;

import dev.qasim.config.ArchConfig;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.jspecify.annotations.Nullable;

/**
 * report.json's {@code arch}: the resolved architecture as the architecture file spells it
 * (docs/architecture-file.md), every default filled in, with the derived {@code pe.lanes}. The values are
 * {@link ArchConfig#toTree()}'s, which stays their one home: {@link #of} reads that tree into these records, so a
 * key added there and not here fails loudly instead of going missing from the schema.
 *
 * @param clockMHz the array clock, MHz (an integer when whole)
 */
public record ReportArch(String name, Number clockMHz, Array array, Pe pe, Terms terms, Memory memory, Energy energy) {

    /** The resolved architecture of a run. */
    public static ReportArch of(ArchConfig arch) {
        return JsonRenderer.MAPPER.convertValue(arch.toTree(), ReportArch.class);
    }

    public record Array(int rows, int cols, String dataflow, boolean overlapFolds) {}

    /** @param lanes MAC lanes per PE: floor(datapathBits / accumulatorBits), derived */
    public record Pe(String kind, int multiplierBits, int accumulatorBits, int datapathBits, int lanes, String overflow) {}

    public record Terms(String encoding, String dataEncoding, int groupSize, @Nullable Integer groupBudget,
                        @Nullable Integer dataTerms, int termPairsPerCycle) {}

    /** Buffer sizes in KiB and the DRAM bandwidth in bytes per cycle, each a number or {@code unlimited}. */
    public record Memory(@NumberOrUnlimited Object ifmapSramKiB, @NumberOrUnlimited Object filterSramKiB,
                         @NumberOrUnlimited Object ofmapSramKiB, @NumberOrUnlimited Object dramBytesPerCycle) {}

    /**
     * @param table        the energy table's name or file
     * @param technologyNm the node the table is scaled to, nm; null: the table's own
     * @param supplyV      the supply voltage, V; null: the table's own
     * @param extrapolate  whether SRAM sizes beyond the table's points are priced by its extension rule; null: no
     */
    public record Energy(String table, @Nullable Number technologyNm, @Nullable Number supplyV, @Nullable Boolean extrapolate) {}

    /** A value that is a number or the string {@code unlimited} (for the schema: Java's type says only Object). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.RECORD_COMPONENT, ElementType.METHOD})
    public @interface NumberOrUnlimited {}
}
