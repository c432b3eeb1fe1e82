package dev.qasim.cli;

import dev.qasim.engine.Engine;
import dev.qasim.engine.EngineOptions;
import dev.qasim.input.Problems;
import dev.qasim.model.ModelLoader;
import dev.qasim.report.ChartRenderer;
import dev.qasim.report.ReportDocument;
import dev.qasim.report.ReportEntries;
import dev.qasim.report.ReportFiles;
import dev.qasim.report.ReportFolder;
import dev.qasim.report.ReportFormat;
import dev.qasim.report.RunJob;
import dev.qasim.report.RunReport;
import dev.qasim.report.ScaleSimReport;
import dev.qasim.report.TraceFile;
import dev.qasim.workload.OutputSize;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qasim run}: one workload on one architecture. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Simulate one workload on one architecture, cycle by cycle with real values, every output checked.",
                "The workload is a workload YAML file, a SCALE-Sim topology CSV or an ONNX model (.onnx, float or quantized). Writes "
                        + "report.json, report.csv, report.md, report.html (one page with the charts), charts/ (PNG and SVG), provenance.json "
                        + "and, with --scalesim-report, SCALE-Sim's COMPUTE_REPORT.csv, BANDWIDTH_REPORT.csv and DETAILED_ACCESS_REPORT.csv "
                        + "to reports/<workload>-<arch>/ or --out DIR; a folder holding "
                        + "another run's report is refused unless --overwrite is given. --format chooses what goes to stdout."})
final class RunCommand implements Callable<Integer> {
    @Mixin
    ArchOptions archOptions;

    @Option(names = "--workload", required = true, paramLabel = "FILE",
            description = "Workload YAML file, a SCALE-Sim topology CSV, or an ONNX model (.onnx).")
    Path workload;

    @Option(names = "--input", paramLabel = "FILE", description = "For an ONNX model: a .npy (or ONNX .pb tensor) file per graph input, in order; "
            + "repeatable (default: a deterministic sample, see docs/quantization.md).")
    List<Path> inputs = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Report folder (default: reports/<workload>-<arch>/).")
    Path out;

    @Mixin
    OutputOptions output;

    @Option(names = "--engine", defaultValue = "fast", converter = EngineConverter.class,
            description = "fast (default) or stepped (the register-level model, slow).")
    Engine.Kind engine;

    @Option(names = "--format", defaultValue = "table", converter = FormatConverter.class,
            description = "What goes to stdout: table (default), json, csv, md or html.")
    ReportFormat format;

    @Option(names = "--scalesim-report", arity = "0..1", fallbackValue = "v2", paramLabel = "VERSION",
            converter = ScaleSimVersionConverter.class,
            description = "Also write SCALE-Sim's COMPUTE_REPORT.csv, BANDWIDTH_REPORT.csv and DETAILED_ACCESS_REPORT.csv in the "
                    + "columns and conventions of its version v2 (the default when no VERSION is given) or v3 (docs/migrating.md).")
    ScaleSimReport.Version scaleSimReport;

    @Option(names = "--output-size", paramLabel = "RULE", converter = OutputSizeConverter.class,
            description = "Every convolution's output size: standard, floor((H + 2P - D(K - 1) - 1) / S) + 1, or scalesim, "
                    + "SCALE-Sim's ceil((H - K + S) / S) for strict comparisons (default: as the workload file says; a "
                    + "SCALE-Sim topology: standard).")
    OutputSize outputSize;

    @Option(names = "--trace", paramLabel = "FILE", description = "Write a per-cycle CSV trace of one layer (run on the stepped engine).")
    Path trace;

    @Option(names = "--trace-layer", paramLabel = "NAME", description = "The layer to trace (default: the first).")
    String traceLayer;

    @Option(names = "--trace-cycles", defaultValue = "100000", paramLabel = "N", description = "At most N cycles in the trace (default: ${DEFAULT-VALUE}).")
    long traceCycles;

    @Option(names = "--events", defaultValue = dev.qasim.engine.EngineOptions.DEFAULT_EVENT_LIMIT_TEXT, paramLabel = "N", description = "Overflow events kept in detail per layer (default: ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--no-check", description = "Skip comparing outputs with the direct-loop reference.")
    boolean noCheck;

