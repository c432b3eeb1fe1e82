package dev.qasim.energy;

/**
 * One priced kind of event: a count times an energy per event. Static power is priced the same way, per cycle of
 * the work's latency.
 *
 * @param name      e.g. {@code multiply}, {@code ifmapSramRead}, {@code sramLeakage}
 * @param component the energy component it adds to ({@code multipliers}, {@code ifmapSram}, {@code sramStatic}, ...)
 * @param count     how many (events, bits or cycles, see {@code unit})
 * @param unit      what is counted
 * @param pjEach    pJ per counted unit; NaN when the table cannot price it
 * @param kind      dynamic (per event) or static (leakage, per cycle)
 * @param category  what it is spent on, for the breakdown: compute, registers, SRAM or DRAM
 */
public record EnergyEvent(String name, String component, long count, String unit, double pjEach, Kind kind,
                          Category category) {

    /** Dynamic energy (switching, per event) or static energy (leakage, per cycle of latency). */
    public enum Kind { DYNAMIC, STATIC }

    /** What energy is spent on (docs/energy.md, "The breakdown"). */
    public enum Category {
        COMPUTE("compute"), REGISTERS("registers"), SRAM("SRAM"), DRAM("DRAM");

        private final String label;

        Category(String label) {
            this.label = label;
        }

        /** Its name in reports and charts. */
        public String label() {
            return label;
        }
    }

    /** count * pjEach, pJ (NaN when unpriced). */
    public double pj() {
        return count == 0 ? 0 : count * pjEach;
    }

    public boolean priced() {
        return !Double.isNaN(pjEach);
    }
}
