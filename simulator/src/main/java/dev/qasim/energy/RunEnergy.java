package dev.qasim.energy;

import dev.qasim.engine.LayerResult;
import dev.qasim.engine.RunResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A run priced: one {@link LayerEnergy} per layer (in the run's order), the architecture's area, and the table
 * that priced them.
 */
public record RunEnergy(EnergyTable table, AreaEstimate area, List<LayerEnergy> layers) {

    public RunEnergy {
        layers = List.copyOf(layers);
    }

    /** Prices every layer of a run. */
    public static RunEnergy price(EnergyModel model, RunResult result) {
        List<LayerEnergy> layers = new ArrayList<>();
        for (LayerResult l : result.layers()) {
            layers.add(model.price(l));
        }
        return new RunEnergy(model.table(), model.area(), layers);
    }

    public double totalPj() {
        return layers.stream().mapToDouble(LayerEnergy::totalPj).sum();
    }

    /** Component to pJ over the whole run. */
    public Map<String, Double> breakdownPj() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (LayerEnergy l : layers) {
            l.breakdownPj().forEach((k, v) -> out.merge(k, v, Double::sum));
        }
        return out;
    }

    /** Every component to pJ over the whole run, null when the table prices none of its events ({@link LayerEnergy#componentsPj}). */
    public Map<String, Double> componentsPj() {
        return LayerEnergy.componentsPj(layers.stream().flatMap(l -> l.events().stream()).toList());
    }

    /** What the table could not price or include, one line each. */
    public List<String> notes() {
        Set<String> notes = new LinkedHashSet<>(area.notes());
        for (LayerEnergy l : layers) {
            for (EnergyEvent e : l.unpriced()) {
                notes.add(e.name() + ": counted (" + e.unit() + ") but not priced: the table has no figure for it"
                        + (e.component().endsWith("Sram") ? " (an unlimited buffer)" : ""));
            }
        }
        return List.copyOf(notes);
    }
}
