package dev.qasim.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;

/** {@code qasim}: the top command; every function is a subcommand. */
@Command(name = "qasim", mixinStandardHelpOptions = true, versionProvider = QasimCommand.Version.class,
        description = "Cycle-accurate simulator of quantized DNN accelerators, with real integer values.",
        subcommands = {DemoCommand.class, RunCommand.class, CheckCommand.class, SweepCommand.class, MergeCommand.class,
                TradeoffCommand.class, ValidateCommand.class, ReproduceCommand.class, EncodeCommand.class, RevealCommand.class,
                RtlCommand.class, EnergyCommand.class},
        footer = {"", "A command that writes a report folder refuses one holding another run's report (told apart by the "
                + "provenance.json each report folder holds) unless --overwrite is given, and replaces a report whole.",
                "Exit codes: 0 success; 2 bad input or an output that cannot be written (one line per problem); 3 validate found a "
                + "violation; 1 internal error (the stack trace with --debug)."})
public final class QasimCommand implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--debug", description = "Print stack traces of internal errors.", scope = picocli.CommandLine.ScopeType.INHERIT)
    boolean debug;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** No command given: a usage error (exit 2), the usage on stderr; {@code --help} and {@code --version} exit 0. */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("qasim: a command is required");
        spec.commandLine().usage(spec.commandLine().getErr());
        return Main.BAD_INPUT;
    }

    /** The version from the build. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"qasim " + dev.qasim.report.Version.get()};
        }
    }
}
