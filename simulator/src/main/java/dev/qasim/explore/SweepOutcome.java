package dev.qasim.explore;

import java.nio.file.Path;
import java.util.List;

/**
 * What a sweep or a merge did, for the command to print.
 *
 * @param dir        the folder the results are in
 * @param points     points in the results
 * @param ok         points that ran
 * @param invalid    points whose configuration did not validate
 * @param needValues points skipped by {@code --values off} because their timing depends on the values
 * @param reused     points whose rows an earlier run in the same folder had written (not run again)
 * @param simulated  points run by this process
 * @param seconds    wall time spent running points, s
 * @param pareto     ids of the points on the front of every objective
 * @param notes      remarks for the user, one line each
 */
public record SweepOutcome(Path dir, long points, long ok, long invalid, long needValues, long reused, long simulated,
                           double seconds, List<Long> pareto, List<String> notes) {

    public SweepOutcome {
        pareto = List.copyOf(pareto);
        notes = List.copyOf(notes);
    }

    /** Points run per second of wall time; 0 when none ran. */
    public double pointsPerSecond() {
        return simulated == 0 || seconds <= 0 ? 0 : simulated / seconds;
    }
}
