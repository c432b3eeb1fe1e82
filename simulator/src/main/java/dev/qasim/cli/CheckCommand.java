package dev.qasim.cli;

import dev.qasim.config.ArchConfig;
import dev.qasim.config.ArchLoader;
import dev.qasim.engine.EngineOptions;
import dev.qasim.engine.Engine;
import dev.qasim.energy.EnergyModel;
import dev.qasim.report.RunJob;
import dev.qasim.workload.Layer;
import dev.qasim.workload.MatrixForm;
import dev.qasim.workload.Workload;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qasim check}: load and validate files without running; print the resolved configuration. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Validate an architecture file (with overrides) and optionally a workload, without running anything.",
                "Prints the resolved configuration and the workload's layers in matrix form. The architecture is a YAML file (its "
                        + "energy table checked too); the workload a workload YAML file, a SCALE-Sim topology CSV or an ONNX model (.onnx, "
                        + "float or quantized). Every problem is listed, one per line (exit 2). Writes no file."})
final class CheckCommand implements Callable<Integer> {

    @Mixin
    ArchOptions archOptions;

    @Option(names = "--workload", paramLabel = "FILE", description = "Workload YAML file, a SCALE-Sim topology CSV or an ONNX model (.onnx).")
    Path workload;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (workload == null) {
            ArchConfig config = ArchLoader.load(archOptions.arch, archOptions.overrides);
            EnergyModel.forArch(config, archOptions.arch);
            out.println("# " + archOptions.arch + ": valid");
            ArchLoader.notes(archOptions.arch).forEach(n -> out.println("# note: " + n));
            out.print(ArchLoader.toYaml(config));
            return Main.OK;
        }
        RunJob job = RunJob.prepare(archOptions.arch, archOptions.overrides, workload, Engine.Kind.FAST, EngineOptions.defaults(), true, "check");
        out.println("# " + archOptions.arch + ": valid");
        ArchLoader.notes(archOptions.arch).forEach(n -> out.println("# note: " + n));
        out.print(ArchLoader.toYaml(job.arch()));
        Workload w = job.workload();
        out.printf("# %s: valid, %d layers, %,d MACs%n", workload, w.layers().size(), w.macs());
        out.printf("%-24s %-7s %8s %8s %8s %8s %-9s%n", "layer", "type", "groups", "M", "N", "K", "w x data");
        for (Layer l : w.layers()) {
            MatrixForm f = l.matrixForm();
            out.printf("%-24s %-7s %8d %8d %8d %8d %-9s%n", l.name(), l.type(), f.groups(), f.m(), f.n(), f.k(),
                    l.spec().weights() + " x " + l.spec().data());
        }
        for (String note : w.notes()) {
            out.println("note: " + note);
        }
        return Main.OK;
    }
}
