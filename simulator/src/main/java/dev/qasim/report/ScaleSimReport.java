package dev.qasim.report;

import dev.qasim.engine.DataflowSchedule;
import dev.qasim.engine.LayerResult;
import dev.qasim.engine.RunResult;
import java.util.Locale;

/**
 * COMPUTE_REPORT.csv in SCALE-Sim v2's columns, so users can compare directly. Cycle counts are written in
 * SCALE-Sim's convention (the index of the last cycle, one less than qasim's count): with
 * {@code overlapFolds: false} and unlimited bandwidth, the numbers equal SCALE-Sim's own.
 * Overall Util % = 100 * MACs / ((cycles) * R * C * lanes); Compute Util % uses compute cycles; Mapping
 * Efficiency % = 100 * MACs / (folds * R * C * T * lanes), the share of PE slots the folds fill.
 */
public final class ScaleSimReport {
    private ScaleSimReport() {}

    public static String render(RunResult result) {
        StringBuilder csv = new StringBuilder("LayerID, Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, Compute Util %,\n");
        double pes = (double) result.arch().array().rows() * result.arch().array().cols() * result.arch().pe().lanes();
        for (int i = 0; i < result.layers().size(); i++) {
            LayerResult l = result.layers().get(i);
            long streamed = DataflowSchedule.of(result.arch().array().dataflow()).streamed(l.form());
            double overall = 100 * l.macs() / (l.cycles() * pes);
            double mapping = 100 * l.macs() / ((double) l.folds() * streamed * pes);
            double compute = 100 * l.macs() / (l.computeCycles() * pes);
            csv.append(String.format(Locale.ROOT, "%d, %d, %d, %.4f, %.4f, %.4f,%n", i, l.cycles() - 1, l.stallCycles(),
                    overall, mapping, compute));
        }
        return csv.toString();
    }
}
