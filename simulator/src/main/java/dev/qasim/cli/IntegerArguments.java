package dev.qasim.cli;

import dev.qasim.input.Problems;
import java.util.List;

/** Integer values given as positional arguments, checked all at once (one problem line per bad value). */
final class IntegerArguments {
    private IntegerArguments() {}

    /**
     * Parses every value; a value that is not an integer, or whose magnitude needs more than {@code bits}
     * bits, is a problem.
     */
    static long[] parse(String command, List<String> texts, int bits) {
        Problems problems = new Problems();
        long limit = (1L << bits) - 1;
        long[] values = new long[texts.size()];
        for (int i = 0; i < values.length; i++) {
            String t = texts.get(i);
            try {
                values[i] = Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
                if (values[i] > limit || values[i] < -limit) {
                    problems.add(command, "", t, "the magnitude exceeds --bits " + bits + " (at most " + limit + ")");
                }
            } catch (NumberFormatException e) {
                problems.add(command, "", "\"" + t + "\"", "not an integer");
            }
        }
        problems.throwIfAny();
        return values;
    }
}
