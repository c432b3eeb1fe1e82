package dev.qasim.engine;

/**
 * One layer's memory traffic and the cycles it costs (docs/memory-model.md), per operand: each buffer's SRAM traffic,
 * and the DRAM link's.
 *
 * @param prefetchCycles the initial fill of the first fold's inputs, reported apart from {@code cycles}
 * @param stallCycles    cycles the array waits for DRAM, including the final write-back
 * @param ifmap          the ifmap buffer's traffic (the data)
 * @param filter         the filter buffer's traffic (the weights)
 * @param ofmap          the ofmap buffer's traffic (outputs and partial sums)
 * @param dram           bits over the DRAM link, per operand and direction
 * @param dramActivity   when the DRAM link moves each operand (for SCALE-Sim's detailed report; not in qasim's reports)
 */
public record MemoryStats(long prefetchCycles, long stallCycles, SramTraffic ifmap, SramTraffic filter, SramTraffic ofmap,
                          DramTraffic dram, MemoryModel.DramActivity dramActivity) {

    /**
     * Bits moved between one SRAM buffer and the array (reads) or into the buffer (writes: array results and DRAM
     * fills).
     */
    public record SramTraffic(long readBits, long writeBits) {}

    /**
     * Bits moved over the DRAM link.
     *
     * @param dataReadBits    data (ifmap) tiles fetched
     * @param weightReadBits  weight (filter) tiles fetched
     * @param psumReadBits    spilled partial sums read back
     * @param psumWriteBits   partial sums that did not fit the ofmap buffer, written out (to be read back)
     * @param outputWriteBits outputs written, at the data width
     */
    public record DramTraffic(long dataReadBits, long weightReadBits, long psumReadBits, long psumWriteBits,
                              long outputWriteBits) {

        /** All bits over the link. */
        public long bits() {
            return dataReadBits + weightReadBits + psumReadBits + psumWriteBits + outputWriteBits;
        }

        /** Partial-sum bits that did not fit the ofmap buffer, written to DRAM and read back: the partial-sum writes. */
        public long spilledPsumBits() {
            return psumWriteBits;
        }
    }
}
