package dev.qasim.engine;

import dev.qasim.config.ArchConfig;
import java.util.List;

/**
 * One workload on one architecture: the layers that ran, in order (a trapped layer ends the run).
 *
 * @param arch     the resolved architecture
 * @param workload the workload's name
 * @param engine   which engine ran it
 * @param layers   per-layer results
 * @param notes    remarks for the user (e.g. SCALE-Sim output-size differences, layers not run after a trap)
 */
public record RunResult(ArchConfig arch, String workload, Engine.Kind engine, List<LayerResult> layers, List<String> notes) {

    public RunResult {
        layers = List.copyOf(layers);
        notes = List.copyOf(notes);
    }

    public long cycles() {
        return layers.stream().mapToLong(LayerResult::cycles).sum();
    }

    public long computeCycles() {
        return layers.stream().mapToLong(LayerResult::computeCycles).sum();
    }

    public long stallCycles() {
        return layers.stream().mapToLong(LayerResult::stallCycles).sum();
    }

    public long prefetchCycles() {
        return layers.stream().mapToLong(LayerResult::prefetchCycles).sum();
    }

    public long replayCycles() {
        return layers.stream().mapToLong(LayerResult::replayCycles).sum();
    }

    /** The layers' latencies summed: every cycle of the run but the post-processing unit's. */
    public long latencyCycles() {
        return layers.stream().mapToLong(LayerResult::latencyCycles).sum();
    }

    public long macs() {
        return layers.stream().mapToLong(LayerResult::macs).sum();
    }

    /** The layers' nonzero term pairs summed, or null when a layer ran without values. */
    public NonzeroTermPairs nonzeroTermPairs() {
        NonzeroTermPairs total = NonzeroTermPairs.NONE;
        for (LayerResult l : layers) {
            if (l.nonzeroTermPairs() == null) {
                return null;
            }
            total = total.plus(l.nonzeroTermPairs());
        }
        return total;
    }

    public long overflowEvents() {
        return layers.stream().mapToLong(LayerResult::overflowEvents).sum();
    }

    public long overflowedOutputs() {
        return layers.stream().mapToLong(LayerResult::overflowedOutputs).sum();
    }

    /** Total MACs over total cycles times the array's MAC slots. */
    public double utilization() {
        long cycles = cycles();
        return cycles == 0 ? 0 : macs() / ((double) cycles * arch.array().rows() * arch.array().cols() * arch.pe().lanes());
    }

    public double throughputGops() {
        long cycles = cycles();
        return cycles == 0 ? 0 : 2.0 * macs() * arch.clockMHz() / (cycles * 1000.0);
    }

    /** latencyCycles / clockMHz, microseconds (the post-processing unit's cycles are the report's to add). */
    public double latencyUs() {
        return latencyCycles() / arch.clockMHz();
    }
}
