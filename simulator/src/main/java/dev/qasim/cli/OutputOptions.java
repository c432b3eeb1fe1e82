package dev.qasim.cli;

import picocli.CommandLine.Option;

/** {@code --overwrite}, shared by every command that writes a report folder. */
final class OutputOptions {
    @Option(names = "--overwrite", description = "Replace the report of another run in the report folder (the same run "
            + "again always replaces its own report). A folder holding files no qasim report wrote is refused even so.")
    boolean overwrite;
}
