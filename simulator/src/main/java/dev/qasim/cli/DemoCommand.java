package dev.qasim.cli;

import dev.qasim.report.DemoJob;
import dev.qasim.report.ReportFolder;
import java.util.Map;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qasim demo}: the main job on the shipped defaults. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The main job on the shipped defaults: the default architecture on ResNet-18, the 784-512-512-10 MLP and a "
                        + "BERT-base encoder layer, every value simulated and checked, then ResNet-18 under every dataflow.",
                "The architecture is arch-configs/tpu-like-int8.yaml. Writes to DIR (default reports/demo/) summary.md, a folder per "
                        + "workload with report.json, report.csv, report.md, report.html and charts/ (PNG and SVG), and provenance.json; "
                        + "a folder holding another run's report is refused unless --overwrite is given."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "DIR", description = "Report folder (default: reports/demo/).")
    Path out;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path dir = out != null ? out : Home.reports().resolve("demo");
        ReportFolder folder = ReportFolder.claim(out != null ? "--out" : "the default report folder", dir,
                Identities.of(spec, Map.of()), output.overwrite, DemoJob.reportNames(Home.path()));
        String summary = DemoJob.run(Home.path(), folder, Options.commandLine(spec),
                job -> Progress.start(job.workload().name(), job.workload().layers().size()));
        spec.commandLine().getOut().print(summary);
        spec.commandLine().getErr().println("reports: " + dir);
        return Main.OK;
    }
}
