package dev.qasim.explore;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.hash.Hashing;
import dev.qasim.input.BadInputException;
import dev.qasim.input.Problem;
import dev.qasim.input.Problems;
import dev.qasim.input.YamlDocument;
import dev.qasim.input.YamlFiles;
import dev.qasim.model.ModelLoader;
import dev.qasim.report.ReportFolder;
import dev.qasim.report.RunIdentity;
import dev.qasim.report.Version;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.Supplier;

/**
 * The use case behind {@code qasim sweep}: reads and checks the grid and the base files (every problem at once),
 * selects the points (all, or the sample) and this shard's share, then runs them in parallel, streaming each
 * point's rows to sweep.csv as it finishes, and writes the finished results (docs/sweeps.md).
 *
 * <p>Resuming: a point whose configuration hash matches a complete point already in the folder's sweep.csv is
 * not run again (its rows are copied, with this grid's id and values); a changed base file or grid value changes
 * the hash, so stale rows are never reused. A killed sweep loses only the points it was running.
 *
 * <p>Parallelism: {@code jobs} worker threads of one fork-join pool run the points; the fast engine splits a
 * layer into tasks of the same pool, so a worker with nothing left to start helps finish another point's layer
 * and the machine never runs more than {@code jobs} threads.
 */
public final class SweepJob {
    /** Progress of a running sweep. */
    public interface Listener {
        /** Before the first point runs: how many points will run, and how many an earlier run had finished. */
        void started(long toRun, long reused);

        /** After each point, from the thread that ran it; calls never overlap. */
        void pointDone(long id, String status);
    }

    /** A point of this run whose rows an earlier run wrote. */
    private record Kept(long id, SweepFile.Group group) {}

    private final SweepOptions options;
    private final Grid grid;
    private final PointResolver resolver;
    private final SweepMeta meta;
    private final SweepTable table;
    private final long[] mine;
    private final String[] hashes;

    private SweepJob(SweepOptions options, Grid grid, PointResolver resolver, SweepMeta meta, long[] mine, String[] hashes) {
        this.options = options;
        this.grid = grid;
        this.resolver = resolver;
        this.meta = meta;
        this.table = new SweepTable(grid.leaves(), grid.plots().stream().map(Grid.Plot::y).toList());
        this.mine = mine;
        this.hashes = hashes;
    }

