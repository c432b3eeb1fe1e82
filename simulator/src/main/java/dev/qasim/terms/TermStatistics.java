package dev.qasim.terms;

/** Term counts over whole ranges of magnitudes: how many terms an encoding spends on average. */
public final class TermStatistics {
    private TermStatistics() {}

    /** The mean number of terms over every magnitude 0 .. 2^bits - 1 (exhaustive), 1 &lt;= bits &lt;= 24. */
    public static double meanTerms(Encoding encoding, int bits) {
        if (bits < 1 || bits > 24) {
            throw new IllegalArgumentException("bits must be 1..24 for an exhaustive count, got " + bits);
        }
        long total = 0;
        long n = 1L << bits;
        for (long m = 0; m < n; m++) {
            total += encoding.encoder().count(m);
        }
        return (double) total / n;
    }

    /** The number of magnitudes 0 .. 2^bits - 1 on which {@code a} uses more terms than {@code b}. */
    public static int moreTermsThan(Encoding a, Encoding b, int bits) {
        int count = 0;
        for (long m = 0; m < (1L << bits); m++) {
            if (a.encoder().count(m) > b.encoder().count(m)) {
                count++;
            }
        }
        return count;
    }

    private static final java.util.Map<String, Integer> MAX_TERMS = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The largest number of terms any magnitude 0..maxMagnitude has in an encoding: exhaustive up to 2^22, and
     * for larger ranges the bound of one term per bit position plus one (never exceeded by any encoding here).
     */
    public static int maxTerms(Encoding encoding, long maxMagnitude) {
        if (maxMagnitude > (1L << 22)) {
            return 65 - Long.numberOfLeadingZeros(maxMagnitude);
        }
        return MAX_TERMS.computeIfAbsent(encoding + ":" + maxMagnitude, key -> {
            int max = 0;
            for (long m = 0; m <= maxMagnitude; m++) {
                max = Math.max(max, encoding.encoder().count(m));
            }
            return max;
        });
    }
}
