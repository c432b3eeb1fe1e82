package dev.qasim.rtl;

import dev.qasim.arith.OverflowPolicy;
import dev.qasim.config.ArchConfig;
import dev.qasim.config.Dataflow;
import dev.qasim.config.PeKind;
import dev.qasim.input.Problems;
import dev.qasim.input.Section;

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
 */
public record RtlConfig(int rows, int cols, int lanes, int mulBits, int accBits, OverflowPolicy policy, Dataflow dataflow,
                        boolean overlap, int psumDepth) {

    /** The deepest partial-sum buffer generated (an unlimited or very large ofmap buffer is cut to this). */
    public static final int MAX_PSUM_DEPTH = 65536;

    public RtlConfig {
        if (policy == OverflowPolicy.WIDEN_REPLAY) {
            throw new IllegalArgumentException("the RTL has no widen-replay");
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
        if (arch.pe().kind() != PeKind.MAC) {
            problems.add(source, "pe.kind", Section.yamlName(arch.pe().kind()), "the RTL generator builds mac arrays only (serial PEs in RTL"
                    + " are not built yet: docs/rtl.md)");
        }
        if (arch.pe().overflow() == OverflowPolicy.WIDEN_REPLAY) {
            problems.add(source, "pe.overflow", "widen-replay", "the RTL generator builds wrap, saturate and trap; widen-replay"
                    + " re-executes folds with wide accumulators, which the generated array does not have");
        }
        problems.throwIfAny();
        boolean os = arch.array().dataflow() == Dataflow.OS;
        return new RtlConfig(arch.array().rows(), arch.array().cols(), arch.pe().lanes(), arch.pe().multiplierBits(),
                arch.pe().accumulatorBits(), arch.pe().overflow(), arch.array().dataflow(), arch.array().overlapFolds(),
                os ? 0 : psumDepth(arch));
    }

    /**
     * Entries per column of the partial-sum buffer: the ofmap buffer's bits over the array's column slots of P
     * bits each, at least 1, at most {@link #MAX_PSUM_DEPTH}.
     */
    static int psumDepth(ArchConfig arch) {
        double bits = arch.memory().ofmapSramKiB() * 1024 * 8;
        double perEntry = (double) arch.array().cols() * arch.pe().lanes() * arch.pe().accumulatorBits();
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
