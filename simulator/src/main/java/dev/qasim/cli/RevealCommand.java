package dev.qasim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code qasim reveal}: term revealing (grouped top-k term selection) on the given values. */
@Command(name = "reveal", mixinStandardHelpOptions = true,
        description = "Term revealing: per group of G consecutive values keep the K largest terms (ties to the lowest index) and print "
                + "the revealed values, all groups in order.")
final class RevealCommand implements Callable<Integer> {

    @Option(names = "--group", required = true, paramLabel = "G", description = "Group size g >= 1; the last group may be short.")
    int group;

    @Option(names = "--budget", required = true, paramLabel = "K", description = "Terms kept per group, k >= 0.")
    int budget;

    @Mixin
    TermOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Options.atLeast(spec, "--group", group, 1);
        Options.atLeast(spec, "--budget", budget, 0);
        long[] parsed = options.parse(spec, "qasim reveal");
        List<Revealed> groups = TermRevealing.reveal(parsed, group, budget, options.scheme.encoder());
        PrintWriter out = spec.commandLine().getOut();
        if (options.json) {
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
