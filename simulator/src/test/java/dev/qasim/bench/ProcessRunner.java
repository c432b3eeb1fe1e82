package dev.qasim.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.io.MoreFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a figure's qasim command as a fresh process and measures it. The process is the tree's own launcher,
 * {@code tools/qasim} with {@code QASIM_NO_BUILD=1}, which execs {@code java -jar simulator/target/qasim.jar}
 * with the flags that tree's launcher passes (so a commit is measured as its users run it), under GNU time
 * ({@code /usr/bin/time}): the kernel's rusage of the finished process gives its peak RSS (ru_maxrss, exact,
 * unlike polling /proc, which misses a peak between two polls) and CPU time; the wall time is taken here around
 * the process. JAVA_OPTS, if set, reaches the JVM as it does for any launcher run. The process runs in its own
 * scratch folder, which is removed afterwards with the reports it wrote.
 */
final class ProcessRunner {
    static final Path GNU_TIME = Path.of("/usr/bin/time");
    /** A run taking longer than this is stopped and reported as a failure. */
    private static final long TIMEOUT_SECONDS = 1800;
    private final Path inputs;
    private final Path scratch;

    /**
     * @param inputs  the tree whose input files (arch-configs/, workloads/, the bench's grids) every column runs
     * @param scratch a folder for the runs' temporary folders
     */
    ProcessRunner(Path inputs, Path scratch) {
        this.inputs = inputs;
        this.scratch = scratch;
    }

    /** One fresh process of {@code figure} with the launcher of {@code tree}. */
    Sample run(Figure figure, Path tree) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(scratch, figure.name() + "-");
        try {
            return measure(figure, tree, dir);
        } finally {
            MoreFiles.deleteRecursively(dir);
        }
    }

    private Sample measure(Figure figure, Path tree, Path dir) throws IOException, InterruptedException {
        Path timeFile = dir.resolve("time.txt");
        Path stderr = dir.resolve("stderr.txt");
        Path out = dir.resolve("out");
        List<String> command = new ArrayList<>(List.of(GNU_TIME.toString(), "-f", "%M %U %S", "-o", timeFile.toString(),
                tree.resolve("tools/qasim").toString()));
        command.addAll(figure.args(inputs, out));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(stderr.toFile());
        pb.environment().put("QASIM_NO_BUILD", "1");
        long start = System.nanoTime();
        Process p = pb.start();
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                stop(p);
                return new Sample(TIMEOUT_SECONDS, 0, 0, 0, -1, "stopped after " + TIMEOUT_SECONDS + " s");
            }
        } finally {
            if (p.isAlive()) { // interrupted: leave no qasim running
                stop(p);
            }
        }
        double wall = (System.nanoTime() - start) / 1e9;
        int exit = p.exitValue();
        String time = Files.exists(timeFile) ? Files.readString(timeFile) : "";
        if (exit != 0) { // GNU time itself may have failed (no launcher there): then no rusage either
            double[] t = time.isBlank() ? new double[2] : Sample.parseTime(time);
            return new Sample(wall, t[1], t[0], 0, exit, lastLine(stderr));
        }
        double[] t = Sample.parseTime(time);
        return new Sample(wall, t[1], t[0], figure.sweep() ? points(out.resolve("sweep.json")) : 0, 0, "");
    }

    /** The design points a sweep ran: counts.ok of its sweep.json (all its points in a version without counts). */
    static long points(Path sweepJson) throws IOException {
        JsonNode json = new ObjectMapper().readTree(sweepJson.toFile());
        JsonNode ok = json.path("counts").path("ok");
        return ok.isNumber() ? ok.asLong() : json.path("points").asLong();
    }

    private static void stop(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor();
    }

    private static String lastLine(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "(nothing on stderr)" : lines.get(lines.size() - 1).strip();
    }
}
