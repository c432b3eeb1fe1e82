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
 * A run priced: one {@link LayerEnergy} per layer (in the run's order), the post-processing unit's work of a
 * model run (null otherwise), the architecture's area, and the table that priced them.
 */
public record RunEnergy(EnergyTable table, AreaEstimate area, List<LayerEnergy> layers, EnergyEvent postProcessing) {

    public RunEnergy {
        layers = List.copyOf(layers);
    }

    /** Prices every layer of a run. */
    public static RunEnergy price(EnergyModel model, RunResult result) {
        return price(model, result, null);
    }

    /** Prices every layer of a run and the post-processing unit's lane operations ({@code null}: none). */
    public static RunEnergy price(EnergyModel model, RunResult result, Long postProcessingLaneOps) {
        List<LayerEnergy> layers = new ArrayList<>();
        for (LayerResult l : result.layers()) {
            layers.add(model.price(l));
        }
        EnergyEvent ppu = postProcessingLaneOps == null ? null : model.postProcessing(postProcessingLaneOps);
        return new RunEnergy(model.table(), model.area(), layers, ppu);
    }

    /** The layers' energy plus the post-processing unit's, pJ. */
    public double totalPj() {
        return layers.stream().mapToDouble(LayerEnergy::totalPj).sum() + (postProcessing == null ? 0 : postProcessing.pj());
    }

    /** Component to pJ over the whole run (the post-processing unit as {@code postProcessing}). */
    public Map<String, Double> breakdownPj() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (LayerEnergy l : layers) {
            l.breakdownPj().forEach((k, v) -> out.merge(k, v, Double::sum));
        }
        if (postProcessing != null) {
            out.merge(postProcessing.component(), postProcessing.pj(), Double::sum);
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
        if (postProcessing != null) {
            notes.add("post-processing: each lane operation priced as one 32-bit addition; its requantization multiplies are not priced");
        }
        for (LayerEnergy l : layers) {
            for (EnergyEvent e : l.unpriced()) {
                notes.add(e.name() + ": counted (" + e.unit() + ") but not priced: the table has no figure for it"
                        + (e.component().endsWith("Sram") ? " (an unlimited buffer)" : ""));
            }
        }
        return List.copyOf(notes);
    }
}
