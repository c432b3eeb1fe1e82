package dev.qasim.report;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes report files atomically: every file is rendered in memory first, then each is written to a temporary
 * file in the target folder and renamed into place, so a failed run never leaves a half-written report.
 */
public final class ReportFiles {
    private ReportFiles() {}

    /** Every file format of a run report, in the order they are written. */
    public static final List<ReportFormat> ALL = List.of(ReportFormat.JSON, ReportFormat.CSV, ReportFormat.MD, ReportFormat.HTML);

    /**
     * Renders the given formats and the charts (charts/NAME.png and .svg) and writes them into {@code dir}, with
     * {@code extra} text files; returns the paths written.
     */
    public static List<Path> write(RunReport report, Path dir, List<ReportFormat> formats, Map<String, String> extra) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (ReportFormat f : formats) {
            if (f.fileName() != null) {
                files.put(f.fileName(), f.render(report).getBytes(StandardCharsets.UTF_8));
            }
        }
        RunCharts.of(report).forEach((name, chart) -> {
            files.put("charts/" + name + ".png", ChartRenderer.png(chart));
            files.put("charts/" + name + ".svg", ChartRenderer.svgDocument(chart, "chart-" + name).getBytes(StandardCharsets.UTF_8));
        });
        extra.forEach((name, text) -> files.put(name, text.getBytes(StandardCharsets.UTF_8)));
        return writeAll(dir, files);
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

    /** Writes named files (paths relative to {@code dir}) atomically, creating folders when needed. */
    public static List<Path> writeAll(Path dir, Map<String, byte[]> files) {
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            writeAtomically(dir.resolve(f.getKey()), out -> out.write(f.getValue()));
        }
        return files.keySet().stream().map(dir::resolve).toList();
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
