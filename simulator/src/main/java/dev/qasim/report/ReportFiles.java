package dev.qasim.report;

import dev.qasim.input.BadInputException;
import dev.qasim.input.Problems;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes report files atomically: every file is rendered in memory first, every path is checked (a file where a
 * folder is needed, or a folder where a file goes, fails before anything is written), then all are written to
 * temporary files in their folders and only then renamed into place, so a failed run never leaves a half-written
 * report.
 */
public final class ReportFiles {
    /** The folder of a run report's charts. */
    static final String CHARTS = "charts";

    private ReportFiles() {}

    /** Every file format of a run report, in the order they are written. */
    public static final List<ReportFormat> ALL = List.of(ReportFormat.JSON, ReportFormat.CSV, ReportFormat.MD, ReportFormat.HTML);

    /**
     * Renders the given formats and the charts (charts/NAME.png and .svg) and writes them into {@code dir}, with
     * {@code extra} text files; returns the paths written.
     */
    public static List<Path> write(RunReport report, Path dir, List<ReportFormat> formats, Map<String, String> extra) {
        return writeAll(dir, render(report, formats, extra));
    }

    /**
     * The files {@link #write} writes, rendered in memory: names relative to the report folder (charts/NAME.png and
     * .svg included) -> content.
     */
    public static Map<String, byte[]> render(RunReport report, List<ReportFormat> formats, Map<String, String> extra) {
        return render(report, ReportEntries.document(report), formats, extra);
    }

    /** The same with the report's records already built ({@link ReportEntries#document}). */
    public static Map<String, byte[]> render(RunReport report, ReportDocument document, List<ReportFormat> formats,
                                             Map<String, String> extra) {
        Map<String, org.jfree.chart.JFreeChart> charts = RunCharts.of(document);
        // every chart drawn once as SVG (for its file and the HTML page) and once as PNG, the charts in parallel
        Map<String, String> svgs = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, byte[]> pngs = new java.util.concurrent.ConcurrentHashMap<>();
        charts.entrySet().parallelStream().forEach(c -> {
            svgs.put(c.getKey(), ChartRenderer.svg(c.getValue(), "chart-" + c.getKey()));
            pngs.put(c.getKey(), ChartRenderer.png(c.getValue()));
        });
        Map<String, String> ordered = new LinkedHashMap<>();
        charts.keySet().forEach(name -> ordered.put(name, svgs.get(name)));
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (ReportFormat f : formats) {
            if (f.fileName() != null) {
                String text = f == ReportFormat.HTML ? new HtmlRenderer().render(report, document, ordered) : f.render(report, document);
                files.put(f.fileName(), text.getBytes(StandardCharsets.UTF_8));
            }
        }
        ordered.forEach((name, svg) -> {
            files.put(CHARTS + "/" + name + ".png", pngs.get(name));
            files.put(CHARTS + "/" + name + ".svg", ChartRenderer.svgDocument(svg).getBytes(StandardCharsets.UTF_8));
        });
        extra.forEach((name, text) -> files.put(name, text.getBytes(StandardCharsets.UTF_8)));
        return files;
    }

    /** Writes named text files into {@code dir} atomically, creating it when needed. */
    public static List<Path> writeText(Path dir, Map<String, String> files) {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        files.forEach((name, text) -> bytes.put(name, text.getBytes(StandardCharsets.UTF_8)));
        return writeAll(dir, bytes);
    }

