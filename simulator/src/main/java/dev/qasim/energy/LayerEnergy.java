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

    /** The priced events' energy of one kind (dynamic or static), pJ. */
    public double kindPj(EnergyEvent.Kind kind) {
        return kindPj(events, kind);
    }

    static double kindPj(List<EnergyEvent> events, EnergyEvent.Kind kind) {
        return events.stream().filter(e -> e.priced() && e.kind() == kind).mapToDouble(EnergyEvent::pj).sum();
    }

    /**
     * The priced energy by kind (dynamic, static) and category (compute, registers, SRAM, DRAM), pJ: every kind and
     * category present, 0 where nothing is priced.
     */
    public Map<EnergyEvent.Kind, Map<EnergyEvent.Category, Double>> split() {
        return split(events);
    }

    static Map<EnergyEvent.Kind, Map<EnergyEvent.Category, Double>> split(List<EnergyEvent> events) {
        Map<EnergyEvent.Kind, Map<EnergyEvent.Category, Double>> out = new java.util.EnumMap<>(EnergyEvent.Kind.class);
        for (EnergyEvent.Kind k : EnergyEvent.Kind.values()) {
            Map<EnergyEvent.Category, Double> byCategory = new java.util.EnumMap<>(EnergyEvent.Category.class);
            for (EnergyEvent.Category c : EnergyEvent.Category.values()) {
                byCategory.put(c, 0.0);
            }
            out.put(k, byCategory);
        }
        for (EnergyEvent e : events) {
            if (e.priced()) {
                out.get(e.kind()).merge(e.category(), e.pj(), Double::sum);
            }
        }
        return out;
    }

    /** Events counted but not priced (the table has no figure for them). */
    public List<EnergyEvent> unpriced() {
        return events.stream().filter(e -> !e.priced() && e.count() > 0).toList();
    }
}
