package dev.qasim.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qasim.input.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Report files are written whole or not at all; output folders and traces are checked before any work. */
class ReportFilesTest {
    @TempDir
    Path dir;

    private Set<String> tree() throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.map(p -> dir.relativize(p).toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Map<String, byte[]> files(String... names) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String n : names) {
            files.put(n, n.getBytes(StandardCharsets.UTF_8));
        }
        return files;
    }

    @Test
    void writeAllRefusesAFileWhereAFolderIsNeededBeforeWritingAnything() throws IOException {
        Path out = Files.createDirectory(dir.resolve("cx"));
        Files.writeString(out.resolve("charts"), "in the way");
        Set<String> before = tree();
        assertThatThrownBy(() -> ReportFiles.writeAll(out, files("report.json", "charts/a.png", "charts/a.svg", "report.md")))
                .isInstanceOf(BadInputException.class)
                .satisfies(e -> assertThat(((BadInputException) e).problems()).singleElement()
                        .satisfies(p -> assertThat(p.message()).isEqualTo(out.resolve("charts") + ": is a file; the report needs a folder here")));
        assertThat(tree()).isEqualTo(before);
    }

    @Test
    void writeAllRefusesAFolderWhereAFileGoesBeforeWritingAnything() throws IOException {
        Path out = Files.createDirectory(dir.resolve("out"));
        Files.createDirectories(out.resolve("report.md/inside"));
        Set<String> before = tree();
        assertThatThrownBy(() -> ReportFiles.writeAll(out, files("report.json", "report.md")))
                .isInstanceOf(BadInputException.class).hasMessage(out.resolve("report.md") + ": is a folder; the report writes a file here");
        assertThat(tree()).isEqualTo(before);
    }

    @Test
    void writeAllWritesEveryFileAndNoTemporaryOnes() throws IOException {
        Path out = dir.resolve("new/out");
        List<Path> written = ReportFiles.writeAll(out, files("report.json", "charts/a.png"));
        assertThat(written).containsExactly(out.resolve("report.json"), out.resolve("charts/a.png"));
        assertThat(tree()).containsExactly("", "new", "new/out", "new/out/charts", "new/out/charts/a.png", "new/out/report.json");
        assertThat(Files.readString(out.resolve("charts/a.png"))).isEqualTo("charts/a.png");
    }

    @Test
    void checkFolderRefusesAnEmptyPathAFileAndAPathUnderAFile() throws IOException {
        Path afile = Files.writeString(dir.resolve("afile"), "x");
        assertThatThrownBy(() -> ReportFiles.checkFolder("--out", Path.of("")))
                .isInstanceOf(BadInputException.class).hasMessage("--out: \"\": is empty; a folder is required");
        assertThatThrownBy(() -> ReportFiles.checkFolder("--out", afile))
                .isInstanceOf(BadInputException.class).hasMessage("--out: " + afile + ": is a file; a folder is required");
        assertThatThrownBy(() -> ReportFiles.checkFolder("--out", afile.resolve("a/b")))
                .isInstanceOf(BadInputException.class)
                .hasMessage("--out: " + afile.resolve("a/b") + ": cannot be created: " + afile + " is a file, not a folder");
        ReportFiles.checkFolder("--out", dir.resolve("x/y"));
        ReportFiles.checkFolder("--out", dir);
        assertThat(tree()).containsExactly("", "afile");
    }

    @Test
    void aTraceThatCannotBeMovedIntoPlaceLeavesNoTemporaryFile() throws IOException {
        Path target = Files.createDirectories(dir.resolve("adir"));
        Files.writeString(target.resolve("kept"), "x");
        TraceFile trace = new TraceFile(target, 10);
        trace.cycle(0, 1, 1, 0, 0);
        assertThatThrownBy(trace::close).isInstanceOf(UncheckedIOException.class).hasMessageContaining("adir");
        assertThat(tree()).containsExactly("", "adir", "adir/kept");
    }

    @Test
    void traceCheckRefusesAFolderAndAnInputFileByItsRealPath() throws IOException {
        Path input = Files.writeString(dir.resolve("arch.yaml"), "x");
        Path sameFile = dir.resolve("sub/../arch.yaml");
        Files.createDirectory(dir.resolve("sub"));
        assertThatThrownBy(() -> TraceFile.check("--trace", dir, List.of(input)))
                .isInstanceOf(BadInputException.class).hasMessage("--trace: " + dir + ": is a folder; a file is required");
        assertThatThrownBy(() -> TraceFile.check("--trace", sameFile, List.of(dir.resolve("absent.yaml"), input)))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("--trace: " + sameFile + ": is an input of this command");
        TraceFile.check("--trace", dir.resolve("sub/trace.csv"), List.of(input));
    }
}
