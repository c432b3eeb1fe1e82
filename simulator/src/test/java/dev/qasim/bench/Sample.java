package dev.qasim.bench;

import java.util.List;
import java.util.Locale;

/**
 * One run of a whole-process figure.
 *
 * @param wallSeconds wall time from the start of the process to its end, as the bench saw it
 * @param cpuSeconds  user plus system CPU time of the process (all its threads), from its rusage
 * @param peakRssMib  the largest resident set of the process (ru_maxrss), in MiB
 * @param points      design points that ran, for a sweep (from its sweep.json); 0 otherwise
 * @param exitCode    the process's exit code; anything but 0 makes the sample a failure
 * @param error       for a failure, the last line the process wrote on stderr (or why it was stopped); empty otherwise
 */
record Sample(double wallSeconds, double cpuSeconds, double peakRssMib, long points, int exitCode, String error) {
    Sample {
        if (exitCode == 0 && !error.isEmpty()) {
            throw new IllegalArgumentException("a successful sample has no error: " + error);
        }
    }

    boolean ok() {
        return exitCode == 0;
    }

    /** Design points per second of wall time; 0 when the sample is not a sweep's. */
    double pointsPerSecond() {
        return points == 0 ? 0 : points / wallSeconds;
    }

    /**
     * What GNU time writes with {@code -f "%M %U %S"}: peak RSS in KiB, user and system seconds, on the last
     * line; before it, a line such as "Command exited with non-zero status 2" when the command failed.
     *
     * @return {peak RSS in MiB, CPU seconds}
     * @throws IllegalArgumentException naming the text when its last line is not three numbers
     */
    static double[] parseTime(String text) {
        List<String> lines = text.strip().lines().toList();
        String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
        String[] f = last.split("\\s+");
        if (f.length != 3 || !f[0].matches("\\d+") || !f[1].matches("\\d+(\\.\\d+)?") || !f[2].matches("\\d+(\\.\\d+)?")) {
            throw new IllegalArgumentException("GNU time wrote no \"%M %U %S\" line: " + text.strip());
        }
        return new double[] {Long.parseLong(f[0]) / 1024.0, Double.parseDouble(f[1]) + Double.parseDouble(f[2])};
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.2f s wall, %.1f s CPU, %.0f MiB%s", wallSeconds, cpuSeconds, peakRssMib,
                ok() ? "" : " (exit " + exitCode + ": " + error + ")");
    }
}
