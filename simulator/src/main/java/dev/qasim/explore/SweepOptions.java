package dev.qasim.explore;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@code qasim sweep} is asked to do.
 *
 * @param arch      the base architecture file
 * @param overrides {@code --set PATH=VALUE} overrides of the base architecture, applied before the grid's keys
 * @param workload  a workload YAML file, a SCALE-Sim topology CSV or an ONNX model (for these two the grid may not set workload keys)
 * @param grid      the grid file
 * @param out       the output folder (sweep.csv, sweep.json, sweep.md, charts/); a sweep run there before is resumed
 * @param jobs      worker threads, 1..{@value #MAX_JOBS}; points run in parallel and a layer's rows too, on the same threads
 * @param shard     the part of the selected points this run takes
 * @param values    true: every layer simulated with its values and checked; false: shape-only (exact cycles)
 */
public record SweepOptions(Path arch, List<String> overrides, Path workload, Path grid, Path out, int jobs, Shard shard,
                           boolean values) {

    public SweepOptions {
        Objects.requireNonNull(arch, "arch");
        overrides = List.copyOf(overrides);
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(shard, "shard");
        if (jobs < 1 || jobs > MAX_JOBS) {
            throw new IllegalArgumentException("jobs must be 1.." + MAX_JOBS + ", got " + jobs);
        }
    }

    /**
     * The most worker threads a sweep takes ({@code --jobs}): far more than the cores of any one machine (a sweep's
     * threads compute, they do not wait), and far below the fork-join pool's own limit of 32767.
     */
    public static final int MAX_JOBS = 1024;

    /** Every core of this machine (at most {@link #MAX_JOBS}): the default of {@code --jobs}. */
    public static int allCores() {
        return Math.min(Runtime.getRuntime().availableProcessors(), MAX_JOBS);
    }
}
