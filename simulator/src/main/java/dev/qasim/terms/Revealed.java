package dev.qasim.terms;

import java.util.List;

/**
 * The result of term revealing on one group: the revealed values and, per value, the terms that were kept
 * (most significant first). {@code revealed[j]} is the sum of {@code kept.get(j)}.
 *
 * @param values   the group's input values
 * @param revealed the values rebuilt from the kept terms
 * @param kept     the kept terms of each value
 */
public record Revealed(long[] values, long[] revealed, List<long[]> kept) {

    public Revealed {
        values = values.clone();
        revealed = revealed.clone();
        kept = kept.stream().map(long[]::clone).toList();
    }

    /** The number of terms kept in the whole group (at most the budget). */
    public int keptCount() {
        int n = 0;
        for (long[] k : kept) {
            n += k.length;
        }
        return n;
    }

    @Override
    public long[] values() {
        return values.clone();
    }

    @Override
    public long[] revealed() {
        return revealed.clone();
    }

    @Override
    public List<long[]> kept() {
        return kept.stream().map(long[]::clone).toList();
    }
}