    /** Temporary files are private to their owner; a report is meant to be read by everybody (rw-r--r--). */
    static void readableByAll(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /**
     * Checks an output folder a command was given ({@code --out DIR}) before any work: the path is not empty; if it
     * exists it is a folder qasim can write into; otherwise its nearest existing ancestor is such a folder (so it can
     * be created). Whether a folder can be written into is tried (a temporary folder made and removed there), since
     * the permission bits do not tell for the superuser, read-only file systems or /proc.
     *
     * @param option the option that named the folder, for the message ({@code --out})
     * @throws BadInputException one line naming the option, the path and what is wrong; nothing is created
     */
    public static void checkFolder(String option, Path dir) {
        String shown = dir.toString();
        if (shown.isEmpty()) {
            throw BadInputException.of(option, "", "\"\"", "is empty; a folder is required");
        }
        Path abs = dir.toAbsolutePath();
        if (Files.exists(abs)) {
            if (!Files.isDirectory(abs)) {
                throw BadInputException.of(option, "", shown, "is a file; a folder is required");
            }
            if (!canCreateIn(abs)) {
                throw BadInputException.of(option, "", shown, "is a folder qasim cannot write into");
            }
            return;
        }
        // walk up the path as given (so the message names it as the user wrote it), then the working folder's
        Path ancestor = dir.getParent();
        while (ancestor != null && !Files.exists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        if (ancestor == null) {
            ancestor = abs.getParent();
            while (ancestor != null && !Files.exists(ancestor)) {
                ancestor = ancestor.getParent();
            }
        }
        if (ancestor == null) {
            throw BadInputException.of(option, "", shown, "cannot be created: no part of this path exists");
        }
        if (!Files.isDirectory(ancestor)) {
            throw BadInputException.of(option, "", shown, "cannot be created: " + ancestor + " is a file, not a folder");
        }
        if (!canCreateIn(ancestor)) {
            throw BadInputException.of(option, "", shown, "cannot be created: qasim cannot write into " + ancestor);
        }
    }

    /** The prefix of the folder {@link #canCreateIn} makes and removes, followed by the process id and a dash. */
    static final String PROBE = ".qasim-probe-";

    /**
     * Whether a folder can be made in {@code folder} (tried: the permission bits do not tell for root or read-only
     * mounts). The probe is named after the process, so that one a kill left behind is removed by
     * {@link ReportFolder#recover}.
     */
    static boolean canCreateIn(Path folder) {
        if (!Files.isWritable(folder)) {
            return false;
        }
        try {
            Files.delete(Files.createTempDirectory(folder, PROBE + ProcessHandle.current().pid() + "-"));
            return true;
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * Writes named files (paths relative to {@code dir}) atomically, creating folders when needed. Every path is
     * checked first, then every file is written to a temporary file, and only when all are written are they renamed
     * into place; on failure the temporary files and the folders this call created are removed.
     *
     * @throws BadInputException (every problem, before anything is written) when a file stands where a folder is
     *         needed or a folder where a file goes
     * @throws UncheckedIOException naming the file when one cannot be written
     */
    public static List<Path> writeAll(Path dir, Map<String, byte[]> files) {
        checkTargets(dir, files.keySet());
        List<Path> createdFolders = new ArrayList<>();
        Map<Path, Path> staged = new LinkedHashMap<>(); // temporary file -> target
        boolean done = false;
        Path current = dir;
        try {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                current = dir.resolve(f.getKey());
                Path parent = current.toAbsolutePath().getParent();
                createFolders(parent, createdFolders);
                Path tmp = Files.createTempFile(parent, "." + current.getFileName(), ".tmp");
                staged.put(tmp, current);
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
                    out.write(f.getValue());
                }
                readableByAll(tmp);
            }
            for (Map.Entry<Path, Path> s : staged.entrySet()) {
                current = s.getValue();
                Files.move(s.getKey(), s.getValue(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            done = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + current + ": " + e.getMessage(), e);
        } finally {
            for (Path tmp : staged.keySet()) {
                deleteQuietly(tmp);
            }
            if (!done) {
                for (int i = createdFolders.size() - 1; i >= 0; i--) {
                    deleteQuietly(createdFolders.get(i)); // only when empty: a rename may have put a file there
                }
            }
        }
        return files.keySet().stream().map(dir::resolve).toList();
    }

    /** The files and folders (ending in '/') of a run report in its folder: {@link #write}'s, before the run. */
    public static List<String> runReportNames(List<ReportFormat> formats, Collection<String> extra) {
        List<String> names = new ArrayList<>();
        for (ReportFormat f : formats) {
            if (f.fileName() != null) {
                names.add(f.fileName());
            }
        }
        names.addAll(extra);
        names.add(CHARTS + "/");
        return names;
    }

    /**
     * Checks, before any work, that a report can go into {@code dir}: every file that stands where a folder is
     * needed, and every folder where a file goes, all at once. A name ending in '/' is a folder.
     *
     * @throws BadInputException naming each such path
     */
    public static void checkTargets(Path dir, Collection<String> names) {
        Set<String> found = new LinkedHashSet<>();
        Problems problems = new Problems();
        for (String name : names) {
            boolean folder = name.endsWith("/");
            Path target = dir.resolve(folder ? name.substring(0, name.length() - 1) : name);
            if (!folder && Files.isDirectory(target) && found.add(target.toString())) {
                problems.add(target.toString(), "", null, "is a folder; the report writes a file here");
            }
            for (Path p = folder ? target : target.getParent(); p != null; p = p.getParent()) {
                if (Files.exists(p) && !Files.isDirectory(p)) {
                    if (found.add(p.toString())) {
                        problems.add(p.toString(), "", null, "is a file; the report needs a folder here");
                    }
                    break;
                }
            }
        }
        problems.throwIfAny();
    }

    /** Creates {@code folder} and its missing parents, recording each one created (outermost first). */
    private static void createFolders(Path folder, List<Path> created) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path p = folder; p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.add(0, p);
        }
        for (Path p : missing) {
            try {
                Files.createDirectory(p);
                created.add(p);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (!Files.isDirectory(p)) {
                    throw e; // another process made it meanwhile: fine when it is a folder
                }
            }
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a folder that is not empty stays; a temporary file that cannot be removed is not worth hiding the cause
        }
    }

    /** Writes a file's content into a stream (a file too large to render in memory first). */
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes one file atomically: the content goes into a temporary file in the target's folder (created when
     * needed), which is then renamed into place; on failure the target is left as it was.
     *
     * @throws UncheckedIOException naming the target when it cannot be written
     */
    public static void writeAtomically(Path target, Content content) {
        try {
            Path parent = target.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, "." + target.getFileName(), ".tmp");
            try {
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
                    content.writeTo(out);
                }
                readableByAll(tmp);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
