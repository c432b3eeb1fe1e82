package dev.qasim.cli;

import dev.qasim.input.BadInputException;
import dev.qasim.input.Problem;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import picocli.CommandLine;

/** The {@code qasim} entry point. */
public final class Main {
    /** Exit code: success. */
    public static final int OK = 0;
    /** Exit code: an internal error (a bug); the stack trace is printed only with {@code --debug}. */
    public static final int INTERNAL_ERROR = 1;
    /**
     * Exit code: bad input (usage, configuration, workload or model file, an output folder that holds another run's
     * report), or an output that cannot be written (a full disk, no permission); one line per problem.
     */
    public static final int BAD_INPUT = 2;
    /** Exit code: {@code validate} found a violation of the hardware's limits. */
    public static final int VIOLATION = 3;

    private Main() {}

    public static void main(String[] args) {
        preload();
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(args, out, err));
    }

    /**
     * Initializes the YAML and JSON mappers (Jackson's start-up, a few hundred milliseconds of class loading) in the
     * background while the command line is parsed, which is single-threaded work; a command that needs them waits for
     * that initialization instead of doing it again.
     */
    private static void preload() {
        ClassLoader loader = Main.class.getClassLoader();
        Background.start("qasim-preload", () -> {
            Class.forName("dev.qasim.input.YamlFiles", true, loader);
            return Class.forName("dev.qasim.report.JsonRenderer", true, loader);
        });
    }

    /** Runs one command line with the given streams and returns the exit code (tests call this). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(QasimCommand.commandLine(args), args, out, err);
    }

    /** The same with another command line (tests give one whose work fails in a known way). */
    static int run(CommandLine cli, String[] args, PrintWriter out, PrintWriter err) {
        boolean debug = Arrays.asList(args).contains("--debug");
        cli.setOut(out);
        cli.setErr(err);
        cli.setUnmatchedOptionsArePositionalParams(false);
        HelpLayout.install(cli);
        cli.setParameterExceptionHandler((ex, args2) -> {
            CommandLine cmd = ex.getCommandLine();
            String name = cmd.getCommandSpec().qualifiedName();
            String nearest = Suggestions.forUsageError(ex);
            cmd.getErr().println(name + ": " + (nearest != null ? nearest : ex.getMessage()));
            cmd.getErr().println("Try '" + name + " --help' for usage.");
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            if (ex instanceof BadInputException bad) {
                for (Problem p : bad.problems()) {
                    cmd.getErr().println(p.message());
                }
                return BAD_INPUT;
            }
            if (ex instanceof UncheckedIOException io) {
                // a full disk, a folder without write permission: the files said why; nothing is half written
                cmd.getErr().println("qasim: " + io.getMessage());
                if (debug) {
                    ex.printStackTrace(cmd.getErr());
                }
                return BAD_INPUT;
            }
            cmd.getErr().println("qasim: internal error: " + ex);
            if (debug) {
                ex.printStackTrace(cmd.getErr());
            } else {
                cmd.getErr().println("(run again with --debug for the stack trace, and please report it)");
            }
            return INTERNAL_ERROR;
        });
        int code;
        try {
            code = cli.execute(args);
        } catch (OutOfMemoryError oom) {
            // a run larger than the heap: say so and how to give it more, without a stack trace
            err.println("qasim: out of memory: this run needs more than the JVM's heap (" + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MiB); give it more with JAVA_OPTS=-Xmx<size>, e.g. JAVA_OPTS=-Xmx16g tools/qasim ...");
            if (debug) {
                oom.printStackTrace(err);
            }
            code = INTERNAL_ERROR;
        }
        out.flush();
        err.flush();
        return code;
    }
}
