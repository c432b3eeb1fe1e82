package dev.qasim.energy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One layer's energy: every event with its count and per-event energy, and the breakdown by component, whose
 * values add up to {@link #totalPj()}. Events the table cannot price are listed but left out of the sums.
 */
public record LayerEnergy(List<EnergyEvent> events) {

    public LayerEnergy {
        events = List.copyOf(events);
    }

    /** Component to pJ, in the order the components first appear; only priced events count. */
    public Map<String, Double> breakdownPj() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (EnergyEvent e : events) {
            if (e.priced()) {
                out.merge(e.component(), e.pj(), Double::sum);
            }
        }
        return out;
    }

    /**
     * Every component of the events, in the order they first appear, to its pJ; null for a component none of
     * whose events the table prices (the breakdown leaves it out). The same components for every layer priced by
     * one model, so tables of many runs line up.
     */
    public Map<String, Double> componentsPj() {
        return componentsPj(events);
    }

    /** The components of these events to the sum of their priced energies, null when none is priced. */
    static Map<String, Double> componentsPj(List<EnergyEvent> events) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (EnergyEvent e : events) {
            Double sum = out.get(e.component());
            if (e.priced()) {
                sum = sum == null ? e.pj() : sum + e.pj();
            }
            out.put(e.component(), sum);
        }
        return out;
    }

    /** The sum of the breakdown, pJ. */
    public double totalPj() {
        return breakdownPj().values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** Events counted but not priced (the table has no figure for them). */
    public List<EnergyEvent> unpriced() {
        return events.stream().filter(e -> !e.priced() && e.count() > 0).toList();
    }
}
