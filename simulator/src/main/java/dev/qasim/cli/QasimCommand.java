package dev.qasim.cli;

import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;

/** {@code qasim}: the top command; every function is a subcommand. */
@Command(name = "qasim", mixinStandardHelpOptions = true, versionProvider = QasimCommand.Version.class,
        description = "Cycle-accurate simulator of quantized DNN accelerators, with real integer values.",
        footer = {"", "A command that writes a report folder refuses one holding another run's report (told apart by the "
                + "provenance.json each report folder holds) unless --overwrite is given, and replaces a report whole.",
                "Exit codes: 0 success; 2 bad input or an output that cannot be written (one line per problem); 3 validate found a "
                + "violation; 1 internal error (the stack trace with --debug)."})
public final class QasimCommand implements java.util.concurrent.Callable<Integer> {
    /** The subcommands, in the order the help lists them. */
    static final List<Class<?>> COMMANDS = List.of(DemoCommand.class, RunCommand.class, CheckCommand.class, SweepCommand.class,
            MergeCommand.class, TradeoffCommand.class, ValidateCommand.class, ReproduceCommand.class, EncodeCommand.class,
            RevealCommand.class, RtlCommand.class, EnergyCommand.class);

    /** The whole command line: qasim with every subcommand (the help, the tests). */
    static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The command line that parses {@code args}: when they name a subcommand first (after {@code --debug}, if given),
     * qasim with that subcommand alone, else with all of them (the top-level help, a misspelt command's suggestions).
     * picocli reads every option of every command it is given, before any work (in a cold JVM all twelve took about
     * 0.25 s, {@code run} alone 0.18 to 0.20 s); one command's parse is the same with or without the others.
     */
    static CommandLine commandLine(String[] args) {
        CommandLine cli = new CommandLine(new QasimCommand());
        String first = Arrays.stream(args).filter(a -> !a.equals("--debug")).findFirst().orElse(null);
        Class<?> named = COMMANDS.stream().filter(c -> c.getAnnotation(Command.class).name().equals(first)).findFirst().orElse(null);
        for (Class<?> command : named != null ? List.<Class<?>>of(named) : COMMANDS) {
            cli.addSubcommand(command);
        }
        return cli;
    }

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
