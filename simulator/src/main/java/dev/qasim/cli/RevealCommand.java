package dev.qasim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qasim.terms.Encoding;
import dev.qasim.terms.Revealed;
import dev.qasim.terms.TermRevealing;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code qasim reveal}: term revealing (grouped top-k term selection) on the given values. */
@Command(name = "reveal", mixinStandardHelpOptions = true,
        description = {"Term revealing: per group of G consecutive values keep the K largest terms",
                "(ties to the lowest index) and print the revealed values, all groups in order."})
final class RevealCommand implements Callable<Integer> {

    @Option(names = "--group", required = true, paramLabel = "G", description = "Group size g >= 1; the last group may be short.")
    int group;

    @Option(names = "--budget", required = true, paramLabel = "K", description = "Terms kept per group, k >= 0.")
    int budget;

    @Option(names = "--scheme", defaultValue = "hese", converter = EnumConverter.EncodingConverter.class,
            description = "binary, booth, naf or hese (default: ${DEFAULT-VALUE}).")
    Encoding scheme;

    @Option(names = "--bits", defaultValue = "16",
            description = "Largest magnitude accepted is 2^B - 1, B in 1..62 (default: ${DEFAULT-VALUE}).")
    int bits;

    @Option(names = "--json", description = "Print one object per group: values, revealed, keptTerms.")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "VALUE", description = "Integers (negative ones too).")
    List<String> values;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Options.atLeast(spec, "--group", group, 1);
        Options.atLeast(spec, "--budget", budget, 0);
        Options.checkBits(spec, bits);
        long[] parsed = IntegerArguments.parse("qasim reveal", values, bits);
        List<Revealed> groups = TermRevealing.reveal(parsed, group, budget, scheme.encoder());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Revealed r : groups) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("values", r.values());
                row.put("revealed", r.revealed());
                row.put("keptTerms", r.kept());
                rows.add(row);
            }
            out.println(new ObjectMapper().writeValueAsString(rows));
        } else {
            out.println(groups.stream().flatMapToLong(r -> LongStream.of(r.revealed()))
                    .mapToObj(Long::toString).collect(Collectors.joining(" ")));
        }
        return Main.OK;
    }
}
