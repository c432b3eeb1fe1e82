package dev.qasim.energy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An energy and area table with its source (docs/energy.md). Per-event energies come from points by the
 * table's rules: adders piecewise linear in bits; multipliers linear in the product of the operand widths; SRAM
 * reads per 64 bits linear in log2(capacity), an access of b bits costing b/64 of it, a write costing
 * {@code sramWriteFactor} times a read; DRAM per bit; registers per bit written (null: unpriced).
 *
 * @param provenance for every entry, "source" or the rule that derived it (entry path to text), in the file's order
 *
 * <p>Its {@code toString} lists every figure in a fixed order, so equal tables print equal text (a sweep hashes it
 * to tell whether a finished point is still valid).
 */
public record EnergyTable(String name, String source, String node, double voltageV, String scope, Curve adderEnergy,
                          Curve adderArea, Curve multiplierEnergy, Curve multiplierArea, Curve sramRead64,
                          double sramWriteFactor, double sramAreaUm2PerBit, double dramPjPerBit, Double registerPjPerBit,
                          Double registerAreaUm2PerBit, Map<String, String> provenance) {

    public EnergyTable {
        provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    }

    /** One addition of a {@code bits}-wide adder, pJ. */
    public double adderPj(int bits) {
        return adderEnergy.at(bits);
    }

    public double adderAreaUm2(int bits) {
        return adderArea.at(bits);
    }

    /** One multiplication of an a-bit by a b-bit operand, pJ. */
    public double multiplierPj(int aBits, int bBits) {
        return multiplierEnergy.at((double) aBits * bBits);
    }

    public double multiplierAreaUm2(int aBits, int bBits) {
        return multiplierArea.at((double) aBits * bBits);
    }

    /** Reading one bit from an SRAM of this capacity, pJ; NaN for an unlimited buffer (it cannot be priced). */
    public double sramReadPjPerBit(double kib) {
        return Double.isInfinite(kib) ? Double.NaN : sramRead64.at(log2(kib)) / 64;
    }

    /** Writing one bit into an SRAM of this capacity, pJ; NaN for an unlimited buffer. */
    public double sramWritePjPerBit(double kib) {
        return sramReadPjPerBit(kib) * sramWriteFactor;
    }

    /** The area of an SRAM of this capacity, um^2; NaN for an unlimited buffer. */
    public double sramAreaUm2(double kib) {
        return Double.isInfinite(kib) ? Double.NaN : kib * 1024 * 8 * sramAreaUm2PerBit;
    }

    /** The SRAM curve's x axis: log2 of the capacity in KiB (the table's points and every lookup agree on it). */
    static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }
}
