package dev.qasim.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A clone is self-contained: README, docs, sources, workloads, arch-configs and tools name no file outside the
 * repository (the domain notes the project was written from, which a clone does not have), every relative
 * Markdown link and every document of docs/ they name exists, and outside docs/ a document is named by its path
 * (docs/timing.md), not by a bare name a reader cannot find. This file, which spells the patterns, is not read.
 */
class SelfContainedDocsTest {
    private static final List<String> SCANNED = List.of("README.md", "docs", "simulator/src", "workloads", "arch-configs",
            "tools");
    private static final Set<String> TEXT = Set.of("md", "java", "yaml", "yml", "sh", "py", "properties", "proto", "csv", "cff");
    // [/] rather than /, so that this file does not match the pattern it spells (grep finds nothing either)
    private static final Pattern OUTSIDE = Pattern.compile("\\.\\.[/]shared|shared[/]spec");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern DOCS_PATH = Pattern.compile("docs/([A-Za-z0-9_-]+\\.md)");
    private static final Pattern BARE = Pattern.compile("(?<![/A-Za-z0-9_-])([a-z][a-z0-9-]*\\.md)\\b");
    /** Documents a reader might look for by a bare name: those of docs/ and the domain notes' names. */
    private static final Set<String> SPEC_NAMES = Set.of("interfaces.md", "term-revealing.md", "architecture.md", "style.md",
            "timing.md", "energy.md", "quantization.md", "data.md");

    @Test
    void nothingNamesAFileOutsideTheRepositoryAndEveryNamedDocumentExists() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path file : files()) {
            String name = Commands.HOME.relativize(file).toString();
            if (name.endsWith("/SelfContainedDocsTest.java")) {
                continue;
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                String where = name + ":" + (i + 1) + ": ";
                if (OUTSIDE.matcher(line).find()) {
                    problems.add(where + "names a file outside the repository: " + line.strip());
                }
                Matcher docs = DOCS_PATH.matcher(line);
                while (docs.find()) {
                    String doc = "docs/" + docs.group(1);
                    if (!Files.isRegularFile(Commands.HOME.resolve(doc))) {
                        problems.add(where + doc + " does not exist");
                    }
                }
                if (name.endsWith(".md")) {
                    Matcher link = LINK.matcher(line);
                    while (link.find()) {
                        String target = link.group(1).replaceFirst("#.*", "");
                        if (target.isEmpty() || target.matches("^[a-z]+:.*")) {
                            continue; // an anchor in the same page, or a URL
                        }
                        Path resolved = file.getParent().resolve(target).normalize();
                        if (!Files.exists(resolved)) {
                            problems.add(where + "the link " + link.group(1) + " leads nowhere");
                        }
                    }
                }
                if (!name.startsWith("docs/") && !name.endsWith(".md")) {
                    Matcher bare = BARE.matcher(line);
                    while (bare.find()) {
                        String doc = bare.group(1);
                        boolean aDocument = SPEC_NAMES.contains(doc) || Files.isRegularFile(Commands.HOME.resolve("docs").resolve(doc));
                        if (aDocument && !Files.isRegularFile(file.getParent().resolve(doc))) {
                            problems.add(where + bare.group(1) + " is not a path from here (name a document by its path: docs/...)");
                        }
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    private static List<Path> files() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String part : SCANNED) {
            try (Stream<Path> walk = Files.walk(Commands.HOME.resolve(part))) {
                walk.filter(Files::isRegularFile).filter(f -> TEXT.contains(extension(f)))
                        .filter(f -> !f.toString().contains("/target/") && !f.toString().contains("__pycache__"))
                        .forEach(files::add);
            }
        }
        return files;
    }

    private static String extension(Path f) {
        String n = f.getFileName().toString();
        return n.contains(".") ? n.substring(n.lastIndexOf('.') + 1) : "";
    }
}
