package dev.qasim.cli;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Lists and ranges on the command line: {@code a,b,c}, {@code a..b} (step 1) or {@code a..b:step},
 * mixed by commas ({@code 2,4..8:2}); ranges include both ends when the step lands on them. Decimal steps are
 * exact ({@code 0.25..3:0.25} gives 12 values).
 */
final class Ranges {
    private Ranges() {}

    static List<Integer> integers(CommandSpec spec, String option, String text) {
        List<Integer> out = new ArrayList<>();
        for (BigDecimal v : decimals(spec, option, text)) {
            try {
                out.add(v.intValueExact());
            } catch (ArithmeticException e) {
                throw new ParameterException(spec.commandLine(), option + ": " + v.toPlainString() + " is not an integer");
            }
        }
        return out;
    }

    static List<Double> numbers(CommandSpec spec, String option, String text) {
        return decimals(spec, option, text).stream().map(BigDecimal::doubleValue).toList();
    }

    private static List<BigDecimal> decimals(CommandSpec spec, String option, String text) {
        List<BigDecimal> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String part : text.split(",")) {
            String p = part.trim();
            try {
                int dots = p.indexOf("..");
                if (dots < 0) {
                    out.add(new BigDecimal(p));
                    continue;
                }
                String[] stepSplit = p.substring(dots + 2).split(":", 2);
                BigDecimal from = new BigDecimal(p.substring(0, dots));
                BigDecimal to = new BigDecimal(stepSplit[0]);
                BigDecimal step = stepSplit.length > 1 ? new BigDecimal(stepSplit[1]) : BigDecimal.ONE;
                if (step.signum() <= 0 || to.compareTo(from) < 0) {
                    throw new NumberFormatException();
                }
                for (BigDecimal v = from; v.compareTo(to) <= 0; v = v.add(step)) {
                    out.add(v);
                    if (out.size() > 100_000) {
                        throw new ParameterException(spec.commandLine(), option + ": the range '" + p + "' is too long");
                    }
                }
            } catch (NumberFormatException e) {
                throw new ParameterException(spec.commandLine(), option + ": '" + p
                        + "' is not a number, a list (a,b,c) or a range (a..b or a..b:step, step > 0)");
            }
        }
        return out;
    }
}
