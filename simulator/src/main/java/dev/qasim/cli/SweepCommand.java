package dev.qasim.cli;

import dev.qasim.explore.Shard;
import dev.qasim.explore.SweepJob;
import dev.qasim.explore.SweepOptions;
import dev.qasim.explore.SweepOutcome;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qasim sweep}: design-space exploration over a grid of architecture and workload keys. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Run a workload on every point of a grid of architecture and workload keys, in parallel and resumable.",
                "The workload is a workload YAML file, a SCALE-Sim topology CSV or an ONNX model; the grid a YAML file (docs/sweeps.md). "
                        + "Streams a CSV row per point and layer (and a totals row per point) to DIR/sweep.csv, then marks the Pareto fronts "
                        + "(cycles, energy, area, error) and writes sweep.json, sweep.md, charts/ (PNG and SVG) and provenance.json. Run "
                        + "the same command again to resume: finished points are kept. Another sweep in DIR is refused unless --overwrite "
                        + "is given, and so is a second sweep writing into DIR at the same time."})
final class SweepCommand implements Callable<Integer> {

    @Mixin
    ArchOptions archOptions;

    @Option(names = "--workload", required = true, paramLabel = "FILE", description = "Workload YAML file, a SCALE-Sim topology CSV, or an ONNX model (its layers with their real weights).")
    Path workload;

    @Option(names = "--grid", required = true, paramLabel = "FILE", description = "Sweep grid file (YAML).")
    Path grid;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Results folder; a sweep run there before is resumed.")
    Path out;

    @Option(names = "--jobs", paramLabel = "N", description = "Worker threads (default: every core).")
    Integer jobs;

    @Option(names = "--shard", paramLabel = "I/N", description = "Run shard I of N (I from 0), e.g. 0/2; auto: I and N "
            + "from a Slurm job array; auto/N: I from a Slurm job array or a Kubernetes Indexed Job.")
    String shard;

    /** {@code --values}. */
    enum Values { ON, OFF }

    @Option(names = "--values", defaultValue = "on", paramLabel = "on|off", converter = ValuesConverter.class,
            description = "on (default): simulate every value, check every output; off: shape-only points (exact "
                    + "cycles, no overflow events or output error).")
    Values values;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (jobs != null) {
            Options.range("--jobs", jobs, 1, SweepOptions.MAX_JOBS);
        }
        Options.outputFolder("--out", out);
        int threads = jobs != null ? jobs : SweepOptions.allCores();
        SweepJob job = SweepJob.prepare(new SweepOptions(archOptions.arch, archOptions.overrides, workload, grid, out,
                threads, Shard.parse(shard, System.getenv()), values == Values.ON));
        SweepOutcome outcome;
        try (Progress progress = Progress.points("sweep")) {
            outcome = job.run(progress, Options.commandLine(spec), output.overwrite);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(summary(outcome));
        stdout.printf(Locale.ROOT, "ran %d points in %.1f s (%.2f points/s, %d jobs, values %s); %d finished by an earlier run%n",
                outcome.simulated(), outcome.seconds(), outcome.pointsPerSecond(), threads, values == Values.ON ? "on" : "off", outcome.reused());
        if (values == Values.OFF) {
            stdout.println("values off: shape-only points: cycles, MACs, memory traffic and energy are exact; overflow events "
                    + "and output error are not simulated");
        }
        outcome.notes().forEach(n -> stdout.println("note: " + n));
        stdout.println("results: " + out.resolve("sweep.csv") + " (and sweep.json, sweep.md, charts/)");
        return Main.OK;
    }

    /** The counts and the front, as sweep and merge print them. */
    static String summary(SweepOutcome o) {
        String front = o.pareto().size() > 20 ? o.pareto().size() + " points"
                : "points " + String.join(", ", o.pareto().stream().map(String::valueOf).toList());
        return String.format(Locale.ROOT, "%d points: %d ran, %d invalid, %d need values; Pareto front: %s", o.points(),
                o.ok(), o.invalid(), o.needValues(), o.pareto().isEmpty() ? "none" : front);
    }

    /** {@code --values on|off}. */
    static final class ValuesConverter extends EnumConverter<Values> {
        ValuesConverter() {
            super(Values.class);
        }
    }
}
