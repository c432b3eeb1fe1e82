package dev.qasim.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --arch FILE} and {@code --set PATH=VALUE}, shared by every command that loads an architecture. */
final class ArchOptions {
    @Option(names = "--arch", required = true, paramLabel = "FILE", description = "Architecture YAML file.")
    Path arch;

    @Option(names = "--set", paramLabel = "PATH=VALUE",
            description = "Override an architecture key by its dotted path, e.g. pe.accumulatorBits=16 (repeatable).")
    List<String> overrides = new ArrayList<>();
}
