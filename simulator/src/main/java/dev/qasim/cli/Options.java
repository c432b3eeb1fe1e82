package dev.qasim.cli;

import dev.qasim.input.BadInputException;
import dev.qasim.input.Problems;
import dev.qasim.report.ReportFiles;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Range checks of option values that picocli's types cannot express; each fails as a usage error (exit 2). */
final class Options {
    private Options() {}

    static void checkBits(CommandSpec spec, int bits) {
        atLeast(spec, "--bits", bits, 1);
        if (bits > 62) {
            throw new ParameterException(spec.commandLine(), "--bits must be 1..62, got " + bits);
        }
    }

    static void atLeast(CommandSpec spec, String option, long value, long min) {
        if (value < min) {
            throw new ParameterException(spec.commandLine(), option + " must be at least " + min + ", got " + value);
        }
    }

    /** A float model's operand widths (--weight-bits, --data-bits): 2..16 each. */
    static void operandBits(CommandSpec spec, int weightBits, int dataBits) {
        if (weightBits < 2 || weightBits > 16 || dataBits < 2 || dataBits > 16) {
            throw new ParameterException(spec.commandLine(), "--weight-bits and --data-bits must be 2..16");
        }
    }

    /**
     * The command line as the user typed it, for a report's provenance: every argument, each quoted for a POSIX
     * shell where it holds a space or another character the shell reads (so it can be pasted and run again).
     */
    static String commandLine(CommandSpec spec) {
        StringBuilder line = new StringBuilder("qasim");
        for (String arg : spec.commandLine().getParseResult().originalArgs()) {
            line.append(' ').append(arg.matches("[A-Za-z0-9_./=:,+@%^-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return line.toString();
    }

    /** {@code option} in {@code min..max}, or one line naming it, the value and the range. */
    static void range(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw BadInputException.of(option, "", Long.toString(value), "must be " + min + ".." + max);
        }
    }

    /**
     * An output folder given on the command line ({@code --out DIR}), checked before any work: one line and exit 2
     * when it is empty, a file, or cannot be created or written ({@link ReportFiles#checkFolder}); nothing is created.
     * A null folder (the option not given) is not checked here.
     */
    static void outputFolder(String option, Path dir) {
        if (dir != null) {
            ReportFiles.checkFolder(option, dir);
        }
    }

    /** Whether the user gave {@code option} (an option with a default value reads the same when not given). */
    static boolean given(CommandSpec spec, String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    /**
     * Adds a problem for each of {@code options} the user gave although it only applies with {@code needed}
     * (an option that would be silently ignored).
     */
    static void onlyWith(CommandSpec spec, Problems problems, boolean neededGiven, String needed, String... options) {
        if (neededGiven) {
            return;
        }
        for (String option : options) {
            if (given(spec, option)) {
                problems.add(option, "", null, "applies only with " + needed + "; give " + needed + " or drop " + option);
            }
        }
    }
}
