package dev.qasim.cli;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import com.google.common.io.MoreFiles;
import dev.qasim.report.RunIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A command's {@link RunIdentity}: the command's name and every option and parameter that decides the report's
 * content, with its value (its default when not given, so {@code --engine fast} and nothing are the same run); a
 * file or folder stands by the SHA-256 of its content, so the same input named another way is the same run and an
 * edited one is another. Options that only say where or how the results are shown are left out.
 */
final class Identities {
    /** Options that change where the results go or how they are shown, not what they are. */
    static final Set<String> NOT_CONTENT = Set.of("--out", "--overwrite", "--format", "--debug", "--jobs", "--trace",
            "--trace-layer", "--trace-cycles", "--help", "--version");

    private Identities() {}

    /** The identity of the command {@code spec} parsed; {@code resolved} replaces parts by their resolved values. */
    static RunIdentity of(CommandSpec spec, Map<String, String> resolved) {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("command", spec.name());
        for (OptionSpec o : spec.options()) {
            if (!NOT_CONTENT.contains(o.longestName()) && !o.usageHelp() && !o.versionHelp()) {
                put(parts, o.longestName(), o);
            }
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            put(parts, p.paramLabel(), p);
        }
        parts.putAll(resolved);
        return new RunIdentity(Options.commandLine(spec), parts);
    }

    private static void put(Map<String, String> parts, String name, ArgSpec arg) {
        Object value = arg.getValue();
        if (value != null && !(value instanceof Collection<?> c && c.isEmpty())) {
            parts.put(name, canonical(value));
        }
    }

    private static String canonical(Object value) {
        if (value instanceof Path p) {
            return content(p);
        }
        if (value instanceof Collection<?> c) {
            return c.stream().map(Identities::canonical).collect(Collectors.joining(", ", "[", "]"));
        }
        return value.toString();
    }

    /**
     * A file's SHA-256, or a folder's: of its files' relative paths and SHA-256s, sorted (hidden files and a report's
     * provenance.json, which holds a time, left out); a path that does not exist stands as itself (its loader reports
     * it).
     */
    static String content(Path p) {
        try {
            if (Files.isRegularFile(p)) {
                return "sha256:" + MoreFiles.asByteSource(p).hash(Hashing.sha256());
            }
            if (Files.isDirectory(p)) {
                Hasher h = Hashing.sha256().newHasher();
                try (Stream<Path> all = Files.walk(p)) {
                    for (Path f : all.filter(Files::isRegularFile).filter(Identities::isContent).sorted(Comparator.comparing(Path::toString)).toList()) {
                        h.putString(p.relativize(f).toString(), StandardCharsets.UTF_8).putByte((byte) 0)
                                .putString(MoreFiles.asByteSource(f).hash(Hashing.sha256()).toString(), StandardCharsets.UTF_8);
                    }
                }
                return "sha256-folder:" + h.hash();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
        return "missing:" + p;
    }

    /** Whether a file in an input folder is content: not hidden, not a report's provenance. */
    private static boolean isContent(Path f) {
        String name = f.getFileName().toString();
        return !name.startsWith(".") && !name.equals(dev.qasim.report.ReportFolder.PROVENANCE);
    }
}
