package dev.qasim.terms;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Term revealing (docs/term-revealing.md): grouped top-k term selection. For a group of g values, encode each
 * into its MSB-first terms, then take k times the largest remaining term among the g list heads (sign
 * ignored; ties go to the lowest index; an exhausted list offers nothing). The kept terms are exactly the k
 * largest terms of the group; a budget at least the group's term count returns the values unchanged.
 * Per-value data truncation to s terms is the case g = 1, k = s.
 */
public final class TermRevealing {
    private TermRevealing() {}

    /** Reveals one group with budget k &gt;= 0. */
    public static Revealed revealGroup(long[] group, int budget, Encoder encoder) {
        if (budget < 0) {
            throw new IllegalArgumentException("the group budget k must be >= 0, got " + budget);
        }
        int g = group.length;
        Terms[] terms = new Terms[g];
        for (int j = 0; j < g; j++) {
            terms[j] = encoder.encode(group[j]);
        }
        int[] head = new int[g];
        keep(terms, g, budget, head);
        long[] revealed = new long[g];
        List<long[]> kept = new ArrayList<>(g);
        for (int j = 0; j < g; j++) {
            long[] k = Arrays.copyOf(terms[j].values(), head[j]);
            kept.add(k);
            revealed[j] = Arrays.stream(k).sum();
        }
        return new Revealed(group, revealed, kept);
    }

    /**
     * The selection alone, without allocating: how many leading terms of each of the first {@code g} values the
     * group keeps under budget k &gt;= 0, written to {@code head[0..g)} (which must hold zeros). The kept terms
     * of value j are the first {@code head[j]} of {@code terms[j]}.
     */
    public static void keep(Terms[] terms, int g, int budget, int[] head) {
        for (int taken = 0; taken < budget; taken++) {
            int best = -1;
            int bestExponent = -1;
            for (int j = 0; j < g; j++) {
                if (head[j] < terms[j].size() && terms[j].exponent(head[j]) > bestExponent) {
                    best = j;
                    bestExponent = terms[j].exponent(head[j]);
                }
            }
            if (best < 0) {
                break; // every list is exhausted
            }
            head[best]++;
        }
    }

    /**
     * Reveals consecutive groups of {@code groupSize} values (the last may be short; it keeps the same
     * budget), in order.
     */
    public static List<Revealed> reveal(long[] values, int groupSize, int budget, Encoder encoder) {
        if (groupSize < 1) {
            throw new IllegalArgumentException("the group size g must be >= 1, got " + groupSize);
        }
        List<Revealed> groups = new ArrayList<>();
        for (int start = 0; start < values.length; start += groupSize) {
            long[] group = Arrays.copyOfRange(values, start, Math.min(values.length, start + groupSize));
            groups.add(revealGroup(group, budget, encoder));
        }
        return groups;
    }

    /** The value kept when only its {@code s} most significant terms are kept (g = 1, k = s). */
    public static long truncate(long value, int s, Encoder encoder) {
        if (s < 0) {
            throw new IllegalArgumentException("the number of data terms s must be >= 0, got " + s);
        }
        Terms t = encoder.encode(value);
        long sum = 0;
        for (int i = 0; i < Math.min(s, t.size()); i++) {
            sum += t.term(i);
        }
        return sum;
    }
}
