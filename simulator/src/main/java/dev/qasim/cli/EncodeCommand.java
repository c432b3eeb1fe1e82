package dev.qasim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qasim.terms.Encoding;
import dev.qasim.terms.Terms;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code qasim encode}: each integer's terms in an encoding. */
@Command(name = "encode", mixinStandardHelpOptions = true,
        description = "Show each integer's terms in an encoding, most significant first, e.g. 119 = +2^7 -2^4 +2^3 -2^0 (4 terms).")
final class EncodeCommand implements Callable<Integer> {

    @Mixin
    TermOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        long[] parsed = options.parse(spec, "qasim encode");
        Encoding scheme = options.scheme;
        PrintWriter out = spec.commandLine().getOut();
        if (options.json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (long v : parsed) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("value", v);
                row.put("terms", scheme.encode(v).values());
                rows.add(row);
            }
            out.println(new ObjectMapper().writeValueAsString(rows));
        } else {
            for (long v : parsed) {
                Terms t = scheme.encode(v);
                out.println(v + " = " + t + " (" + t.size() + (t.size() == 1 ? " term)" : " terms)"));
            }
        }
        return Main.OK;
    }
}
