package dev.qasim.cli;

import dev.qasim.terms.Encoding;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options and values shared by {@code encode} and {@code reveal}. */
final class TermOptions {
    @Option(names = "--scheme", defaultValue = "hese", converter = EnumConverter.EncodingConverter.class,
            description = "binary, booth, naf or hese (default: ${DEFAULT-VALUE}).")
    Encoding scheme;

    @Option(names = "--bits", defaultValue = "16",
            description = "Largest magnitude accepted is 2^B - 1, B in 1..62 (default: ${DEFAULT-VALUE}).")
    int bits;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "VALUE", description = "Integers (negative ones too).")
    List<String> values;

    /** The values, checked against --bits (one problem line per bad value). */
    long[] parse(CommandSpec spec, String command) {
        Options.checkBits(spec, bits);
        return IntegerArguments.parse(command, values, bits);
    }
}
