package dev.qasim.cli;

import dev.qasim.explore.MergeJob;
import dev.qasim.explore.SweepOutcome;
import dev.qasim.report.ReportFolder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code qasim merge}: the shards of a sweep into one result. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Combine the folders of every shard of one sweep (qasim sweep --shard I/N) into the results an unsharded run writes.",
                "Writes sweep.csv, sweep.json, sweep.md, charts/ (PNG and SVG) and provenance.json to DIR; a folder holding another "
                        + "run's report is refused unless --overwrite is given."})
final class MergeCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "The shards' result folders, in any order.")
    List<Path> dirs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder of the merged results.")
    Path out;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        MergeJob.checkOut(dirs, out);
        ReportFolder folder = ReportFolder.claim("--out", out, Identities.of(spec, Map.of()), output.overwrite, MergeJob.NAMES);
        SweepOutcome outcome = MergeJob.merge(dirs, folder);
        spec.commandLine().getOut().println(SweepCommand.summary(outcome));
        spec.commandLine().getOut().println("results: " + out.resolve("sweep.csv") + " (and sweep.json, sweep.md, charts/)");
        return Main.OK;
    }
}
