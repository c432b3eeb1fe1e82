package dev.qasim.config;

import java.util.Map;
import java.util.Objects;

/**
 * Which energy and area table prices the run.
 *
 * @param table a shipped table's name (a file {@code arch-configs/energy/NAME.yaml}) or a path to a table file
 */
public record EnergyConfig(String table) {
    public static final String DEFAULT_TABLE = "horowitz-45nm";

    public EnergyConfig {
        Objects.requireNonNull(table, "energy.table");
        if (table.isBlank()) {
            throw new IllegalArgumentException("energy.table must not be blank");
        }
    }

    Map<String, Object> toTree() {
        return Tree.of("table", table);
    }
}
