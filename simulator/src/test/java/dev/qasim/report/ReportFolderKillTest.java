package dev.qasim.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report replaced while its writer is killed with SIGKILL at random points: the folder then holds the old report
 * or the new one, whole, never a mix (after the next claim finishes a swap cut between its two renames), and
 * nothing is left beside it.
 */
class ReportFolderKillTest {
    static final int FILES = 80;
    static final int BYTES = 16 * 1024;
    static final int KILLS = 20;

    @TempDir
    Path dir;

    @Test
    void aWriterKilledAtRandomPointsLeavesTheOldReportOrTheNewOneWhole() throws Exception {
        Path out = dir.resolve("report");
        Generations.write(out, 0, FILES, BYTES);
        // one write to the end, to learn how long the write itself takes here
        Process whole = start(out, 1);
        long writeMs = Long.parseLong(awaitLine(whole, "done").substring(5));
        assertThat(whole.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Generations.generationIn(out, FILES, BYTES, 1)).isEqualTo(1);
        int current = 1;
        int keptOld = 0;
        int newWhole = 0;
        int midWrite = 0;
        SplittableRandom random = new SplittableRandom(16);
        List<Long> delays = new ArrayList<>();
        for (int k = 0; k < KILLS; k++) {
            int next = current + 1;
            Process p = start(out, next);
            awaitLine(p, "writing");
            long delayUs = random.nextLong(Math.max(1000, writeMs * 1200));
            delays.add(delayUs);
            TimeUnit.MICROSECONDS.sleep(delayUs);
            p.destroyForcibly(); // SIGKILL: no finally block, no shutdown hook
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            boolean leftovers;
            try (var list = Files.list(dir)) {
                leftovers = list.anyMatch(f -> f.getFileName().toString().contains(".qasim-"));
            }
            midWrite += leftovers ? 1 : 0;
            ReportFolder.recover(out); // what the next qasim to claim the folder does first
            int found = Generations.generationIn(out, FILES, BYTES, current, next);
            assertThat(found).as("kill %d after %d us: the folder holds generation %d or %d whole", k, delayUs, current, next)
                    .isIn(current, next);
            Generations.assertNoSiblings(out);
            if (found == next) {
                newWhole++;
                current = next;
            } else {
                keptOld++;
            }
        }
        System.out.printf("ReportFolderKillTest: %d kills (write of %d files, %d ms uninterrupted; delays %s us): old report kept "
                + "%d times, new report whole %d times, %d kills left a half-done write beside the folder, all recovered%n",
                KILLS, FILES + 1, writeMs, delays, keptOld, newWhole, midWrite);
        assertThat(keptOld + newWhole).isEqualTo(KILLS);
    }

    private Process start(Path out, int generation) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Generations.class.getName(), out.toString(),
                Integer.toString(generation), Integer.toString(FILES), Integer.toString(BYTES))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** Reads the process's output until a line starting with {@code start}; returns it. */
    private static String awaitLine(Process p, String start) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.startsWith(start)) {
                return line;
            }
        }
        throw new AssertionError("the writer ended without saying " + start);
    }
}
