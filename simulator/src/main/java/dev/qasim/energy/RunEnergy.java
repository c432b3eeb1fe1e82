package dev.qasim.energy;

import dev.qasim.engine.LayerResult;
import dev.qasim.engine.RunResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A run priced: one {@link LayerEnergy} per layer (in the run's order), the post-processing unit's work of a
 * model run (empty otherwise), the architecture's area and static power, and the model that priced them.
 *
 * @param postProcessing the post-processing unit's events: its lane operations and multiplies, and the array's
 *                       static power over its cycles; empty for a workload of layers
 */
public record RunEnergy(EnergyTable table, EnergyModel.Technology technology, AreaEstimate area,
                        EnergyModel.StaticPower staticPower, List<String> extrapolated, List<LayerEnergy> layers,
                        List<EnergyEvent> postProcessing) {

    public RunEnergy {
        extrapolated = List.copyOf(extrapolated);
        layers = List.copyOf(layers);
        postProcessing = List.copyOf(postProcessing);
    }

    /**
     * The post-processing unit's work of a model run.
     *
     * @param laneOps    element operations
     * @param multiplies multiplies among them
     * @param cycles     the unit's cycles (the array waits)
     */
    public record PostWork(long laneOps, long multiplies, long cycles) {}

    /** Prices every layer of a run. */
    public static RunEnergy price(EnergyModel model, RunResult result) {
        return price(model, result, null);
    }

    /** Prices every layer of a run and the post-processing unit's work ({@code null}: none). */
    public static RunEnergy price(EnergyModel model, RunResult result, PostWork post) {
        List<LayerEnergy> layers = new ArrayList<>();
        for (LayerResult l : result.layers()) {
            layers.add(model.price(l));
        }
        List<EnergyEvent> ppu = post == null ? List.of() : model.postProcessing(post.laneOps(), post.multiplies(), post.cycles());
        return new RunEnergy(model.table(), model.technology(), model.area(), model.staticPower(), model.extrapolated(),
                layers, ppu);
    }

    /** Every event of the run: the layers' in order, then the post-processing unit's. */
    private List<EnergyEvent> events() {
        return Stream.concat(layers.stream().flatMap(l -> l.events().stream()), postProcessing.stream()).toList();
    }

    /** The layers' energy plus the post-processing unit's, pJ (summed layer by layer, as the layers report it). */
    public double totalPj() {
        return layers.stream().mapToDouble(LayerEnergy::totalPj).sum()
                + postProcessing.stream().filter(EnergyEvent::priced).mapToDouble(EnergyEvent::pj).sum();
    }

    /** The priced energy of one kind over the whole run, pJ. */
    public double kindPj(EnergyEvent.Kind kind) {
        return LayerEnergy.kindPj(events(), kind);
    }

    /** The run's priced energy by kind and category ({@link LayerEnergy#split()}). */
    public Map<EnergyEvent.Kind, Map<EnergyEvent.Category, Double>> split() {
        return LayerEnergy.split(events());
    }

    /** Component to pJ over the whole run (the post-processing unit's work as {@code postProcessing}). */
    public Map<String, Double> breakdownPj() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (LayerEnergy l : layers) {
            l.breakdownPj().forEach((k, v) -> out.merge(k, v, Double::sum));
        }
        for (EnergyEvent e : postProcessing) {
            if (e.priced()) {
                out.merge(e.component(), e.pj(), Double::sum);
            }
        }
        return out;
    }

    /** Every component to pJ over the whole run, null when the table prices none of its events ({@link LayerEnergy#componentsPj}). */
    public Map<String, Double> componentsPj() {
        return LayerEnergy.componentsPj(events());
    }

    /** What the table could not price or include, and what it priced by extension, one line each. */
    public List<String> notes() {
        Set<String> notes = new LinkedHashSet<>(area.notes());
        notes.addAll(extrapolated);
        if (!postProcessing.isEmpty()) {
            notes.add("post-processing: its own static power is not included (the array's, over its cycles, is)");
        }
        for (EnergyEvent e : events()) {
            if (!e.priced() && e.count() > 0) {
                boolean unlimited = e.component().endsWith("Sram") || e.name().equals("sramLeakage") && table.leakage().sramNwPerKiB() != null;
                notes.add(e.name() + ": counted (" + e.unit() + ") but not priced: " + (unlimited ? "a buffer is unlimited"
                        : "the table has no figure for it"));
            }
        }
        return List.copyOf(notes);
    }
}
