package dev.qasim.rtl;

import java.util.Map;
import java.util.TreeMap;

/**
 * One module synthesized by Yosys to its generic gate library ({@code synth}, then {@code dffunmap} so every
 * flip-flop is a plain D flip-flop with its enable and reset as gates).
 *
 * @param module      the module and its parameters, as synthesized
 * @param cellsByType cells per Yosys gate type ({@code $_AND_}, {@code $_DFF_P_}, ...)
 * @param transistors Yosys's CMOS transistor estimate ({@code stat -tech cmos}): 4 for a NAND2, 16 for a D flip-flop
 */
public record SynthesisResult(String module, Map<String, Integer> cellsByType, long transistors) {
    /** A NAND2's transistors in Yosys's CMOS estimate: one gate equivalent. */
    public static final int TRANSISTORS_PER_GE = 4;
    /** The area of one gate equivalent at 45 nm, um^2: the Nangate 45 nm Open Cell Library's NAND2_X1. */
    public static final double UM2_PER_GE_45NM = 0.798;

    public SynthesisResult {
        cellsByType = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(cellsByType));
    }

    /** All cells. */
    public int cells() {
        return cellsByType.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** D flip-flops: the register bits. */
    public int flipFlops() {
        return cellsByType.entrySet().stream().filter(e -> e.getKey().startsWith("$_DFF")).mapToInt(Map.Entry::getValue).sum();
    }

    /** Gate equivalents: the transistor estimate over a NAND2's four. */
    public double gateEquivalents() {
        return (double) transistors / TRANSISTORS_PER_GE;
    }

    /** The gate equivalents as area at 45 nm, um^2 (the energy table's node). */
    public double um2At45nm() {
        return gateEquivalents() * UM2_PER_GE_45NM;
    }
}
