package dev.qasim.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep killed with SIGKILL in the middle, then run again, ends with the same files as one never stopped. */
class SweepKillTest {
    @TempDir
    Path dir;

    @Test
    void aSweepKilledMidwayAndRunAgainGivesTheSameFilesAsAnUninterruptedOne() throws Exception {
        Path grid = dir.resolve("grid.yaml");
        Files.writeString(grid, """
                grid:
                  array.rows: [4, 8, 16, 32]
                  array.cols: [8, 16]
                  array.dataflow: [os, ws, is]
                  pe.accumulatorBits: [16, 32]
                """);
        Path killed = dir.resolve("killed");
        List<String> args = List.of("sweep", "--arch", SweepJobTest.TPU.toString(), "--workload", SweepJobTest.MLP.toString(),
                "--grid", grid.toString(), "--out", killed.toString(), "--jobs", "1");
        Process process = new ProcessBuilder(command(args)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("killed.log").toFile()).start();
        SweepTable table = new SweepTable(List.of("array.rows", "array.cols", "array.dataflow", "pe.accumulatorBits"), List.of());
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        int finished = 0;
        while (finished < 5 && process.isAlive() && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
            List<SweepFile.Group> groups = SweepFile.scan(killed.resolve("sweep.csv"), table);
            finished = groups == null ? 0 : groups.size();
        }
        assertThat(process.isAlive()).as("the sweep is still running after %d points (log: %s)", finished,
                Files.exists(dir.resolve("killed.log")) ? Files.readString(dir.resolve("killed.log")) : "").isTrue();
        process.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        List<SweepFile.Group> left = SweepFile.scan(killed.resolve("sweep.csv"), table);
        assertThat(left.size()).isBetween(5, 47);
        assertThat(killed.resolve("sweep.json")).doesNotExist();

        SweepOutcome resumed = SweepJobTest.sweep(SweepJobTest.TPU, SweepJobTest.MLP, grid, killed, 2, Shard.ALL, true);
        assertThat(resumed.reused()).isEqualTo(left.size());
        assertThat(resumed.reused() + resumed.simulated()).isEqualTo(48);
        SweepJobTest.sweep(SweepJobTest.TPU, SweepJobTest.MLP, grid, dir.resolve("whole"), 2, Shard.ALL, true);
        SweepJobTest.assertSameFiles(killed, dir.resolve("whole"));
    }

    /** The command line of a JVM running qasim on this test's class path. */
    private static List<String> command(List<String> args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Dqasim.home=" + SweepJobTest.HOME, "dev.qasim.cli.Main"));
        command.addAll(args);
        return command;
    }
}