    @Option(names = "--values", defaultValue = "on", paramLabel = "on|off", converter = SweepCommand.ValuesConverter.class,
            description = "on (default): simulate every value, check every output; off: shape-only, nothing generated or read "
                    + "but the shapes: cycles, MACs, memory traffic and energy exact from counts, overflow events, outputs and "
                    + "their error not simulated (marked so in every report). Refused for an ONNX model, with --trace or "
                    + "--engine stepped, and when the architecture's timing depends on the values (pe.overflow trap or "
                    + "widen-replay, term-serial PEs without a group budget).")
    SweepCommand.Values values;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        checkOptions();
        Background.start("qasim-chart-warm-up", ChartRenderer::warmUp);
        RunJob job = RunJob.prepare(archOptions.arch, archOptions.overrides, workload, inputs, outputSize, engine,
                new EngineOptions(events, null), !noCheck, Options.commandLine(spec));
        if (values == SweepCommand.Values.OFF) {
            job = job.withoutValues();
        }
        Path dir = out != null ? out : Home.reports().resolve(job.defaultFolderName());
        List<String> extraFiles = scaleSimReport != null ? ScaleSimReport.FILES : List.of();
        List<String> reportNames = ReportFiles.runReportNames(ReportFiles.ALL, extraFiles);
        if (trace != null) {
            TraceFile.checkApartFrom("--trace", trace, dir, reportNames);
        }
        // a trace inside the report folder is part of the report: written with it, replaced with it
        Path traceInside = trace == null ? null : ReportFolder.inside(dir, trace);
        List<String> names = new ArrayList<>(ReportFolder.topLevel(reportNames));
        if (traceInside != null) {
            names.add(traceInside.getName(0).toString());
        }
        ReportFolder folder = ReportFolder.claim(out != null ? "--out" : "the default report folder", dir,
                Identities.of(spec, Map.of()), output.overwrite, names);
        String traced = trace == null ? null : tracedLayer(job);
        RunReport report;
        ReportDocument document;
        TraceFile traceFile = trace == null ? null : traceInside == null ? new TraceFile(trace, traceCycles)
                : new TraceFile(trace, traceCycles, ReportFolder.besides(dir));
        boolean written = false;
        try (Progress progress = Progress.start(job.workload().name(), job.workload().layers().size())) {
            report = job.execute(progress, traced, traceFile);
            Map<String, String> extra = new LinkedHashMap<>();
            if (scaleSimReport != null) {
                extra.putAll(ScaleSimReport.render(scaleSimReport, report.result(), job.workload().layers()));
            }
            document = ReportEntries.document(report);
            Map<String, byte[]> files = ReportFiles.render(report, document, ReportFiles.ALL, extra);
            folder.replace(stage -> {
                ReportFiles.writeAll(stage, files);
                if (traceInside != null) {
                    traceFile.closeAt(stage.resolve(traceInside));
                }
            });
            written = true;
        } finally {
            if (traceFile != null && !written) {
                traceFile.abandon(); // the report failed: no trace either
            }
        }
        if (traceFile != null && traceInside == null) {
            traceFile.close();
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(format.render(report, document));
        stdout.flush();
        spec.commandLine().getErr().println("report: " + dir);
        return Main.OK;
    }

    /** The options' values and combinations, and the --trace file, checked before anything is read. */
    private void checkOptions() {
        Options.atLeast(spec, "--events", events, 0);
        Options.atLeast(spec, "--trace-cycles", traceCycles, 1);
        Problems unused = new Problems();
        Options.onlyWith(spec, unused, trace != null, "--trace FILE", "--trace-layer", "--trace-cycles");
        if (values == SweepCommand.Values.OFF) {
            shapeOnlyConflicts(unused);
        }
        if (!inputs.isEmpty() && !ModelLoader.isModel(workload)) {
            unused.add("--input", "", inputs.get(0).toString(), "applies only to an ONNX model (.onnx) as --workload, not to "
                    + workload + "; drop --input");
        }
        unused.throwIfAny();
        Options.outputFolder("--out", out);
        if (trace != null) {
            List<Path> read = new ArrayList<>(List.of(archOptions.arch, workload));
            read.addAll(inputs);
            TraceFile.check("--trace", trace, read);
        }
    }

    /** What --values off cannot go with: a model, a trace, the stepped engine (each needs values), --no-check. */
    private void shapeOnlyConflicts(Problems problems) {
        if (ModelLoader.isModel(workload)) {
            problems.add("--values", "", "off", RunJob.MODEL_NEEDS_VALUES);
        }
        if (trace != null) {
            problems.add("--trace", "", trace.toString(), "a trace records the values cycle by cycle; drop --trace or --values off");
        }
        if (engine == Engine.Kind.STEPPED) {
            problems.add("--engine", "", "stepped", "the stepped engine simulates values; a shape-only run takes its cycles from "
                    + "the schedule: drop --engine stepped or --values off");
        }
        if (noCheck) {
            problems.add("--no-check", "", null, "a shape-only run has no outputs to check; drop --no-check");
        }
    }

    /** The layer to trace: --trace-layer, which must name one of the workload's, or the first. */
    private String tracedLayer(RunJob job) {
        String traced = traceLayer != null ? traceLayer : job.workload().layers().get(0).name();
        if (job.workload().layers().stream().noneMatch(l -> l.name().equals(traced))) {
            throw dev.qasim.input.BadInputException.of("--trace-layer", "", traced, "no layer of "
                    + job.workload().name() + " has this name");
        }
        return traced;
    }

    /** {@code --engine}. */
    static final class EngineConverter extends EnumConverter<Engine.Kind> {
        EngineConverter() {
            super(Engine.Kind.class);
        }
    }

    /** {@code --scalesim-report}. */
    static final class ScaleSimVersionConverter extends EnumConverter<ScaleSimReport.Version> {
        ScaleSimVersionConverter() {
            super(ScaleSimReport.Version.class);
        }
    }

    /** {@code --output-size}. */
    static final class OutputSizeConverter extends EnumConverter<OutputSize> {
        OutputSizeConverter() {
            super(OutputSize.class);
        }
    }

    /** {@code --format}. */
    static final class FormatConverter extends EnumConverter<ReportFormat> {
        FormatConverter() {
            super(ReportFormat.class);
        }
    }
}
