package dev.qasim.config;

import java.util.Map;
import java.util.Objects;

/**
 * Which energy and area table prices the run, and at which technology node and supply voltage.
 *
 * @param table         a shipped table's name (a file {@code arch-configs/energy/NAME.yaml}) or a path to a table
 *                      file
 * @param technologyNm  the node to scale the table's on-chip figures to, nm; null: the table's own node (no scaling)
 * @param supplyV       the supply voltage, V; null: the table's own voltage
 * @param extrapolate   whether SRAM sizes outside the table's points are priced by the table's extension rule
 *                      (false: refused)
 */
public record EnergyConfig(String table, Double technologyNm, Double supplyV, boolean extrapolate) {
    public static final String DEFAULT_TABLE = "horowitz-45nm";
    /** The supply voltages an architecture may give, V (the scaling fits are made between these). */
    public static final double MIN_SUPPLY_V = 0.3;
    public static final double MAX_SUPPLY_V = 2.0;

    public EnergyConfig {
        Objects.requireNonNull(table, "energy.table");
        if (table.isBlank()) {
            throw new IllegalArgumentException("energy.table must not be blank");
        }
        if (technologyNm != null) {
            Check.positive("energy.technologyNm", technologyNm);
        }
        if (supplyV != null && (supplyV < MIN_SUPPLY_V || supplyV > MAX_SUPPLY_V)) {
            throw new IllegalArgumentException("energy.supplyV must be " + MIN_SUPPLY_V + ".." + MAX_SUPPLY_V + ", got " + supplyV);
        }
    }

    /** The table at its own node and voltage, SRAM sizes outside its points refused. */
    public EnergyConfig(String table) {
        this(table, null, null, false);
    }

    /**
     * The keys as the file spells them; the optional ones only when given, so an architecture that does not use
     * them resolves (and hashes) as it did before they existed.
     */
    Map<String, Object> toTree() {
        Map<String, Object> tree = Tree.of("table", table);
        if (technologyNm != null) {
            tree.put("technologyNm", Tree.number(technologyNm));
        }
        if (supplyV != null) {
            tree.put("supplyV", Tree.number(supplyV));
        }
        if (extrapolate) {
            tree.put("extrapolate", true);
        }
        return tree;
    }
}
