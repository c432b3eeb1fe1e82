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

    public MemoryConfig {
        Check.positive("memory.ifmapSramKiB", ifmapSramKiB);
        Check.positive("memory.filterSramKiB", filterSramKiB);
        Check.positive("memory.ofmapSramKiB", ofmapSramKiB);
        Check.positive("memory.dramBytesPerCycle", dramBytesPerCycle);
    }

    Map<String, Object> toTree() {
        return Tree.of("ifmapSramKiB", Tree.unlimited(ifmapSramKiB), "filterSramKiB", Tree.unlimited(filterSramKiB),
                "ofmapSramKiB", Tree.unlimited(ofmapSramKiB), "dramBytesPerCycle", Tree.unlimited(dramBytesPerCycle));
    }
}
