package dev.qasim.engine;

import java.util.Arrays;

/**
 * Where each group of a serial PE's reduction starts in K order: group r covers K indices
 * [{@link #start}(r), start(r + 1)), and start({@link #count()}) = K. Immutable; equal when the starts are.
 */
public final class GroupStarts {
    private final int[] starts;

    private GroupStarts(int[] starts) {
        this.starts = starts;
    }

    /**
     * Runs of {@code run} consecutive K indices (one kernel position of a conv, or the whole of K), each cut into
     * groups of {@code g}; a run's last group may be short. Groups never straddle a run.
     */
    static GroupStarts of(int k, int run, int g) {
        int runs = k / run;
        int perRun = Mapping.ceilDiv(run, g);
        int[] starts = new int[runs * perRun + 1];
        int i = 0;
        for (int r = 0; r < runs; r++) {
            for (int start = 0; start < run; start += g) {
                starts[i++] = r * run + start;
            }
        }
        starts[i] = k;
        return new GroupStarts(starts);
    }

    /** The number of groups. */
    public int count() {
        return starts.length - 1;
    }

    /** The K index where group r starts (r = count() gives K). */
    public int start(int r) {
        return starts[r];
    }

    /** K: the end of the last group. */
    public int total() {
        return starts[starts.length - 1];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupStarts g && Arrays.equals(starts, g.starts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(starts);
    }

    @Override
    public String toString() {
        return count() + " groups over K = " + total();
    }
}
