package dev.qasim.cli;

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
}
