package dev.qasim.energy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An energy and area table with its source, at its own node and voltage (docs/energy.md). Per-event energies
 * come from points by the table's rules: adders piecewise linear in bits; multipliers linear in the product of
 * the operand widths; SRAM reads and writes per 64 bits linear in log2(capacity), an access of b bits costing b/64
 * of it; DRAM per bit; registers per bit written (null: unpriced); a shifter stage a fraction of an addition of its
 * width; static power per um^2 of logic, per register bit and per SRAM KiB (null: unpriced). {@link EnergyModel}
 * scales it to an architecture's node and voltage.
 *
 * @param corner     the node and supply voltage the figures are for
 * @param arithmetic the adders', multipliers' and shifters' energy and area
 * @param provenance for every entry, "source" or the rule that derived it (entry path to text), in the file's order
 *
 * <p>Its {@code toString} lists every figure in a fixed order, so equal tables print equal text (a sweep hashes it
 * to tell whether a finished point is still valid).
 */
public record EnergyTable(String name, String source, String scope, Corner corner, Arithmetic arithmetic, Sram sram, Dram dram,
                          Registers registers, Leakage leakage, Map<String, String> provenance) {

    public EnergyTable {
        provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    }

    /**
     * The technology node and supply voltage the table's figures were measured or derived at.
     *
     * @param node     the node as the table writes it ("45 nm")
     * @param nodeNm   the node parsed from {@code node}, nm; NaN when it is not a length in nm
     * @param voltageV the supply voltage, V
     */
    public record Corner(String node, double nodeNm, double voltageV) {}

    /**
     * The arithmetic's curves: adders over their width in bits, multipliers over the product of their operands'
     * widths; energy per operation in pJ, area in um^2.
     *
     * @param shifterStageFactor one stage of a W-bit logarithmic shifter as a fraction of a W-bit addition (energy and
     *                           area); null: shifters unpriced
     */
    public record Arithmetic(Curve adderEnergy, Curve adderArea, Curve multiplierEnergy, Curve multiplierArea,
                             Double shifterStageFactor) {}

    /**
     * DRAM.
     *
     * @param pjPerBit       moving one bit over the link, pJ
     * @param scalesWithNode whether the energy scales with the node and voltage like the on-chip figures (else it is
     *                       kept: an off-chip interface)
     */
    public record Dram(double pjPerBit, boolean scalesWithNode) {}

    /**
     * Registers, per bit; a null figure is unpriced.
     *
     * @param pjPerBit      writing one bit, pJ
     * @param areaUm2PerBit one bit's area, um^2
     */
    public record Registers(Double pjPerBit, Double areaUm2PerBit) {}

    /**
     * SRAM by capacity: energy per 64-bit access and area, curves over the capacity between {@code minKiB} and
     * {@code maxKiB} (the points); outside them by the extension rule (docs/energy.md), when an architecture asks
     * for it.
     *
     * @param read64       a 64-bit read, pJ, over log2(KiB)
     * @param write64      a 64-bit write, pJ, over log2(KiB)
     * @param area         the area, um^2, over KiB; null: {@code areaUm2PerBit} times the bits
     * @param areaUm2PerBit the area of one bit, um^2 (used when {@code area} is null)
     * @param pointsKiB    the points' capacities, KiB, ascending
     */
    public record Sram(Curve read64, Curve write64, Curve area, double areaUm2PerBit, java.util.List<Double> pointsKiB) {
        public Sram {
            pointsKiB = java.util.List.copyOf(pointsKiB);
        }

        /** The smallest point, KiB. */
        public double minKiB() {
            return pointsKiB.get(0);
        }

        /** The largest point, KiB. */
        public double maxKiB() {
            return pointsKiB.get(pointsKiB.size() - 1);
        }
    }

    /**
     * Static (leakage) power at the table's node and voltage, nW; a null entry is unpriced.
     *
     * @param logicNwPerUm2    per um^2 of the PEs' arithmetic (adders, multipliers, shifters, edge encoders)
     * @param registerNwPerBit per register bit
     * @param sramNwPerKiB     per KiB of SRAM
     */
    public record Leakage(Double logicNwPerUm2, Double registerNwPerBit, Double sramNwPerKiB) {
        static final Leakage NONE = new Leakage(null, null, null);
    }

    /** One addition of a {@code bits}-wide adder, pJ. */
    public double adderPj(int bits) {
        return arithmetic.adderEnergy().at(bits);
    }

    public double adderAreaUm2(int bits) {
        return arithmetic.adderArea().at(bits);
    }

    /** One multiplication of an a-bit by a b-bit operand, pJ. */
    public double multiplierPj(int aBits, int bBits) {
        return arithmetic.multiplierEnergy().at((double) aBits * bBits);
    }

    public double multiplierAreaUm2(int aBits, int bBits) {
        return arithmetic.multiplierArea().at((double) aBits * bBits);
    }

    /** One shift of a {@code bits}-wide logarithmic shifter of {@code stages} stages, pJ; NaN when unpriced. */
    public double shifterPj(int bits, int stages) {
        Double factor = arithmetic.shifterStageFactor();
        return factor == null ? Double.NaN : stages * factor * adderPj(bits);
    }

    /** The area of such a shifter, um^2; NaN when unpriced. */
    public double shifterAreaUm2(int bits, int stages) {
        Double factor = arithmetic.shifterStageFactor();
        return factor == null ? Double.NaN : stages * factor * adderAreaUm2(bits);
    }

    /** Reading one bit from an SRAM of this capacity, pJ; NaN for an unlimited buffer (it cannot be priced). */
    public double sramReadPjPerBit(double kib) {
        return Double.isInfinite(kib) ? Double.NaN : sram.read64().at(log2(kib)) / 64;
    }

    /** Writing one bit into an SRAM of this capacity, pJ; NaN for an unlimited buffer. */
    public double sramWritePjPerBit(double kib) {
        return Double.isInfinite(kib) ? Double.NaN : sram.write64().at(log2(kib)) / 64;
    }

    /** The area of an SRAM of this capacity, um^2; NaN for an unlimited buffer. */
    public double sramAreaUm2(double kib) {
        if (Double.isInfinite(kib)) {
            return Double.NaN;
        }
        return sram.area() == null ? kib * 1024 * 8 * sram.areaUm2PerBit() : sram.area().at(kib);
    }

    /** Whether an SRAM of this capacity lies within the table's points (an unlimited one is never priced). */
    public boolean sramCovers(double kib) {
        return Double.isInfinite(kib) || (kib >= sram.minKiB() && kib <= sram.maxKiB());
    }

    /**
     * Every figure in the order the table's text has always had (a sweep's finished points were hashed with it): name,
     * source, node, voltage, scope, node in nm, the four arithmetic curves, SRAM, DRAM, registers, shifter, leakage
     * and provenance.
     */
    @Override
    public String toString() {
        return "EnergyTable[name=" + name + ", source=" + source + ", node=" + corner.node() + ", voltageV=" + corner.voltageV()
                + ", scope=" + scope + ", nodeNm=" + corner.nodeNm() + ", adderEnergy=" + arithmetic.adderEnergy() + ", adderArea="
                + arithmetic.adderArea() + ", multiplierEnergy=" + arithmetic.multiplierEnergy() + ", multiplierArea="
                + arithmetic.multiplierArea() + ", sram=" + sram + ", dramPjPerBit=" + dram.pjPerBit() + ", dramScalesWithNode="
                + dram.scalesWithNode() + ", registerPjPerBit=" + registers.pjPerBit() + ", registerAreaUm2PerBit="
                + registers.areaUm2PerBit() + ", shifterStageFactor=" + arithmetic.shifterStageFactor() + ", leakage=" + leakage
                + ", provenance=" + provenance + "]";
    }

    /** The SRAM curve's x axis: log2 of the capacity in KiB (the table's points and every lookup agree on it). */
    static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }
}
