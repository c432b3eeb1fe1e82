package dev.qasim.config;

import dev.qasim.terms.Encoding;
import java.util.Map;
import java.util.Objects;

/**
 * Term-serial PEs' settings (read when {@code pe.kind} is term-serial), docs/term-revealing.md.
 *
 * @param encoding          how weights are split into terms (and data, unless {@code dataEncoding} says otherwise)
 * @param dataEncoding      how data are split into terms by the encoders at the array's edge
 * @param groupSize         g, 1..{@value #MAX_GROUP}
 * @param groupBudget       k, the weight terms kept per group, or {@code null} for no term revealing
 * @param dataTerms         s, the terms kept per data value, or {@code null} for all of them
 * @param termPairsPerCycle term pairs a PE multiplies per cycle, 1..64
 */
public record TermsConfig(Encoding encoding, Encoding dataEncoding, int groupSize, Integer groupBudget, Integer dataTerms,
                          int termPairsPerCycle) {
    public static final int MAX_GROUP = 1024;
    public static final int MAX_BUDGET = 65536;
    public static final int MAX_DATA_TERMS = 64;

    public TermsConfig {
        Objects.requireNonNull(encoding, "terms.encoding");
        Objects.requireNonNull(dataEncoding, "terms.dataEncoding");
        Check.range("terms.groupSize", groupSize, 1, MAX_GROUP);
        if (groupBudget != null) {
            Check.range("terms.groupBudget", groupBudget, 0, MAX_BUDGET);
        }
        if (dataTerms != null) {
            Check.range("terms.dataTerms", dataTerms, 1, MAX_DATA_TERMS);
        }
        Check.range("terms.termPairsPerCycle", termPairsPerCycle, 1, 64);
    }

    public boolean hasBudget() {
        return groupBudget != null;
    }

    Map<String, Object> toTree() {
        return Tree.of("encoding", encoding, "dataEncoding", dataEncoding, "groupSize", groupSize, "groupBudget", groupBudget,
                "dataTerms", dataTerms, "termPairsPerCycle", termPairsPerCycle);
    }
}
