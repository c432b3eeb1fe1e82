package dev.qasim.config;

import java.util.Map;
import java.util.Objects;

/**
 * A complete, validated accelerator architecture (docs/architecture-file.md). Built by {@link ArchLoader}; immutable.
 *
 * @param name     a label for reports
 * @param clockMHz the array clock, MHz
 */
public record ArchConfig(String name, double clockMHz, ArrayConfig array, PeConfig pe, TermsConfig terms,
                         MemoryConfig memory, EnergyConfig energy) {

    public ArchConfig {
        Objects.requireNonNull(name, "name");
        Check.positive("clockMHz", clockMHz);
        Objects.requireNonNull(array, "array");
        Objects.requireNonNull(pe, "pe");
        Objects.requireNonNull(terms, "terms");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(energy, "energy");
    }

    /**
     * The resolved configuration as an ordered tree of maps and scalars, in the file's key order, with derived
     * values ({@code pe.lanes}) filled in and enums in their YAML spelling; for printing and reports.
     */
    public Map<String, Object> toTree() {
        return Tree.of("name", name, "clockMHz", Tree.number(clockMHz), "array", array.toTree(), "pe", pe.toTree(),
                "terms", terms.toTree(), "memory", memory.toTree(), "energy", energy.toTree());
    }
}
