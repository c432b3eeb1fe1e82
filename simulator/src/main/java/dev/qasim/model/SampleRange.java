package dev.qasim.model;

import dev.qasim.input.BadInputException;

/**
 * Which samples of a pool a split takes: {@code FROM:TO}, half open like a Python slice, each end a sample index
 * or a percentage of the pool ({@code 90%}); an empty end is the pool's start or end. {@code 0:1000},
 * {@code 90%:}, {@code :10%}, {@code 2000:3000}. A percentage rounds to the nearest sample (halves up).
 *
 * @param text as the user wrote it (for messages)
 */
public record SampleRange(double from, boolean fromPercent, double to, boolean toPercent, boolean toEnd, String text) {

    /** A range from a fraction of the pool to another (0..1). */
    static SampleRange fractions(double from, double to) {
        return new SampleRange(100 * from, true, 100 * to, true, to >= 1, String.format(java.util.Locale.ROOT, "%s%%:%s%%",
                clean(100 * from), clean(100 * to)));
    }

    private static String clean(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * Parses {@code FROM:TO}.
     *
     * @param option the option that gave it, for messages ({@code --test-split})
     * @throws BadInputException naming the option, the value and the form allowed
     */
    public static SampleRange parse(String text, String option) {
        String rule = "must be FROM:TO, each a sample index (0, 1000) or a percentage of the samples (90%), either may be "
                + "empty: 0:1000, 90%:, :10%";
        int colon = text.indexOf(':');
        if (colon < 0 || colon != text.lastIndexOf(':')) {
            throw BadInputException.of(option, "", text, rule);
        }
        String a = text.substring(0, colon).strip();
        String b = text.substring(colon + 1).strip();
        double[] from = bound(a, 0, option, text, rule);
        double[] to = bound(b, -1, option, text, rule);
        return new SampleRange(from[0], from[1] == 1, to[0], to[1] == 1, b.isEmpty(), text);
    }

    private static double[] bound(String s, double empty, String option, String text, String rule) {
        if (s.isEmpty()) {
            return new double[] {empty, 0};
        }
        boolean percent = s.endsWith("%");
        String number = percent ? s.substring(0, s.length() - 1) : s;
        if (!number.matches(percent ? "\\d{1,3}(\\.\\d+)?" : "\\d{1,10}")) {
            throw BadInputException.of(option, "", text, rule);
        }
        double v = Double.parseDouble(number);
        if (percent && v > 100 || !percent && v > Integer.MAX_VALUE) {
            throw BadInputException.of(option, "", text, rule + " (percentages up to 100)");
        }
        return new double[] {v, percent ? 1 : 0};
    }

    /**
     * The first and the end (exclusive) sample of a pool of {@code count}.
     *
     * @param what the pool, for messages ({@code the test split of 10000 samples})
     * @throws BadInputException when the range is empty or reaches past the pool
     */
    int[] resolve(int count, String option, String what) {
        int a = index(from, fromPercent, count);
        int b = toEnd ? count : index(to, toPercent, count);
        if (b > count || a >= b) {
            throw BadInputException.of(option, "", text, "selects samples " + a + " to " + b + " of " + what + " (" + count
                    + " samples): the range must hold at least one sample inside it");
        }
        return new int[] {a, b};
    }

    private static int index(double v, boolean percent, int count) {
        return percent ? (int) Math.floor(v / 100 * count + 0.5) : (int) v;
    }
}
