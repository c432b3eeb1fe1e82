package dev.qasim.explore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qasim.cli.Main;
import dev.qasim.input.BadInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two sweeps writing one folder at once: the second is refused with one line and the first's results are those of
 * a sweep run alone; where the file system has no locks (simulated: taking the lock fails as it does on such NFS and
 * Lustre set-ups) the lock-file protocol keeps them apart the same way.
 */
class SweepLockTest {
    @TempDir
    Path dir;

    static final SweepStream.Locker NO_LOCKS = channel -> {
        throw new IOException("No locks available");
    };

    @Test
    void aSecondSweepWhileTheFirstRunsIsRefusedAndNothingInterleaves() throws Exception {
        Path grid = dir.resolve("grid.yaml");
        Files.writeString(grid, "grid:\n  array.rows: [4, 8, 16, 32]\n  array.cols: [8, 16]\n  pe.accumulatorBits: [16, 32]\n");
        Path out = dir.resolve("busy");
        List<String> args = List.of("sweep", "--arch", SweepJobTest.TPU.toString(), "--workload", SweepJobTest.MLP.toString(),
                "--grid", grid.toString(), "--out", out.toString(), "--jobs", "1");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Dqasim.home=" + SweepJobTest.HOME, "dev.qasim.cli.Main"));
        command.addAll(args);
        Process first = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("first.log").toFile()).start();
        SweepTable table = new SweepTable(List.of("array.rows", "array.cols", "pe.accumulatorBits"), List.of());
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (first.isAlive() && Instant.now().isBefore(deadline)) {
            List<SweepFile.Group> groups = SweepFile.scan(out.resolve("sweep.csv"), table);
            if (groups != null && !groups.isEmpty()) {
                break;
            }
            Thread.sleep(20);
        }
        assertThat(first.isAlive()).as("the first sweep runs (log: %s)", Files.readString(dir.resolve("first.log"))).isTrue();
        StringWriter err = new StringWriter();
        int code = Main.run(args.toArray(String[]::new), new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().lines().toList()).containsExactly("--out: " + out + ": another qasim sweep is writing into this "
                + "folder; give each sweep (and each shard) its own folder, or wait until it ends (the same command then resumes)");
        assertThat(first.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as(Files.readString(dir.resolve("first.log"))).isZero();
        SweepJobTest.sweep(SweepJobTest.TPU, SweepJobTest.MLP, grid, dir.resolve("alone"), 1, Shard.ALL, true);
        SweepJobTest.assertSameFiles(out, dir.resolve("alone"));
    }

    @Test
    void withoutFileSystemLocksAnOwnerFileKeepsASecondSweepOutAndIsRemovedAtTheEnd() throws IOException {
        Path out = dir.resolve("nfs");
        Path owner = out.resolve(SweepStream.OWNER);
        try (SweepStream first = SweepStream.lock(out, NO_LOCKS)) {
            String[] held = Files.readString(owner, StandardCharsets.UTF_8).trim().split(" ");
            assertThat(held[0]).isEqualTo(InetAddress.getLocalHost().getHostName());
            assertThat(held[1]).isEqualTo(Long.toString(ProcessHandle.current().pid()));
            assertThatThrownBy(() -> SweepStream.lock(out, NO_LOCKS)).isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith("--out: " + out + ": another qasim sweep is writing into this folder (process "
                            + ProcessHandle.current().pid() + " on " + held[0] + " since ")
                    .hasMessageContaining("delete " + owner + " if that sweep no longer runs");
        }
        assertThat(owner).doesNotExist();
        SweepStream.lock(out, NO_LOCKS).close();
        assertThat(owner).doesNotExist();
    }

    @Test
    void anOwnerFileOfAKilledSweepOnThisHostIsTakenOverAndOneOfAnotherHostIsNot() throws IOException {
        Path out = Files.createDirectories(dir.resolve("nfs"));
        Path owner = out.resolve(SweepStream.OWNER);
        String host = InetAddress.getLocalHost().getHostName();
        Files.writeString(owner, host + " " + dev.qasim.report.ReportFolderTest.deadPid() + " 2026-01-01T00:00:00Z\n");
        try (SweepStream s = SweepStream.lock(out, NO_LOCKS)) {
            assertThat(Files.readString(owner)).startsWith(host + " " + ProcessHandle.current().pid() + " ");
        }
        Files.writeString(owner, "other-host 1 2026-01-01T00:00:00Z\n");
        assertThatThrownBy(() -> SweepStream.lock(out, NO_LOCKS)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("(process 1 on other-host since 2026-01-01T00:00:00Z;");
        assertThat(Files.readString(owner)).startsWith("other-host 1 ");
    }
}
