package dev.qasim.report;

import dev.qasim.energy.RunEnergy;
import dev.qasim.engine.RunResult;
import dev.qasim.model.ops.PpuStats;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One run and what it needs to be reported: provenance, what was measured, the workload, the run priced, and a
 * model run's post-processing work. Its report.json is {@link ReportEntries#document}; report.csv's rows are
 * {@link ReportRows#layers}.
 *
 * @param provenance     where the run came from
 * @param result         what was measured
 * @param workload       the workload's description
 * @param energy         the run priced, one entry per layer of {@code result}
 * @param postProcessing the post-processing unit's work per model node (empty for a workload of layers)
 * @param postCycles     the post-processing unit's cycles (null for a workload of layers: no unit ran)
 */
public record RunReport(Provenance provenance, RunResult result, ReportDocument.Workload workload, RunEnergy energy,
                        List<PpuStats> postProcessing, @Nullable Long postCycles) {

    public RunReport {
        postProcessing = List.copyOf(postProcessing);
    }

    /** The report of a workload of layers (no post-processing unit). */
    public RunReport(Provenance provenance, RunResult result, ReportDocument.Workload workload, RunEnergy energy) {
        this(provenance, result, workload, energy, List.of(), null);
    }

    /** Energy of the whole run, pJ. */
    public double energyPj() {
        return energy.totalPj();
    }
}
