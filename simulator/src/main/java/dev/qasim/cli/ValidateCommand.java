package dev.qasim.cli;

import dev.qasim.engine.Engine;
import dev.qasim.model.Validation;
import dev.qasim.quant.Calibration;
import dev.qasim.config.ArchLoader;
import dev.qasim.model.ModelLoader;
import dev.qasim.report.FolderNames;
import dev.qasim.report.Provenance;
import dev.qasim.report.ReportFolder;
import dev.qasim.report.ValidationReport;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qasim validate}: a model against a hardware's limits on real data. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check a model against a hardware configuration on real data; exit 3 when a layer violates the hardware's "
                + "limits, or when the float model's accuracy on the data is near chance (unless --allow-near-chance).",
                "Per layer: operand widths against the multiplier, the accumulator bounds against the accumulator, partial sums and "
                        + "overflow events observed, the smallest safe accumulator, cycles and energy; the accuracy of the float model, of the "
                        + "quantized model with exact arithmetic and on the simulated hardware (top-1 and top-5; for a model that is not a "
                        + "classifier, each output's error against the float model). The model is ONNX (float, QDQ, QOperator or QONNX); "
                        + "the data IDX files (MNIST format, plain or .gz), an .npz, a folder of .npy files or a folder of images. Writes "
                        + "report.json, report.md, report.html and provenance.json to reports/validate-<model>-<arch>/ or --out DIR; a "
                        + "folder holding another run's report is refused unless --overwrite is given."})
final class ValidateCommand implements Callable<Integer> {

    @Mixin
    ArchOptions archOptions;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "ONNX model (float or quantized).")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "DATA",
            description = "The data: an .npz file or a folder of .npy files (x, and y integer labels; or x_train, y_train, x_test, "
                    + "y_test), a folder of IDX images and labels (MNIST format), a folder of images with one subfolder per class "
                    + "(or train/ and val/ such folders), or an ONNX test case (test_data_set_N).")
    Path data;

    @Mixin
    DataArgs dataArgs;

    @Option(names = "--allow-near-chance",
            description = "Accept a float model whose accuracy on the data is near chance (by default that exits 3: the model and the "
                    + "data probably do not belong together).")
    boolean allowNearChance;

    @Option(names = "--weight-bits", defaultValue = "8", paramLabel = "B", description = "Weights of a float model (default: ${DEFAULT-VALUE}).")
    int weightBits;

    @Option(names = "--data-bits", defaultValue = "8", paramLabel = "B", description = "Activations of a float model (default: ${DEFAULT-VALUE}).")
    int dataBits;

    @Option(names = "--calibration", defaultValue = "256", paramLabel = "N",
            description = "Samples of the calibration split that calibrate a float model, at most (default: ${DEFAULT-VALUE}).")
    int calibration;

    @Option(names = "--calibrate", defaultValue = "max", paramLabel = "POLICY", converter = CalibrationConverter.class,
            description = "How a float model's activation scales are chosen: max (default), mse, kl or percentile-P, "
                    + "optionally -pow2 (power-of-two scales, shifts; then the weight scales are powers of two too).")
    Calibration calibrate;

    @Option(names = "--weight-calibrate", defaultValue = "max", paramLabel = "POLICY", converter = CalibrationConverter.class,
            description = "How each output channel's weight scale is chosen: max (default), mse, kl or percentile-P, optionally -pow2.")
    Calibration weightCalibrate;

    @Option(names = "--limit", paramLabel = "N", description = "Evaluate only the first N test images.")
    Integer limit;

    @Option(names = "--batch", defaultValue = "500", paramLabel = "N",
            description = "Images per simulated batch (default: ${DEFAULT-VALUE}); each layer runs as one GEMM over the batch, "
                    + "so cycles and energy depend on it (partial sums that exceed half the ofmap buffer spill to DRAM).")
    int batch;

    @Option(names = "--bit-allocation",
            description = "Also allocate operand bits per layer for the accumulator (a float model, on the calibration images): the "
                    + "widest equal weight and data widths with no overflow on the data, and guaranteed by the l1 bound.")
    boolean bitAllocation;

    @Option(names = "--strict", description = "Also a violation: an overflow the l1 bound says is possible.")
    boolean strict;

    @Option(names = "--engine", defaultValue = "fast", converter = RunCommand.EngineConverter.class,
            description = "fast (default) or stepped.")
    Engine.Kind engine;

    @Option(names = "--out", paramLabel = "DIR", description = "Report folder (default: reports/validate-<model>-<arch>/).")
    Path out;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    /** {@code validate-<model>-<arch>}, known before the run: the model file's name, the architecture's. */
    private String defaultFolder() {
        String archName = ArchLoader.load(archOptions.arch, archOptions.overrides).name();
        String modelName = ModelLoader.name(model);
        return FolderNames.of("validate", modelName, archName);
    }

    @Override
    public Integer call() {
        Options.atLeast(spec, "--calibration", calibration, 1);
        Options.atLeast(spec, "--batch", batch, 1);
        if (limit != null) {
            Options.atLeast(spec, "--limit", limit, 1);
        }
        Options.operandBits(spec, weightBits, dataBits);
        Options.outputFolder("--out", out);
        Path dir = out != null ? out : Home.reports().resolve(defaultFolder());
        ReportFolder folder = ReportFolder.claim(out != null ? "--out" : "the default report folder", dir,
                Identities.of(spec, Map.of()), output.overwrite, ValidationReport.NAMES);
        String started = Instant.now().toString();
        Validation.Settings settings = Validation.Settings.builder(archOptions.arch, model, data).overrides(archOptions.overrides)
                .bits(weightBits, dataBits).calibration(calibration).batch(batch).limit(limit).strict(strict).engine(engine)
                .calibrate(calibrate).allocate(bitAllocation).weightCalibrate(weightCalibrate).dataOptions(dataArgs.options())
                .allowNearChance(allowNearChance).build();
        Validation.Result result;
        try (Progress bar = Progress.counting("validate", -1, " images")) {
            result = Validation.run(settings, bar::total, bar::stepTo);
        }
        Provenance provenance = new Provenance(Options.commandLine(spec),
                null, null, engine.name().toLowerCase(java.util.Locale.ROOT), System.getProperty("java.version"), started);
        folder.replace(stage -> ValidationReport.write(result, provenance, stage));
        spec.commandLine().getOut().print(ValidationReport.table(result));
        spec.commandLine().getErr().println("report: " + dir);
        return result.violation() || result.nearChance() && !allowNearChance ? Main.VIOLATION : Main.OK;
    }
}
