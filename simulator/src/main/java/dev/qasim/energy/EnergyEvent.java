package dev.qasim.energy;

/**
 * One priced kind of event: a count times an energy per event.
 *
 * @param name      e.g. {@code multiply}, {@code ifmapSramRead}
 * @param component the energy component it adds to ({@code multipliers}, {@code ifmapSram}, ...)
 * @param count     how many (events or bits, see {@code unit})
 * @param unit      what is counted
 * @param pjEach    pJ per counted unit; NaN when the table cannot price it
 */
public record EnergyEvent(String name, String component, long count, String unit, double pjEach) {

    /** count * pjEach, pJ (NaN when unpriced). */
    public double pj() {
        return count == 0 ? 0 : count * pjEach;
    }

    public boolean priced() {
        return !Double.isNaN(pjEach);
    }
}
