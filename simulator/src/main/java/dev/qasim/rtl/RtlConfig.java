package dev.qasim.rtl;

import dev.qasim.arith.OverflowPolicy;
import dev.qasim.config.ArchConfig;
import dev.qasim.config.Dataflow;
import dev.qasim.config.PeKind;
import dev.qasim.input.Problems;
import dev.qasim.input.Section;
import dev.qasim.terms.Encoding;

/**
 * The parameters of an architecture's RTL, as the generated {@code qasim_top} declares them.
 *
 * @param rows        R, PE rows
 * @param cols        C, PE columns
 * @param lanes       L, MAC lanes per PE
 * @param mulBits     MB, the multiplier's operand width (weights signed, data signed or unsigned per layer)
 * @param accBits     P, the accumulator width
 * @param policy      wrap, saturate or trap
 * @param dataflow    os, ws or is
 * @param overlap     whether folds overlap ({@code array.overlapFolds})
 * @param psumDepth   ws/is: entries of each column's partial-sum buffer (the longest stream T of a layer with
 *                    more than one row fold); 0 for os
 * @param termSerial  term-serial PEs ({@code pe.kind: term-serial}) instead of MAC lanes: their group; null for MAC PEs
 */
public record RtlConfig(int rows, int cols, int lanes, int mulBits, int accBits, OverflowPolicy policy, Dataflow dataflow,
                        boolean overlap, int psumDepth, TermSerial termSerial) {

    /**
     * A term-serial PE's group.
     *
     * @param groupSize   G, the values a PE takes per beat ({@code terms.groupSize})
     * @param groupBudget K, the weight terms kept per group ({@code terms.groupBudget})
     * @param dataTerms   S, the leading data terms kept per value ({@code terms.dataTerms})
     */
    public record TermSerial(int groupSize, int groupBudget, int dataTerms) {}

    /** The deepest partial-sum buffer generated (an unlimited or very large ofmap buffer is cut to this). */
    public static final int MAX_PSUM_DEPTH = 65536;

    public RtlConfig {
        if (policy == OverflowPolicy.WIDEN_REPLAY) {
            throw new IllegalArgumentException("the RTL has no widen-replay");
        }
        if (termSerial != null && (lanes != 1 || policy == OverflowPolicy.TRAP || termSerial.groupSize() < 1
                || termSerial.groupBudget() < 1 || termSerial.dataTerms() < 1)) {
            throw new IllegalArgumentException("a term-serial PE has one lane, wraps or saturates, and G, K and S of at least 1");
        }
    }

    /**
     * The RTL parameters of an architecture.
     *
     * @param source the architecture file as the user named it, for the messages
     * @throws dev.qasim.input.BadInputException one line per setting the RTL generator does not build
     */
    public static RtlConfig of(ArchConfig arch, String source) {
        Problems problems = new Problems();
        PeKind kind = arch.pe().kind();
        boolean term = kind == PeKind.TERM_SERIAL;
        if (kind != PeKind.MAC && !term) {
            problems.add(source, "pe.kind", Section.yamlName(kind), "the RTL generator builds mac and term-serial arrays (the"
                    + " zero-skipping and bit-serial PEs in RTL are not built yet: docs/rtl.md)");
        }
        if (term) {
            checkTermSerial(arch, source, problems);
        }
        if (arch.pe().overflow() == OverflowPolicy.WIDEN_REPLAY) {
            problems.add(source, "pe.overflow", "widen-replay", "the RTL generator builds wrap, saturate and trap; widen-replay"
                    + " re-executes folds with wide accumulators, which the generated array does not have");
        }
        problems.throwIfAny();
        boolean os = arch.array().dataflow() == Dataflow.OS;
        var terms = arch.terms();
        int lanes = term ? 1 : arch.pe().lanes(); // a serial PE has one accumulator
        return new RtlConfig(arch.array().rows(), arch.array().cols(), lanes, arch.pe().multiplierBits(),
                arch.pe().accumulatorBits(), arch.pe().overflow(), arch.array().dataflow(), arch.array().overlapFolds(),
                os ? 0 : psumDepth(arch, lanes), term ? new TermSerial(terms.groupSize(), terms.groupBudget(), terms.dataTerms()) : null);
    }

    /** Whether the PEs are term-serial. */
    public boolean term() {
        return termSerial != null;
    }

    /** Term-serial: G, the values a PE takes per beat; 0 for MAC PEs. */
    public int groupSize() {
        return term() ? termSerial.groupSize() : 0;
    }

    /** Term-serial: K, the weight terms kept per group; 0 for MAC PEs. */
    public int groupBudget() {
        return term() ? termSerial.groupBudget() : 0;
    }

    /** Term-serial: S, the leading data terms kept per value; 0 for MAC PEs. */
    public int dataTerms() {
        return term() ? termSerial.dataTerms() : 0;
    }

    /**
     * What the term-serial RTL builds: arrays of every dataflow with budget-synchronous beats of k s pair cycles
     * (a group budget and a data-term limit), HESE data encoders, one pair a cycle. One line per setting outside that.
     */
    private static void checkTermSerial(ArchConfig arch, String source, Problems problems) {
        var terms = arch.terms();
        if (terms.groupBudget() == null || terms.groupBudget() < 1) {
            problems.add(source, "terms.groupBudget", String.valueOf(terms.groupBudget()), "the RTL's term-serial beats are budget-"
                    + "synchronous (k s pair cycles): it needs a group budget k of at least 1; beats as long as the busiest PE needs are"
                    + " not built yet: docs/rtl.md");
        }
        if (terms.dataTerms() == null) {
            problems.add(source, "terms.dataTerms", "null", "the RTL's term-serial beats are budget-synchronous (k s pair cycles): it"
                    + " needs the data terms s kept per value");
        }
        if (terms.dataEncoding() != Encoding.HESE) {
            problems.add(source, "terms.dataEncoding", Section.yamlName(terms.dataEncoding()), "the RTL's data encoders at the edge"
                    + " are HESE; other data encodings are not built yet: docs/rtl.md");
        }
        if (terms.termPairsPerCycle() != 1) {
            problems.add(source, "terms.termPairsPerCycle", String.valueOf(terms.termPairsPerCycle()), "the RTL's term PE adds one"
                    + " pair a cycle; more pairs a cycle are not built yet: docs/rtl.md");
        }
    }

    /**
     * Entries per column of the partial-sum buffer: the ofmap buffer's bits over the array's column slots of P
     * bits each, at least 1, at most {@link #MAX_PSUM_DEPTH}.
     */
    static int psumDepth(ArchConfig arch, int lanes) {
        double bits = arch.memory().ofmapSramKiB() * 1024 * 8;
        double perEntry = (double) arch.array().cols() * lanes * arch.pe().accumulatorBits();
        double entries = Math.floor(bits / perEntry);
        return (int) Math.max(1, Math.min(MAX_PSUM_DEPTH, entries));
    }

    /** The policy as the RTL's POLICY parameter: 0 wrap, 1 saturate, 2 trap. */
    public int policyCode() {
        return switch (policy) {
            case WRAP -> 0;
            case SATURATE -> 1;
            case TRAP -> 2;
            case WIDEN_REPLAY -> throw new IllegalStateException("no widen-replay in RTL");
        };
    }

    /** Term-serial: bits of an exponent, 0 to MB (the largest term of an MB-bit value is 2^MB). */
    public int exponentBits() {
        return 32 - Integer.numberOfLeadingZeros(mulBits);
    }

    /** Term-serial: bits of a weight's index in its group, ceil(log2 G), at least 1. */
    public int indexBits() {
        return groupSize() > 1 ? 32 - Integer.numberOfLeadingZeros(groupSize() - 1) : 1;
    }

    /** Term-serial: bits of a weight term in a preload vector (valid, negative, exponent, index). */
    public int weightTermBits() {
        return 2 + exponentBits() + indexBits();
    }

    /** Term-serial: pair cycles of a beat, K S (one pair a cycle). */
    public int beatPairCycles() {
        return groupBudget() * dataTerms();
    }

    /** Whether the array preloads a stationary operand (ws, is). */
    public boolean preloads() {
        return dataflow != Dataflow.OS;
    }

    /** Bits of a row index in the preload pipeline: ceil(log2 R), at least 1. */
    public int rowBits() {
        return rows > 1 ? 32 - Integer.numberOfLeadingZeros(rows - 1) : 1;
    }

    /** The dataflow's name in files. */
    public String dataflowName() {
        return Section.yamlName(dataflow);
    }

    /** The policy's name in files. */
    public String policyName() {
        return Section.yamlName(policy);
    }
}
