package dev.qasim.cli;

import dev.qasim.config.ArchConfig;
import dev.qasim.config.ArchLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qasim check}: load and validate files without running; print the resolved configuration. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Load and validate an architecture file (with overrides) without running anything,",
                "and print the resolved configuration. Every problem is listed, one per line (exit 2)."})
final class CheckCommand implements Callable<Integer> {

    @Option(names = "--arch", required = true, paramLabel = "FILE", description = "Architecture YAML file.")
    Path arch;

    @Option(names = "--set", paramLabel = "PATH=VALUE",
            description = "Override an architecture key by its dotted path, e.g. pe.accumulatorBits=16 (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ArchConfig config = ArchLoader.load(arch, overrides);
        PrintWriter out = spec.commandLine().getOut();
        out.println("# " + arch + ": valid");
        out.print(ArchLoader.toYaml(config));
        return Main.OK;
    }
}
