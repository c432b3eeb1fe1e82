package dev.qasim.cli;

import dev.qasim.explore.Reproductions;
import dev.qasim.report.ReportFolder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code qasim reproduce}: the papers' results on the shipped reference models and real data. */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = {"Reproduce a paper's result with validate runs on the shipped models and real data.",
                "term-revealing-mlp: term revealing against conventional quantization on the MNIST MLP. accumulator-widths-cnn: "
                        + "accumulator widths 32..12 (wrap, saturate, overflow-aware bits) on the Fashion-MNIST CNN.",
                "Writes results.csv, README.md (with the command line that made them, --limit included), the charts (PNG and SVG) "
                        + "and provenance.json to reports/reproduce/NAME/ or --out DIR. The shipped results in reports/examples/NAME/ are "
                        + "replaced only with --out reports/examples/NAME --overwrite."})
final class ReproduceCommand implements Callable<Integer> {

    @Parameters(paramLabel = "NAME", description = "term-revealing-mlp or accumulator-widths-cnn.")
    String name;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: reports/reproduce/NAME/).")
    Path out;

    @Mixin
    OutputOptions output;

    @Option(names = "--limit", paramLabel = "N", description = "Evaluate only the first N test images.")
    Integer limit;

    @Option(names = "--fashion-mnist", paramLabel = "DIR", defaultValue = "/usr/share/datasets/fashion-mnist",
            description = "Fashion-MNIST IDX files (default: ${DEFAULT-VALUE}, Debian's dataset-fashion-mnist).")
    Path fashion;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!name.equals("term-revealing-mlp") && !name.equals("accumulator-widths-cnn")) {
            throw new ParameterException(spec.commandLine(), "NAME must be term-revealing-mlp or accumulator-widths-cnn");
        }
        if (limit != null && limit < 1) {
            throw dev.qasim.input.BadInputException.of("--limit", "", limit.toString(), "must be at least 1 (test images to evaluate)");
        }
        Path dir = out != null ? out : Home.reports().resolve("reproduce").resolve(name);
        ReportFolder folder = ReportFolder.claim(out != null ? "--out" : "the default results folder", dir,
                Identities.of(spec, Map.of()), output.overwrite, Reproductions.NAMES);
        PrintWriter err = spec.commandLine().getErr();
        String command = Options.commandLine(spec);
        Reproductions.Outcome outcome = switch (name) {
            case "term-revealing-mlp" -> Reproductions.termRevealingMlp(Home.path(), folder, command, limit,
                    step -> err.println("reproduce: " + step));
            case "accumulator-widths-cnn" -> Reproductions.accumulatorWidthsCnn(Home.path(), fashion, folder, command, limit,
                    step -> err.println("reproduce: " + step));
            default -> throw new ParameterException(spec.commandLine(), "NAME must be term-revealing-mlp or accumulator-widths-cnn");
        };
        PrintWriter o = spec.commandLine().getOut();
        outcome.findings().forEach(f -> o.println("- " + f));
        err.println("results: " + dir);
        return Main.OK;
    }
}
