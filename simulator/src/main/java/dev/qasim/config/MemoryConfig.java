package dev.qasim.config;

import java.util.Map;

/**
 * On-chip buffers and the DRAM link. Every value is greater than zero; {@link Double#POSITIVE_INFINITY} stands
 * for {@code unlimited}.
 *
 * @param ifmapSramKiB      input feature map (data) buffer, KiB
 * @param filterSramKiB     weight buffer, KiB
 * @param ofmapSramKiB      output / partial-sum buffer, KiB
 * @param dramBytesPerCycle DRAM bandwidth shared by the three buffers, bytes per array clock cycle
 */
public record MemoryConfig(double ifmapSramKiB, double filterSramKiB, double ofmapSramKiB, double dramBytesPerCycle) {
    /**
     * The narrowest DRAM link an architecture file may give: one byte per million cycles. Narrower links would
     * take a layer's stall cycles past 2^62 (the engine counts in 64 bits) long before they model anything real.
     */
    public static final double MIN_DRAM_BYTES_PER_CYCLE = 1e-6;

    public MemoryConfig {
        Check.positive("memory.ifmapSramKiB", ifmapSramKiB);
        Check.positive("memory.filterSramKiB", filterSramKiB);
        Check.positive("memory.ofmapSramKiB", ofmapSramKiB);
        Check.positive("memory.dramBytesPerCycle", dramBytesPerCycle);
        if (dramBytesPerCycle < MIN_DRAM_BYTES_PER_CYCLE) {
            throw new IllegalArgumentException("memory.dramBytesPerCycle must be at least " + MIN_DRAM_BYTES_PER_CYCLE + ", got "
                    + dramBytesPerCycle);
        }
    }

    Map<String, Object> toTree() {
        return Tree.of("ifmapSramKiB", Tree.unlimited(ifmapSramKiB), "filterSramKiB", Tree.unlimited(filterSramKiB),
                "ofmapSramKiB", Tree.unlimited(ofmapSramKiB), "dramBytesPerCycle", Tree.unlimited(dramBytesPerCycle));
    }
}
