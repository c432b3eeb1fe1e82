package dev.qasim.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The nearest command or option to a mistyped one ({@code qasim rnu}: "did you mean run?"). Near means at most two
 * edits apart (a letter added, dropped, changed, or two neighbours swapped) or the start of the name.
 */
final class Suggestions {
    private Suggestions() {}

    /**
     * The line for a usage error caused by an unknown command or option, naming the nearest ones; null for any
     * other usage error (picocli's own message says it then).
     */
    static String forUsageError(ParameterException ex) {
        if (!(ex instanceof UnmatchedArgumentException unmatched) || unmatched.getUnmatched().isEmpty()) {
            return null;
        }
        String typed = unmatched.getUnmatched().get(0);
        CommandSpec spec = ex.getCommandLine().getCommandSpec();
        if (typed.startsWith("-")) {
            String name = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
            List<String> options = new ArrayList<>();
            for (OptionSpec o : spec.options()) {
                options.add(o.longestName());
            }
            List<String> near = nearest(name, options);
            return "unknown option '" + name + "'" + (near.isEmpty() ? "" : "; did you mean " + String.join(" or ", near) + "?");
        }
        if (spec.subcommands().isEmpty()) {
            return null; // an extra value: picocli says which
        }
        List<String> near = nearest(typed, spec.subcommands().keySet());
        return "'" + typed + "' is not a command" + (near.isEmpty() ? "; the commands are " + String.join(", ",
                spec.subcommands().keySet()) : "; did you mean " + String.join(" or ", near) + "?");
    }

    /** The names nearest to {@code typed}, nearest first (at most three); empty when none is near. */
    static List<String> nearest(String typed, Collection<String> names) {
        String t = typed.toLowerCase(Locale.ROOT);
        List<String> near = new ArrayList<>();
        for (String name : names) {
            String n = name.toLowerCase(Locale.ROOT);
            boolean prefix = t.length() >= 2 && n.startsWith(t) && !n.equals(t);
            if (prefix || distance(t, n) <= Math.min(2, Math.max(1, n.length() / 3))) {
                near.add(name);
            }
        }
        near.sort(Comparator.comparingInt((String n) -> distance(t, n.toLowerCase(Locale.ROOT))).thenComparing(n -> n));
        return near.size() > 3 ? near.subList(0, 3) : near;
    }

    /**
     * Edits between two words: insertions, deletions, substitutions and swaps of two neighbouring letters, each 1
     * (the optimal string alignment distance).
     */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
