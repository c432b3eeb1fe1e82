package dev.qasim.model;

import dev.qasim.engine.RunResult;
import dev.qasim.model.ops.PpuStats;
import java.util.List;

/**
 * A model run on one architecture: the array layers (in the order they ran), the post-processing unit's work
 * per node, and the model's outputs.
 *
 * @param array      the array's layers as a run result (reports take it as they take a workload's)
 * @param ppu        the post-processing unit's work, one entry per node that used it
 * @param outputs    the graph outputs; empty when a layer trapped and the run stopped
 * @param postCycles the post-processing unit's cycles, summed over nodes (reported apart from the array's
 *                   cycles, like {@code postCycles} in docs/reports.md)
 */
public record ModelRun(RunResult array, List<PpuStats> ppu, List<ModelOutput> outputs, long postCycles) {
    public ModelRun {
        ppu = List.copyOf(ppu);
        outputs = List.copyOf(outputs);
    }
}
