package dev.qasim.bench;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A whole-process figure's runs, per column (this tree, then the --against revision).
 *
 * @param figure  the figure
 * @param columns per column, its runs in the order they ran
 */
record Outcome(Figure figure, List<List<Sample>> columns) {
    /** A measure of the table: its heading and how it is read from a sample. */
    enum Measure {
        WALL("wall s", "wallSeconds", Sample::wallSeconds, "%.2f"),
        CPU("CPU s", "cpuSeconds", Sample::cpuSeconds, "%.1f"),
        RSS("peak RSS MiB", "peakRssMib", Sample::peakRssMib, "%.0f"),
        POINTS("points/s", "pointsPerSecond", Sample::pointsPerSecond, "%.2f");

        final String heading;
        final String key;
        final ToDoubleFunction<Sample> value;
        final String format;

        Measure(String heading, String key, ToDoubleFunction<Sample> value, String format) {
            this.heading = heading;
            this.key = key;
            this.value = value;
            this.format = format;
        }
    }

    Outcome {
        columns = columns.stream().map(List::copyOf).toList();
    }

    /** The measures this figure reports: points per second for a sweep too. */
    List<Measure> measures() {
        return figure.sweep() ? List.of(Measure.values()) : List.of(Measure.WALL, Measure.CPU, Measure.RSS);
    }

    /** Whether every run of the column succeeded. */
    boolean ok(int column) {
        return columns.get(column).stream().allMatch(Sample::ok);
    }

    /** The first failure of the column, or null. */
    Sample failure(int column) {
        return columns.get(column).stream().filter(s -> !s.ok()).findFirst().orElse(null);
    }

    /** The median of a measure over the column's runs (of an even count, the mean of the middle two). */
    double median(int column, Measure m) {
        double[] v = columns.get(column).stream().mapToDouble(m.value).sorted().toArray();
        if (v.length == 0) {
            throw new IllegalStateException("no run of " + figure.name() + " in column " + column);
        }
        int h = v.length / 2;
        return v.length % 2 == 1 ? v[h] : (v[h - 1] + v[h]) / 2;
    }
}
