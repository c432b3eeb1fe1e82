package dev.qasim.explore;

import dev.qasim.input.Section;

/** What became of a sweep point; written in the CSV's {@code status} column by its YAML name. */
enum Status {
    /** Simulated (with values, or shape-only with {@code --values off}). */
    OK,
    /** The point's architecture or workload does not validate, or the array cannot run the workload: the reason says why. */
    INVALID,
    /** {@code --values off}, but the point's timing depends on the values: the reason says why. */
    NEEDS_VALUES;

    /** {@code ok}, {@code invalid}, {@code needs-values}. */
    String label() {
        return Section.yamlName(this);
    }

    static Status of(String label) {
        for (Status s : values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("not a sweep status: " + label);
    }
}
