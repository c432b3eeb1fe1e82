package dev.qasim.energy;

import java.util.List;

/**
 * The architecture's area from the same table, at the architecture's node, um^2.
 *
 * @param peUm2     one PE: its lanes' multipliers and accumulators (and a serial PE's units), and its registers when
 *                  the table prices them
 * @param arrayUm2  rows * cols PEs, plus the units at the array's edge (a term MAC array's data encoders)
 * @param sramUm2   the three buffers (NaN when one is unlimited)
 * @param notes     what could not be included, and why
 */
public record AreaEstimate(double peUm2, double arrayUm2, double sramUm2, List<String> notes) {

    public AreaEstimate {
        notes = List.copyOf(notes);
    }

    /** Array plus SRAM (the array alone when the SRAM cannot be priced). */
    public double totalUm2() {
        return Double.isNaN(sramUm2) ? arrayUm2 : arrayUm2 + sramUm2;
    }
}
