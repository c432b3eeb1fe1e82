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

    /** The sum of the breakdown, pJ. */
    public double totalPj() {
        return breakdownPj().values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** Events counted but not priced (the table has no figure for them). */
    public List<EnergyEvent> unpriced() {
        return events.stream().filter(e -> !e.priced() && e.count() > 0).toList();
    }
}
