package dev.qasim.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qasim.input.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which folders a report may take, what is written, and how a swap a kill cut short is finished. */
public class ReportFolderTest {
    static final List<String> NAMES = List.of("report.json", "charts", "*.png");

    @TempDir
    Path dir;

    private static RunIdentity run(String workload) {
        return new RunIdentity("qasim run --workload " + workload, Map.of("command", "run", "--workload", "sha256:" + workload));
    }

    private static Map<String, byte[]> files(String... nameAndText) {
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        for (int i = 0; i < nameAndText.length; i += 2) {
            files.put(nameAndText[i], nameAndText[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return files;
    }

    private Set<String> tree() throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.map(p -> dir.relativize(p).toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void theSameRunReplacesItsReportWholeAndAnotherIsRefusedNamingTheRunAndWhatDiffers() throws IOException {
        Path out = dir.resolve("r");
        ReportFolder.claim("--out", out, run("resnet50"), false, NAMES).write(files("report.json", "50", "charts/a.png", "a", "x.png", "x"));
        assertThat(Files.readString(out.resolve(ReportFolder.PROVENANCE))).contains("\"command\" : \"qasim run --workload resnet50\"",
                "\"runHash\" : \"" + run("resnet50").hash() + "\"", "\"files\" : [ \"charts\", \"report.json\", \"x.png\" ]");
        ReportFolder.claim("--out", out, run("resnet50"), false, NAMES).write(files("report.json", "50 again", "charts/b.png", "b"));
        assertThat(tree()).containsExactly("", "r", "r/charts", "r/charts/b.png", "r/provenance.json", "r/report.json");
        Set<String> before = tree();
        assertThatThrownBy(() -> ReportFolder.claim("--out", out, run("resnet18"), false, NAMES)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("--out: " + out + ": holds the report of another run (qasim run --workload resnet50, written ")
                .hasMessageEndingWith("; it differs in --workload; give --overwrite to replace it, or choose another folder");
        assertThat(tree()).isEqualTo(before);
        ReportFolder.claim("--out", out, run("resnet18"), true, NAMES).write(files("report.json", "18"));
        assertThat(tree()).containsExactly("", "r", "r/provenance.json", "r/report.json");
        assertThat(Files.readString(out.resolve("report.json"))).isEqualTo("18");
    }

    @Test
    void filesNoReportWroteAreNeverReplacedAndAReportWithoutProvenanceNeedsOverwrite() throws IOException {
        Path out = Files.createDirectories(dir.resolve("r"));
        Files.writeString(out.resolve("report.json"), "old");
        assertThatThrownBy(() -> ReportFolder.claim("--out", out, run("a"), false, NAMES)).isInstanceOf(BadInputException.class)
                .hasMessage("--out: " + out + ": holds a report without provenance.json (an earlier qasim version's, or copied); "
                        + "give --overwrite to replace it, or choose another folder");
        ReportFolder.claim("--out", out, run("a"), true, NAMES);
        Files.writeString(out.resolve("notes.txt"), "mine");
        for (boolean overwrite : new boolean[] {false, true}) {
            assertThatThrownBy(() -> ReportFolder.claim("--out", out, run("a"), overwrite, NAMES)).isInstanceOf(BadInputException.class)
                    .hasMessage("--out: " + out + ": holds files that are not part of this command's report (notes.txt); they would "
                            + "be lost: move them away, or choose another folder");
        }
        // a file the earlier report wrote (its provenance lists it) is the report's, even if this one does not write it
        Files.delete(out.resolve("notes.txt"));
        ReportFolder.claim("--out", out, run("a"), true, List.of("report.json", "trace.csv")).write(files("report.json", "a", "trace.csv", "t"));
        ReportFolder.claim("--out", out, run("a"), false, NAMES).write(files("report.json", "a2"));
        assertThat(out.resolve("trace.csv")).doesNotExist();
    }

    @Test
    void aSwapCutBetweenItsTwoRenamesIsFinishedAndHalfWrittenFoldersAreRemoved() throws IOException {
        Path out = dir.resolve("r");
        ReportFolder.claim("--out", out, run("old"), false, NAMES).write(files("report.json", "old"));
        long dead = deadPid();
        // killed between the renames: the old report aside, the new one complete beside it, the folder absent
        Files.move(out, dir.resolve(".r.qasim-old-" + dead));
        Path stage = Files.createDirectories(dir.resolve(".r.qasim-new-" + dead));
        Files.writeString(stage.resolve("report.json"), "new");
        Files.writeString(stage.resolve(ReportFolder.PROVENANCE), "{\"runHash\": \"x\"}");
        ReportFolder.recover(out);
        assertThat(tree()).containsExactly("", "r", "r/provenance.json", "r/report.json");
        assertThat(Files.readString(out.resolve("report.json"))).isEqualTo("new");
        // killed while writing: an incomplete new folder (no provenance yet) beside the intact report
        Path partial = Files.createDirectories(dir.resolve(".r.qasim-new-" + dead));
        Files.writeString(partial.resolve("report.json"), "half");
        ReportFolder.recover(out);
        assertThat(tree()).containsExactly("", "r", "r/provenance.json", "r/report.json");
        // killed after moving the old report aside, before the new one was complete: the old one comes back
        Files.move(out, dir.resolve(".r.qasim-old-" + dead));
        Files.createDirectories(dir.resolve(".r.qasim-new-" + dead)).resolve("x");
        ReportFolder.recover(out);
        assertThat(tree()).containsExactly("", "r", "r/provenance.json", "r/report.json");
        assertThat(Files.readString(out.resolve("report.json"))).isEqualTo("new");
        // a running process's folder is left alone
        Path alive = Files.createDirectories(dir.resolve(".r.qasim-new-" + ProcessHandle.current().parent().orElseThrow().pid()));
        ReportFolder.recover(out);
        assertThat(alive).isDirectory();
    }

    @Test
    void aFailedWriteKeepsTheOldReportAndLeavesNothingBeside() throws IOException {
        Path out = dir.resolve("r");
        ReportFolder.claim("--out", out, run("old"), false, NAMES).write(files("report.json", "old"));
        Set<String> before = tree();
        ReportFolder folder = ReportFolder.claim("--out", out, run("new"), true, NAMES);
        assertThatThrownBy(() -> folder.replace(stage -> {
            ReportFiles.writeAll(stage, files("report.json", "new"));
            throw new java.io.UncheckedIOException(new IOException("No space left on device"));
        })).isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessage("cannot write " + out + ": No space left on device (any earlier report there is kept)");
        assertThat(tree()).isEqualTo(before);
    }

    /** The id of a process that has ended. */
    public static long deadPid() throws IOException {
        try {
            Process p = new ProcessBuilder("true").start();
            p.waitFor();
            return p.pid();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Test
    void aWriteProbeThatAKilledQasimLeftIsRemovedAndOneOfThisProcessKept() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        Path folder = dir.resolve("report");
        Path left = Files.createDirectory(dir.resolve(ReportFiles.PROBE + ended.pid() + "-123"));
        Path mine = Files.createDirectory(dir.resolve(ReportFiles.PROBE + ProcessHandle.current().pid() + "-456"));
        ReportFolder.recover(folder);
        assertThat(left).doesNotExist();
        assertThat(mine).exists();
    }
}
