package dev.qasim.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qasim.input.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A report folder claimed by one run. Nothing in it is lost or mislabelled:
 * <ul>
 *   <li>Every report folder holds {@value #PROVENANCE}: the command line that made it, its run hash
 *   ({@link RunIdentity#hash()}, of the options that decide the content and the inputs' SHA-256), the parts hashed
 *   and the top-level files and folders the report wrote.</li>
 *   <li>{@link #claim} (before any work) refuses a folder holding the report of another run (another hash), or a
 *   report without provenance, unless {@code --overwrite} is given; the same run again may replace its report. A
 *   folder holding files no qasim report wrote (neither the new report's names nor those its provenance lists) is
 *   refused even with {@code --overwrite}: they would be lost.</li>
 *   <li>{@link #replace} writes the new report whole into a hidden sibling folder ({@code .NAME.qasim-new-PID}),
 *   provenance.json last, then swaps it in with two renames (the old folder to {@code .NAME.qasim-old-PID}, the new
 *   one to NAME) and deletes the old one. A kill or a full disk while writing leaves the old report untouched (the
 *   sibling is removed on failure, or by the next qasim that claims the folder); a kill between the two renames,
 *   microseconds, leaves NAME absent and both siblings whole, and the next claim finishes the swap. Until the swap
 *   the disk needs room for both reports. Nothing is synced to the disk: a report survives a killed process, not a
 *   power cut.</li>
 *   <li>Where no sibling can be made (the folder's parent cannot be written into, the folder is a mount point or
 *   holds the working directory) the report is written into the folder itself, provenance.json removed first and
 *   written last, so an interrupted write is never labelled as a finished run.</li>
 * </ul>
 */
public final class ReportFolder {
    /** The provenance file of every report folder. */
    public static final String PROVENANCE = "provenance.json";
    private static final String NEW = ".qasim-new-";
    private static final String OLD = ".qasim-old-";
    private static final Pattern SIBLING = Pattern.compile("\\.(.+)\\.qasim-(new|old)-(\\d+)");

    /** Writes a report's files into a folder (the hidden sibling, or the folder itself). */
    public interface Writer {
        void writeTo(Path folder);
    }

    /** What a folder's provenance.json says; {@code files} empty when it does not list them. */
    private record Recorded(String command, String hash, String writtenAt, Map<String, String> parts, List<String> files) {}

    private final String option;
    private final Path dir;
    private final RunIdentity run;
    private final boolean overwrite;
    private final List<PathMatcher> names;

    private ReportFolder(String option, Path dir, RunIdentity run, boolean overwrite, Collection<String> names) {
        this.option = option;
        this.dir = dir;
        this.run = run;
        this.overwrite = overwrite;
        this.names = names.stream().map(n -> FileSystems.getDefault().getPathMatcher("glob:" + n)).toList();
    }

    /**
     * Claims {@code dir} for a report of {@code run}, before any work: the folder can be made or written into
     * ({@link ReportFiles#checkFolder}), a swap a killed qasim left half done is finished, and the folder holds no
     * report of another run (unless {@code overwrite}) and no file a qasim report did not write.
     *
     * @param option    how the user named the folder, for messages ({@code --out}, "the default report folder")
     * @param names     the top-level files and folders the report writes, globs allowed ({@code *.png})
     * @throws BadInputException one line naming the option, the folder and, for another run's report, its command
     */
    public static ReportFolder claim(String option, Path dir, RunIdentity run, boolean overwrite, Collection<String> names) {
        ReportFiles.checkFolder(option, dir);
        ReportFolder folder = new ReportFolder(option, dir, run, overwrite, names);
        recover(dir);
        folder.check();
        return folder;
    }

    /** {@code file}'s path inside {@code dir} (both made absolute), or null when it lies elsewhere. */
    public static Path inside(Path dir, Path file) {
        Path d = dir.toAbsolutePath().normalize();
        Path f = file.toAbsolutePath().normalize();
        return f.startsWith(d) && !f.equals(d) ? d.relativize(f) : null;
    }

    /** The top-level names of a report's paths ({@code charts/} and {@code charts/a.png} are {@code charts}). */
    public static List<String> topLevel(Collection<String> paths) {
        return paths.stream().map(p -> p.split("/")[0]).distinct().toList();
    }

    /**
     * The folder beside the report folder (its parent, made when needed), on the same file system: where a file that
     * goes into the report later (a trace streamed during the run) is staged.
     */
    public static Path besides(Path dir) {
        Path parent = real(dir).getParent();
        try {
            return Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + parent + ": " + e.getMessage(), e);
        }
    }

    /** The folder as the user named it. */
    public Path path() {
        return dir;
    }

    /** Writes these files (paths relative to the folder) as the whole new report; returns their paths. */
    public List<Path> write(Map<String, byte[]> files) {
        replace(folder -> ReportFiles.writeAll(folder, files));
        return files.keySet().stream().map(dir::resolve).toList();
    }

    /**
     * Replaces the folder's content with the report {@code writer} writes (class comment). The claim is checked
     * again first: another run may have written the folder meanwhile.
     *
     * @throws UncheckedIOException naming the file that could not be written (the old report is then kept)
     */
    public void replace(Writer writer) {
        recover(dir);
        check();
        Path target = real(dir);
        Path parent = target.getParent();
        try {
            if (inPlace(target)) {
                writeInPlace(target, writer);
                return;
            }
            Files.createDirectories(parent);
            Path stage = sibling(target, NEW);
            deleteTree(stage);
            Files.createDirectory(stage);
            boolean done = false;
            try {
                writer.writeTo(stage);
                writeProvenance(stage, entries(stage));
                swap(stage, target);
                done = true;
            } finally {
                if (!done) {
                    deleteTreeQuietly(stage);
                }
            }
        } catch (IOException e) {
            throw failed(e);
        } catch (UncheckedIOException e) {
            throw failed(e.getCause()); // the writer's, naming a file of the hidden folder: the user knows the folder
        }
    }

    private UncheckedIOException failed(IOException e) {
        String why = e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage();
        return new UncheckedIOException("cannot write " + dir + ": " + why + " (any earlier report there is kept)", e);
    }

    /**
     * Claims the folder for a run that writes into it as it goes (a sweep, resumable): the same run keeps what is
     * there; another run's report (allowed by the claim) loses its provenance and {@code finished} (its result files)
     * first, so the folder never holds one run's results under another's provenance.
     */
    public void openInPlace(Collection<String> finished) {
        recover(dir);
        check();
        Path target = real(dir);
        try {
            Files.createDirectories(target);
            Recorded old = readableOrNull(target);
            if (old == null || !old.hash().equals(run.hash())) {
                Files.deleteIfExists(target.resolve(PROVENANCE));
                for (String name : finished) {
                    deleteTree(target.resolve(name));
                }
                writeProvenance(target, List.of());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir + ": " + e.getMessage(), e);
        }
    }

    /** After a run that wrote in place: provenance.json with the files it lists (a sweep's, when finished). */
    public void finishInPlace() {
        Path target = real(dir);
        try {
            writeProvenance(target, entries(target));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target.resolve(PROVENANCE) + ": " + e.getMessage(), e);
        }
    }

    private void check() {
        Path target = real(dir);
        if (!Files.isDirectory(target)) {
            return; // absent: checkFolder said it can be made
        }
        // a lock file is no report (a sweep's folder holds one while it is locked)
        List<String> entries = entries(target).stream().filter(e -> !(e.startsWith(".") && matches(e))).toList();
        if (entries.isEmpty()) {
            return;
        }
        Recorded old;
        boolean unreadable = false;
        try {
            old = recorded(target);
        } catch (IOException | IllegalArgumentException e) {
            old = null;
            unreadable = true;
        }
        List<String> known = old == null ? List.of() : old.files();
        List<String> foreign = new ArrayList<>();
        for (String e : entries) {
            if (!e.equals(PROVENANCE) && !known.contains(e) && !matches(e)) {
                foreign.add(e);
            }
        }
        if (!foreign.isEmpty()) {
            String shown = String.join(", ", foreign.subList(0, Math.min(5, foreign.size())))
                    + (foreign.size() > 5 ? " and " + (foreign.size() - 5) + " more" : "");
            throw refusal("holds files that are not part of this command's report (" + shown + "); they would be lost: move them "
                    + "away, or choose another folder");
        }
        if (old != null && old.hash().equals(run.hash()) || overwrite) {
            return;
        }
        if (old == null) {
            throw refusal("holds a report " + (unreadable ? "whose " + PROVENANCE + " cannot be read" : "without " + PROVENANCE
                    + " (an earlier qasim version's, or copied)") + "; give --overwrite to replace it, or choose another folder");
        }
        List<String> differ = run.differences(old.parts());
        throw refusal("holds the report of another run (" + old.command() + ", written " + old.writtenAt() + ")"
                + (differ.isEmpty() ? "" : "; it differs in " + String.join(", ", differ))
                + "; give --overwrite to replace it, or choose another folder");
    }

    /** Whether a top-level name is one the report writes. */
    private boolean matches(String name) {
        return names.stream().anyMatch(m -> m.matches(Path.of(name)));
    }

    private BadInputException refusal(String rule) {
        return BadInputException.of(option, "", dir.toString(), rule);
    }

    /** A folder's provenance, or null when it has none. */
    private static Recorded recorded(Path folder) throws IOException {
        Path file = folder.resolve(PROVENANCE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        JsonNode o = JsonRenderer.MAPPER.readTree(file.toFile());
        if (o == null || !o.path("runHash").isTextual()) {
            throw new IllegalArgumentException("no runHash");
        }
        Map<String, String> parts = new LinkedHashMap<>();
        o.path("run").properties().forEach(e -> parts.put(e.getKey(), e.getValue().asText()));
        List<String> files = new ArrayList<>();
        o.path("files").forEach(f -> files.add(f.asText()));
        return new Recorded(o.path("command").asText(), o.get("runHash").asText(), o.path("writtenAt").asText(), parts, files);
    }

    /** A folder's provenance, or null when it has none or it cannot be read (the claim allowed replacing it). */
    private static Recorded readableOrNull(Path folder) {
        try {
            return recorded(folder);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private void writeProvenance(Path folder, List<String> files) throws IOException {
        ObjectNode o = JsonRenderer.MAPPER.createObjectNode();
        o.put("qasimVersion", Version.get());
        o.put("command", run.command());
        o.put("runHash", run.hash());
        ObjectNode parts = o.putObject("run");
        run.parts().forEach(parts::put);
        files.stream().filter(f -> !f.equals(PROVENANCE)).forEach(o.putArray("files")::add);
        o.put("writtenAt", Instant.now().toString());
        byte[] bytes = (JsonRenderer.MAPPER.writeValueAsString(o) + "\n").getBytes(StandardCharsets.UTF_8);
        ReportFiles.writeAtomically(folder.resolve(PROVENANCE), out -> out.write(bytes));
    }

    /** The folder's top-level names, sorted. */
    private static List<String> entries(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(folder)) {
            return list.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(NEW)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the report into a hidden folder inside the target, then, provenance.json removed, moves each of its
     * entries into place (an old entry of that name removed first) and removes what the old report had beyond them;
     * provenance.json last.
     */
    private void writeInPlace(Path target, Writer writer) throws IOException {
        Path stage = target.resolve(NEW + ProcessHandle.current().pid());
        deleteTree(stage);
        Files.createDirectory(stage);
        try {
            writer.writeTo(stage);
            List<String> written = entries(stage);
            Recorded old = readableOrNull(target);
            Files.deleteIfExists(target.resolve(PROVENANCE));
            for (String e : entries(target)) {
                boolean oldReport = old != null && old.files().contains(e) || matches(e);
                if (oldReport && !written.contains(e)) {
                    deleteTree(target.resolve(e));
                }
            }
            for (String e : written) {
                deleteTree(target.resolve(e));
                Files.move(stage.resolve(e), target.resolve(e), StandardCopyOption.ATOMIC_MOVE);
            }
            writeProvenance(target, written);
        } finally {
            deleteTreeQuietly(stage); // empty after the moves; on failure the unfinished report
        }
    }

    /**
     * Where no sibling folder can be made (the parent is not writable), or a rename would move a mount point or the
     * working directory from under the user.
     */
    private static boolean inPlace(Path target) throws IOException {
        if (!Files.isDirectory(target)) {
            return false;
        }
        Path parent = target.getParent();
        Path cwd = Path.of("").toAbsolutePath();
        return parent == null || !ReportFiles.canCreateIn(parent) || cwd.startsWith(target)
                || !Files.getFileStore(target).equals(Files.getFileStore(parent));
    }

    private static void swap(Path stage, Path target) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(stage, target, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        Path old = sibling(target, OLD);
        deleteTree(old);
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        boolean swapped = false;
        try {
            Files.move(stage, target, StandardCopyOption.ATOMIC_MOVE);
            swapped = true;
        } finally {
            if (!swapped && !Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.move(old, target, StandardCopyOption.ATOMIC_MOVE); // put the old report back
            }
        }
        deleteTreeQuietly(old);
    }

    /** {@code .NAME.qasim-new-PID} or {@code .NAME.qasim-old-PID} beside the folder. */
    private static Path sibling(Path target, String kind) {
        return target.resolveSibling("." + target.getFileName() + kind + ProcessHandle.current().pid());
    }

    /**
     * Finishes what a killed qasim left beside {@code dir}: when the folder is absent, the complete new report (it has
     * its provenance) or else the old one is renamed into place; every sibling of a process no longer running is
     * removed. Siblings of running processes (another qasim writing now) are left alone.
     */
    public static void recover(Path dir) {
        Path target = real(dir);
        Path parent = target.getParent();
        if (parent == null || !Files.isDirectory(parent) || target.getFileName() == null) {
            return;
        }
        String name = target.getFileName().toString();
        Map<Long, List<Path>> byPid = new LinkedHashMap<>();
        try (DirectoryStream<Path> list = Files.newDirectoryStream(parent, "." + name + ".qasim-*")) {
            for (Path p : list) {
                Matcher m = SIBLING.matcher(p.getFileName().toString());
                if (m.matches() && m.group(1).equals(name)) {
                    long pid = Long.parseLong(m.group(3));
                    if (alive(m.group(3))) {
                        continue;
                    }
                    byPid.computeIfAbsent(pid, k -> new ArrayList<>()).add(p);
                }
            }
            for (List<Path> left : byPid.values()) {
                left.sort(Comparator.comparing((Path p) -> p.getFileName().toString().contains(NEW) ? 0 : 1));
                for (Path p : left) {
                    boolean complete = Files.isRegularFile(p.resolve(PROVENANCE)) || p.getFileName().toString().contains(OLD);
                    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS) && complete) {
                        Files.move(p, target, StandardCopyOption.ATOMIC_MOVE);
                    } else {
                        deleteTree(p);
                    }
                }
            }
            removeProbesOfEndedProcesses(parent);
            if (Files.isDirectory(target)) {
                try (DirectoryStream<Path> inside = Files.newDirectoryStream(target, NEW + "*")) {
                    for (Path p : inside) {
                        if (!alive(p.getFileName().toString().substring(NEW.length()))) {
                            deleteTree(p); // an in-place write that was killed: its unfinished report
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot tidy up beside " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Whether another process with this id runs on this machine (this one's own leftovers are stale). */
    /** The write probes ({@link ReportFiles#canCreateIn}) a killed qasim left in {@code parent}. */
    private static void removeProbesOfEndedProcesses(Path parent) throws IOException {
        try (DirectoryStream<Path> probes = Files.newDirectoryStream(parent, ReportFiles.PROBE + "*")) {
            for (Path p : probes) {
                String rest = p.getFileName().toString().substring(ReportFiles.PROBE.length());
                int dash = rest.indexOf('-');
                String pid = dash < 0 ? "" : rest.substring(0, dash);
                if (!pid.isEmpty() && !pid.equals(Long.toString(ProcessHandle.current().pid())) && !alive(pid)) {
                    deleteTree(p);
                }
            }
        }
    }

    private static boolean alive(String pidText) {
        try {
            long pid = Long.parseLong(pidText);
            return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The folder with a symbolic link at its place followed (the report goes where the link points). */
    private static Path real(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        try {
            return Files.isSymbolicLink(abs) ? abs.toRealPath() : abs;
        } catch (IOException e) {
            return abs;
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        } else {
            Files.deleteIfExists(root);
        }
    }

    private static void deleteTreeQuietly(Path root) {
        try {
            deleteTree(root);
        } catch (IOException e) {
            // the failure being reported matters more; the next claim removes what is left
        }
    }
}
