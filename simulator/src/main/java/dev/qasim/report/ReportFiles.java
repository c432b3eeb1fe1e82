package dev.qasim.report;

import java.io.IOException;
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

    /** Renders the given formats and writes them into {@code dir}; returns the paths written. */
    public static List<Path> write(RunReport report, Path dir, List<ReportFormat> formats, Map<String, String> extra) {
        Map<String, String> files = new LinkedHashMap<>();
        for (ReportFormat f : formats) {
            if (f.fileName() != null) {
                files.put(f.fileName(), f.render(report));
            }
        }
        files.putAll(extra);
        return writeAll(dir, files);
    }

    /** Writes named text files into {@code dir} atomically, creating it when needed. */
    public static List<Path> writeAll(Path dir, Map<String, String> files) {
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path target = dir.resolve(f.getKey());
                Path tmp = Files.createTempFile(dir, "." + f.getKey(), ".tmp");
                try {
                    Files.writeString(tmp, f.getValue(), StandardCharsets.UTF_8);
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            return files.keySet().stream().map(dir::resolve).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report into " + dir + ": " + e.getMessage(), e);
        }
    }
}
