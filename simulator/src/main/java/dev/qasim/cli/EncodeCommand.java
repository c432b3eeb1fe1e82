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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code qasim encode}: each integer's terms in an encoding. */
@Command(name = "encode", mixinStandardHelpOptions = true,
        description = {"Show each integer's terms, most significant first, e.g.",
                "  119 = +2^7 -2^4 +2^3 -2^0 (4 terms)"})
final class EncodeCommand implements Callable<Integer> {

    @Option(names = "--scheme", defaultValue = "hese", converter = EnumConverter.EncodingConverter.class,
            description = "binary, booth, naf or hese (default: ${DEFAULT-VALUE}).")
    Encoding scheme;

    @Option(names = "--bits", defaultValue = "16",
            description = "Largest magnitude accepted is 2^B - 1, B in 1..62 (default: ${DEFAULT-VALUE}).")
    int bits;

    @Option(names = "--json", description = "Print [{\"value\":V,\"terms\":[...]}] instead of text.")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "VALUE", description = "Integers (negative ones too).")
    List<String> values;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Options.checkBits(spec, bits);
        long[] parsed = IntegerArguments.parse("qasim encode", values, bits);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
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
