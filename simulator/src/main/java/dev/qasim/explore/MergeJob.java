package dev.qasim.explore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qasim.input.BadInputException;
import dev.qasim.input.Problems;
import dev.qasim.report.ReportFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The use case behind {@code qasim merge}: combines the folders of finished shards of one sweep into one folder
 * with the same files an unsharded run writes (byte for byte): sweep.csv with every point, the Pareto fronts
 * over all of them, sweep.json, sweep.md and the charts. The shards must all be there, each once, each finished.
 */
public final class MergeJob {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The files a merge writes: a sweep's, without the lock files. */
    public static final List<String> NAMES = List.of(SweepResults.CSV, SweepResults.JSON_FILE, SweepResults.MD, SweepResults.CHARTS);

    /** One shard's folder, read. */
    private record Part(Path dir, SweepMeta meta) {}

    private MergeJob() {}

    /**
     * Merges the shards in {@code dirs} into {@code folder}, claimed by the caller (its report replaced whole).
     *
     * @throws BadInputException listing every problem: a folder without a finished sweep, shards of different
     *                           sweeps, a shard missing or given twice, a shard whose points are not all there
     */
    public static SweepOutcome merge(List<Path> dirs, ReportFolder folder) {
        Path out = folder.path();
        Problems problems = new Problems();
        List<Part> parts = new ArrayList<>();
        for (Path dir : dirs) {
            Part part = read(dir, problems);
            if (part != null) {
                parts.add(part);
            }
        }
        checkOut(dirs, out, problems);
        problems.throwIfAny();
        parts.sort(Comparator.comparingInt(p -> p.meta().shard().index()));
        SweepMeta first = parts.get(0).meta();
        int count = first.shard().count();
        Map<Integer, Path> seen = new HashMap<>();
        for (Part p : parts) {
            SweepMeta m = p.meta();
            String differs = difference(first, m);
            if (differs != null) {
                problems.add(p.dir().toString(), "", null, "is a shard of another sweep than " + parts.get(0).dir()
                        + " (" + differs + ")");
            } else if (m.shard().count() != count) {
                problems.add(p.dir().toString(), "", m.shard().toString(), "has another number of shards than "
                        + parts.get(0).dir() + " (" + first.shard() + ")");
            } else if (seen.putIfAbsent(m.shard().index(), p.dir()) != null) {
                problems.add(p.dir().toString(), "", m.shard().toString(), "the same shard as " + seen.get(m.shard().index()));
            }
        }
        problems.throwIfAny();
        for (int i = 0; i < count; i++) {
            if (!seen.containsKey(i)) {
                problems.add("qasim merge", "", i + "/" + count, "this shard's folder is missing; give every shard's folder");
            }
        }
        problems.throwIfAny();

        SweepMeta.Selection selection = first.selection();
        SweepTable table = new SweepTable(selection.axes().stream().flatMap(a -> a.leaves().stream()).toList(),
                selection.plots().stream().map(Grid.Plot::y).toList());
        List<SweepFile.Group> groups = new ArrayList<>();
        for (Part p : parts) {
            Path csv = p.dir().resolve(SweepResults.CSV);
            List<SweepFile.Group> found = SweepFile.scan(csv, table);
            long expected = pointsOf(selection.points(), p.meta().shard());
            if (found == null) {
                problems.add(csv.toString(), "", null, "its columns differ from its sweep.json's grid (edited by hand?)");
            } else if (found.size() != expected) {
                problems.add(csv.toString(), "", null, "holds " + found.size() + " complete points of the " + expected
                        + " of shard " + p.meta().shard() + "; run that shard again to finish it");
            } else {
                groups.addAll(found);
            }
        }
        problems.throwIfAny();
        SweepResults results = SweepResults.of(first.withShard(Shard.ALL), table, groups);
        folder.replace(results::write);
        return new SweepOutcome(out, results.points().size(), results.count(Status.OK), results.count(Status.INVALID),
                results.count(Status.NEEDS_VALUES), 0, 0, 0, results.front().stream().map(SweepFile.Group::id).toList(),
                List.of());
    }

    /** Points of a selection of {@code points} a shard takes: the positions p with p mod count = index. */
    static long pointsOf(long points, Shard shard) {
        return points <= shard.index() ? 0 : (points - shard.index() + shard.count() - 1) / shard.count();
    }

    private static Part read(Path dir, Problems problems) {
        Path json = dir.resolve(SweepResults.JSON_FILE);
        if (!Files.isRegularFile(json)) {
            problems.add(dir.toString(), "", null, "has no " + SweepResults.JSON_FILE + ": not the folder of a finished sweep "
                    + "(a sweep that was stopped resumes when run again with the same command)");
            return null;
        }
        try {
            JsonNode tree = JSON.readTree(json.toFile());
            return new Part(dir, SweepMeta.fromJson(tree));
        } catch (IOException | IllegalArgumentException | BadInputException e) {
            problems.add(json.toString(), "", null, "not a sweep.json this qasim version can read (" + e.getMessage() + ")");
            return null;
        }
    }

    /** Shards of one sweep agree on everything but the shard and the paths as each run named them. */
    /** What makes two shards' sweeps differ, in words, or null when they are the same sweep. */
    private static String difference(SweepMeta a, SweepMeta b) {
        if (!a.version().equals(b.version())) {
            return "qasim version " + b.version() + " against " + a.version();
        }
        if (a.values() != b.values()) {
            return "--values " + (b.values() ? "on" : "off") + " against " + (a.values() ? "on" : "off");
        }
        if (!a.inputsHash().equals(b.inputsHash())) {
            return "the architecture, workload, grid files or --set overrides differ: inputsHash " + b.inputsHash() + " against "
                    + a.inputsHash();
        }
        SweepMeta.Selection x = a.selection();
        SweepMeta.Selection y = b.selection();
        if (x.gridPoints() != y.gridPoints() || x.points() != y.points() || !Objects.equals(x.sample(), y.sample())) {
            return "the grid's points or sample differ: " + y.points() + " of " + y.gridPoints() + " points against " + x.points()
                    + " of " + x.gridPoints();
        }
        if (!x.axes().equals(y.axes()) || !x.plots().equals(y.plots())) {
            return "the grid's axes or plots differ";
        }
        return null;
    }

    /** Before any work: the merged results do not go into one of the shards' folders. */
    public static void checkOut(List<Path> dirs, Path out) {
        Problems problems = new Problems();
        checkOut(dirs, out, problems);
        problems.throwIfAny();
    }

    private static void checkOut(List<Path> dirs, Path out, Problems problems) {
        for (Path dir : dirs) {
            if (sameFolder(dir, out)) {
                problems.add("--out", "", out.toString(), "must not be one of the folders merged (" + dir + ")");
            }
        }
    }

    private static boolean sameFolder(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
