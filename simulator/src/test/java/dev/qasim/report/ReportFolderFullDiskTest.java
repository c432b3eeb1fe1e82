package dev.qasim.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.qasim.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports replaced on a full file system: a small tmpfs this test mounts (as root; skipped with the reason where
 * mounting is not allowed, required when CI=true). A write that does not fit fails naming the file system's answer
 * and leaves the old report whole; one that fits replaces it whole.
 */
class ReportFolderFullDiskTest {
    static final Path HOME = Path.of(System.getProperty("qasim.home", ".."));
    static final int FILES = 20;

    @TempDir
    Path dir;

    Path disk;

    @BeforeEach
    void mount() throws Exception {
        disk = Files.createDirectory(dir.resolve("disk"));
        String why = run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", disk.toString());
        if (why != null && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true needs the full-disk test, but a tmpfs cannot be mounted: " + why);
        }
        Assumptions.assumeTrue(why == null, "a tmpfs cannot be mounted here (needs root and mount rights): " + why);
    }

    @AfterEach
    void unmount() throws Exception {
        if (disk != null && run("mountpoint", "-q", disk.toString()) == null) {
            String why = run("umount", disk.toString());
            assertThat(why).as("umount").isNull();
        }
    }

    /** Runs a command; null when it succeeded, else what it said. */
    private static String run(String... command) throws Exception {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String said = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "timed out";
            }
            return p.exitValue() == 0 ? null : command[0] + " exited " + p.exitValue() + ": " + said;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    private long used() throws IOException {
        return Files.getFileStore(disk).getTotalSpace() - Files.getFileStore(disk).getUsableSpace();
    }

    @Test
    void writesThatDoNotFitLeaveTheOldReportWholeAndThoseThatFitReplaceIt() throws IOException {
        for (Path out : List.of(disk.resolve("report"), disk)) { // a folder on the disk, and the mount point itself (in place)
            int current = 0;
            Generations.write(out, current, FILES, 16 * 1024);
            int survived = 0;
            int replaced = 0;
            List<String> sizes = new ArrayList<>();
            for (int g = 1; g <= 12; g++) {
                int bytes = g * 16 * 1024; // 20 files of 16 KiB .. 192 KiB: from 320 KiB to 3.8 MiB on a 2 MiB disk
                long before = used();
                int size = bytes;
                int generation = g;
                Throwable t = catchThrowable(() -> Generations.write(out, generation, FILES, size));
                if (t == null) {
                    assertThat(Generations.generationIn(out, FILES, bytes, g)).as("generation %d written whole", g).isEqualTo(g);
                    current = g;
                    replaced++;
                    sizes.add(bytes / 1024 + " KiB: written");
                    // the next ones start from this report's size
                    continue;
                }
                assertThat(t).isInstanceOf(UncheckedIOException.class).hasMessageContaining("No space left on device")
                        .hasMessageContaining("any earlier report there is kept");
                int kept = current;
                assertThat(Generations.generationIn(out, FILES, kept == 0 ? 16 * 1024 : kept * 16 * 1024, kept))
                        .as("generation %d kept whole after a full disk", kept).isEqualTo(kept);
                assertThat(used()).as("the failed write's files are gone").isLessThanOrEqualTo(before);
                if (!out.equals(disk)) {
                    Generations.assertNoSiblings(out);
                }
                survived++;
                sizes.add(bytes / 1024 + " KiB: refused, old kept");
            }
            System.out.printf("ReportFolderFullDiskTest (%s): %d full-disk writes survived with the old report whole, %d replaced "
                    + "it whole (per file %s)%n", out.equals(disk) ? "in place, the mount point" : "beside, a folder on the disk",
                    survived, replaced, sizes);
            assertThat(survived).as("writes that hit the full disk").isPositive();
            ReportFolder.deleteTree(out.resolve("charts"));
            for (String f : List.of("README.md", ReportFolder.PROVENANCE)) {
                Files.deleteIfExists(out.resolve(f));
            }
            try (var left = Files.list(out)) {
                for (Path p : left.toList()) {
                    ReportFolder.deleteTree(p);
                }
            }
        }
    }

    @Test
    void runOnAFullDiskSaysSoInOneLineExitsTwoAndKeepsTheOldReport() throws IOException {
        Path out = disk.resolve("r");
        String[] run = {"run", "--arch", HOME.resolve("arch-configs/tpu-like-int8.yaml").toString(), "--workload",
                HOME.resolve("workloads/gemm-64.yaml").toString(), "--out", out.toString()};
        assertThat(qasim(run)[0]).isEqualTo("0");
        byte[] before = Files.readAllBytes(out.resolve("report.json"));
        long free = Files.getFileStore(disk).getUsableSpace();
        Files.write(disk.resolve("filler"), new byte[(int) free - 8 * 1024]); // leave 8 KiB
        String[] again = qasim(append(run, "--events", "3"));
        assertThat(again[0]).isEqualTo("2");
        assertThat(again[1].lines().toList()).singleElement().satisfies(l -> assertThat(l)
                .startsWith("qasim: cannot write " + out + ": ").contains("No space left on device").doesNotContain("Exception"));
        assertThat(Files.readAllBytes(out.resolve("report.json"))).isEqualTo(before);
        Generations.assertNoSiblings(out);
    }

    private static String[] append(String[] a, String... more) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(more));
        all.add("--overwrite");
        return all.toArray(String[]::new);
    }

    /** Exit code and stderr. */
    private static String[] qasim(String... args) {
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(new StringWriter()), new PrintWriter(err));
        return new String[] {Integer.toString(code), err.toString()};
    }
}
