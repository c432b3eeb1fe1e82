package dev.qasim.engine;

/**
 * One layer's memory traffic and the cycles it costs (docs/memory-model.md). SRAM counts are bits moved
 * between a buffer and the array (reads) or into a buffer (writes: array results and DRAM fills); DRAM counts
 * are bits moved over the DRAM link, per operand.
 *
 * @param prefetchCycles the initial fill of the first fold's inputs, reported apart from {@code cycles}
 * @param stallCycles    cycles the array waits for DRAM, including the final write-back
 * @param spilledPsumBits partial-sum bits that did not fit the ofmap buffer, written to DRAM and read back
 * @param dram           when the DRAM link moves each operand (for SCALE-Sim's detailed report; not in qasim's reports)
 */
public record MemoryStats(long prefetchCycles, long stallCycles,
                          long ifmapReadBits, long ifmapWriteBits, long filterReadBits, long filterWriteBits,
                          long ofmapReadBits, long ofmapWriteBits,
                          long dramDataReadBits, long dramWeightReadBits, long dramPsumReadBits,
                          long dramPsumWriteBits, long dramOutputWriteBits, long spilledPsumBits, MemoryModel.DramActivity dram) {

    /** All bits over the DRAM link. */
    public long dramBits() {
        return dramDataReadBits + dramWeightReadBits + dramPsumReadBits + dramPsumWriteBits + dramOutputWriteBits;
    }
}