    /**
     * Reads and checks everything the sweep needs, and resolves this shard's points (to know their hashes).
     *
     * @throws BadInputException listing every problem of the grid file, the base files and the overrides; or,
     *                           when no point of the grid is valid, the first point's problems
     */
    public static SweepJob prepare(SweepOptions options) {
        Problems problems = new Problems();
        Grid grid = attempt(() -> Grid.read(options.grid(), SweepTable.TOTALS_KEYS, problems), problems);
        YamlDocument archBase = attempt(() -> dev.qasim.config.ArchLoader.document(options.arch(), options.overrides()), problems);
        if (archBase != null) {
            problems.addAll(archBase.problems().list());
        }
        PointResolver resolver = grid == null || archBase == null ? null : attempt(() -> new PointResolver(grid,
                options.grid().toString(), options.arch(), archBase, options.workload(), options.values()), problems);
        if (resolver != null) {
            problems.addAll(resolver.checkKeys(options.grid())); // the keys that could be read, beside the grid's other problems
        }
        problems.throwIfAny();
        long[] selected = grid.selected();
        requireValidPoint(resolver, selected, options.grid());
        List<Long> mine = new ArrayList<>();
        for (int p = 0; p < selected.length; p++) {
            if (options.shard().takes(p)) {
                mine.add(selected[p]);
            }
        }
        long[] ids = mine.stream().mapToLong(Long::longValue).toArray();
        String[] hashes = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            hashes[i] = resolver.resolve(ids[i]).hash();
        }
        SweepMeta meta = new SweepMeta(Version.get(), options.arch().toString(), options.overrides(),
                options.workload().toString(), options.grid().toString(), options.values(), inputsHash(options),
                SweepMeta.Selection.of(grid, selected.length), options.shard());
        return new SweepJob(options, grid, resolver, meta, ids, hashes);
    }

    /** The value, or null with the problems recorded when the input cannot be read at all (a missing file). */
    private static <T> T attempt(Supplier<T> read, Problems problems) {
        try {
            return read.get();
        } catch (BadInputException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    /** A grid none of whose points validates is a mistake in the files: the first point's problems say which. */
    private static void requireValidPoint(PointResolver resolver, long[] selected, Path gridFile) {
        PointResolver.Point first = null;
        for (long id : selected) {
            PointResolver.Point p = resolver.resolve(id);
            if (p.status() != Status.INVALID) {
                return;
            }
            first = first == null ? p : first;
        }
        List<Problem> problems = new ArrayList<>();
        problems.add(new Problem(gridFile.toString(), "", null, "no point of the grid is valid; point "
                + first.id() + " has these problems:"));
        problems.addAll(first.problems());
        throw new BadInputException(problems);
    }

    /** The contents of the files and the options that make a sweep what it is. */
    private static String inputsHash(SweepOptions o) {
        StringBuilder text = new StringBuilder();
        for (Path file : List.of(o.arch(), o.workload(), o.grid())) {
            try {
                byte[] bytes = Files.readAllBytes(file);
                // a model is binary: its digest stands for it
                text.append(ModelLoader.isModel(file) ? Hashing.sha256().hashBytes(bytes).toString()
                        : new String(bytes, StandardCharsets.UTF_8)).append('\u0000');
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        text.append(String.join("\n", o.overrides())).append("\nvalues ").append(o.values());
        return PointResolver.sha256(text.toString());
    }

    /**
     * Runs the points that are not finished yet and writes the finished results into the output folder.
     *
     * @param listener progress, or null
     */
    public SweepOutcome run(Listener listener) {
        return run(listener, "qasim sweep", false);
    }

    /**
     * The same, for a command line: a folder holding another sweep (another {@link #identity(String)}) is refused unless
     * {@code overwrite}; then that sweep's finished results are removed first (its rows stay for the points the two
     * share, which are not run again).
     *
     * @param command the command line, for the folder's provenance.json
     */
    /** Sorts this shard's points into those a previous run finished (same hash: kept) and those still to run. */
    private void split(List<SweepFile.Group> previous, List<Long> pending, List<Kept> kept) {
        Map<String, SweepFile.Group> done = new HashMap<>();
        previous.forEach(g -> done.putIfAbsent(g.hash(), g));
        for (int i = 0; i < mine.length; i++) {
            SweepFile.Group g = done.get(hashes[i]);
            if (g == null) {
                pending.add(mine[i]);
            } else {
                kept.add(new Kept(mine[i], g));
            }
        }
    }

    /** The rows of the finished file, every point of this shard present (else a bug). */
    private List<SweepFile.Group> complete(Path file) {
        List<SweepFile.Group> groups = SweepFile.scan(file, table);
        Set<Long> ids = new HashSet<>();
        groups.forEach(g -> ids.add(g.id()));
        for (long id : mine) {
            if (!ids.contains(id)) {
                throw new IllegalStateException("point " + id + " is missing from " + file);
            }
        }
        return groups;
    }

    public SweepOutcome run(Listener listener, String command, boolean overwrite) {
        Path out = options.out();
        RunIdentity identity = identity(command);
        ReportFolder.claim("--out", out, identity, overwrite, SweepResults.NAMES); // before the lock: refused without a write
        Listener progress = listener != null ? listener : new Listener() {
            @Override
            public void started(long toRun, long reused) {}

            @Override
            public void pointDone(long id, String status) {}
        };
        List<String> notes = new ArrayList<>();
        try (SweepStream stream = SweepStream.lock(out)) {
            ReportFolder folder = ReportFolder.claim("--out", out, identity, overwrite, SweepResults.NAMES); // under the lock
            folder.openInPlace(List.of(SweepResults.JSON_FILE, SweepResults.MD, SweepResults.CHARTS));
            deleteStaleSummary(out);
            List<SweepFile.Group> previous = SweepFile.scan(stream.file(), table);
            if (previous == null) {
                notes.add(stream.file() + " had other columns (another qasim version): every point ran again");
                previous = List.of();
            }
            List<Long> pending = new ArrayList<>();
            List<Kept> kept = new ArrayList<>();
            split(previous, pending, kept);
            stream.start(o -> {
                o.write(SweepTable.format(table.columns(), List.of()).getBytes(StandardCharsets.UTF_8));
                for (Kept k : kept) {
                    Map<String, JsonNode> settings = grid.settings(k.id());
                    List<List<String>> rows = k.group().file().rows(k.group()).stream()
                            .map(r -> table.rebased(r, k.id(), settings)).toList();
                    o.write(SweepTable.format(null, rows).getBytes(StandardCharsets.UTF_8));
                }
            });
            progress.started(pending.size(), kept.size());
            long start = System.nanoTime();
            runAll(pending, stream, progress);
            double seconds = (System.nanoTime() - start) / 1e9;
            stream.stopAppending();

            List<SweepFile.Group> groups = complete(stream.file());
            SweepResults results = SweepResults.of(meta, table, groups);
            results.write(out);
            folder.finishInPlace();
            return new SweepOutcome(out, results.points().size(), results.count(Status.OK), results.count(Status.INVALID),
                    results.count(Status.NEEDS_VALUES), kept.size(), pending.size(), seconds,
                    results.front().stream().map(SweepFile.Group::id).toList(), notes);
        }
    }

    /**
     * What makes this sweep what it is: its inputs (the files' contents, the overrides, the values mode) and its
     * shard; the same sweep run again resumes in its folder.
     */
    RunIdentity identity(String command) {
        return new RunIdentity(command, Map.of("command", "sweep", "inputsHash", meta.inputsHash(), "shard",
                options.shard().toString(), "values", options.values() ? "on" : "off"));
    }

    /** sweep.json describes finished results: while the sweep runs, the folder has none. */
    private static void deleteStaleSummary(Path out) {
        try {
            Files.deleteIfExists(out.resolve(SweepResults.JSON_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + out.resolve(SweepResults.JSON_FILE) + ": " + e.getMessage(), e);
        }
    }

    private void runAll(List<Long> pending, SweepStream stream, Listener progress) {
        PointRunner runner = new PointRunner(table, ValueCache.forHeap(), options.values());
        ForkJoinPool pool = new ForkJoinPool(options.jobs());
        try {
            List<ForkJoinTask<?>> tasks = new ArrayList<>();
            for (long id : pending) {
                tasks.add(pool.submit(() -> {
                    PointResolver.Point p = resolver.resolve(id);
                    List<List<String>> rows = runner.rows(p);
                    synchronized (stream) {
                        stream.append(rows);
                        progress.pointDone(id, p.status().label());
                    }
                }));
            }
            for (ForkJoinTask<?> task : tasks) {
                task.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the sweep was interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
