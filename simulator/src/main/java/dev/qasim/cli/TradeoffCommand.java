package dev.qasim.cli;

import dev.qasim.explore.TradeoffFiles;
import dev.qasim.report.ReportFolder;
import dev.qasim.explore.TradeoffJob;
import dev.qasim.input.Problems;
import dev.qasim.terms.Encoding;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qasim tradeoff}: term-revealing trade-off curves. */
@Command(name = "tradeoff", mixinStandardHelpOptions = true,
        description = {"Term-revealing trade-off curves: SQNR, or with --data top-1 accuracy, against term pairs and cycles.",
                "Every combination of encoding, group size, budget and data terms runs the workload on the architecture's array made "
                        + "term-serial (every value simulated and checked), plus each without a budget, beside conventional quantization's "
                        + "points. The workload is a workload YAML file, a SCALE-Sim topology CSV or an ONNX model; with --data an ONNX model "
                        + "validated on the data (IDX files) at every point. Writes tradeoff.csv, the charts (PNG and SVG) and "
                        + "provenance.json to DIR; a folder holding another run's report is refused unless --overwrite is given."})
final class TradeoffCommand implements Callable<Integer> {

    @Mixin
    ArchOptions archOptions;

    @Option(names = "--workload", required = true, paramLabel = "FILE",
            description = "Workload YAML file, SCALE-Sim topology CSV or ONNX model (an ONNX model with --data).")
    Path workload;

    @Option(names = "--data", paramLabel = "DATA",
            description = "Labelled data (as validate's --data): every point reports the model's top-1 accuracy on the hardware.")
    Path data;

    @Mixin
    DataArgs dataArgs;

    @Option(names = "--weight-bits", defaultValue = "8", paramLabel = "B",
            description = "With --data: the float model's weights (default: ${DEFAULT-VALUE}); conventional points use 2..B.")
    int weightBits;

    @Option(names = "--data-bits", defaultValue = "8", paramLabel = "B", description = "With --data: its activations (default: ${DEFAULT-VALUE}).")
    int dataBits;

    @Option(names = "--limit", paramLabel = "N", description = "With --data: evaluate only the first N test images.")
    Integer limit;

    @Option(names = "--weight-calibrate", defaultValue = "max", paramLabel = "POLICY", converter = CalibrationConverter.class,
            description = "With --data: how each output channel's weight scale is chosen: max (default), mse, kl or percentile-P.")
    dev.qasim.quant.Calibration weightCalibrate;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for tradeoff.csv and the charts.")
    Path out;

    @Mixin
    OutputOptions output;

    @Option(names = "--budgets", paramLabel = "K", description = "Group budgets k: a list or range, e.g. 4..16.")
    String budgets;

    @Option(names = "--budget-per-value", paramLabel = "B", description = "Budgets per value k/g (k = round(g b)), e.g. 0.25..3:0.25.")
    String budgetPerValue;

    @Option(names = "--groups", defaultValue = "8", paramLabel = "G", description = "Group sizes g, e.g. 8,16 (default: ${DEFAULT-VALUE}).")
    String groups;

    @Option(names = "--encodings", defaultValue = "hese", paramLabel = "E",
            description = "Encodings, e.g. binary,hese,naf (default: ${DEFAULT-VALUE}).")
    String encodings;

    @Option(names = "--data-terms", paramLabel = "S", description = "Data terms s, e.g. 2,3,4 (default: the architecture's).")
    String dataTerms;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Problems unused = new Problems();
        Options.onlyWith(spec, unused, data != null, "--data DIR", "--weight-bits", "--data-bits", "--limit", "--weight-calibrate");
        Options.onlyWith(spec, unused, data != null, "--data DIR", DataArgs.NAMES);
        unused.throwIfAny();
        ReportFolder folder = ReportFolder.claim("--out", out, Identities.of(spec, Map.of()), output.overwrite, TradeoffFiles.NAMES);
        List<Encoding> enc = new ArrayList<>();
        EnumConverter.EncodingConverter converter = new EnumConverter.EncodingConverter();
        for (String e : encodings.split(",")) {
            try {
                enc.add(converter.convert(e.trim()));
            } catch (picocli.CommandLine.TypeConversionException x) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--encodings: " + x.getMessage());
            }
        }
        Options.operandBits(spec, weightBits, dataBits);
        if (limit != null) {
            Options.atLeast(spec, "--limit", limit, 1);
        }
        TradeoffJob.Accuracy accuracy = data == null ? null : new TradeoffJob.Accuracy(data, weightBits, dataBits, limit, weightCalibrate,
                dataArgs.options());
        TradeoffJob.Settings settings = new TradeoffJob.Settings(archOptions.arch, archOptions.overrides, workload, enc,
                Ranges.integers(spec, "--groups", groups), Ranges.integers(spec, "--budgets", budgets),
                Ranges.numbers(spec, "--budget-per-value", budgetPerValue), Ranges.integers(spec, "--data-terms", dataTerms), accuracy);
        TradeoffJob.Result result;
        try (Progress bar = Progress.counting("tradeoff", TradeoffJob.count(settings), " points")) {
            result = TradeoffJob.run(settings, bar::stepTo);
        }
        folder.replace(stage -> TradeoffFiles.write(result, stage));
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "%-8s %5s %6s %6s %5s %14s %14s %12s %9s%n", "encoding", "g", "k", "k/g", "s", "term pairs",
                "cost model", "cycles", accuracy == null ? "SQNR dB" : "top-1 %");
        for (TradeoffJob.Point p : result.points()) {
            TradeoffJob.Setting t = p.setting();
            o.printf(Locale.ROOT, "%-8s %5d %6s %6s %5s %,14d %,14d %,12d %9s%n", t.encoding().name().toLowerCase(Locale.ROOT),
                    t.groupSize(), t.budget() == null ? "-" : t.budget().toString(),
                    t.budgetPerValue() == null ? "-" : String.format(Locale.ROOT, "%.2f", t.budgetPerValue()),
                    t.dataTerms() == null ? "all" : t.dataTerms().toString(), p.termPairs(), p.costModelPairs(), p.cycles(),
                    accuracy != null ? percent(p.accuracy()) : p.sqnrDb() == null ? "exact" : String.format(Locale.ROOT, "%.2f", p.sqnrDb()));
        }
        for (TradeoffJob.Conventional c : result.conventional()) {
            o.printf(Locale.ROOT, "conventional weights %d bits: %,d term pairs (b_w b_a per MAC), %s%n", c.weightBits(),
                    c.costModelPairs(), accuracy != null ? "top-1 " + percent(c.accuracy()) + " %, " + String.format(Locale.ROOT,
                            "%,d cycles on MAC PEs", c.cycles())
                            : "SQNR " + (c.sqnrDb() == null ? "exact" : String.format(Locale.ROOT, "%.2f dB", c.sqnrDb())));
        }
        spec.commandLine().getErr().println("tradeoff: " + out);
        return Main.OK;
    }

    private static String percent(Double accuracy) {
        return accuracy == null ? "trapped" : String.format(Locale.ROOT, "%.2f", accuracy);
    }
}
