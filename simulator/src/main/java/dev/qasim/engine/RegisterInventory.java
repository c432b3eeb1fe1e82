package dev.qasim.engine;

/**
 * The registers of one PE, in bits, by role: written once here and used by the stepped model (which counts
 * every write), the closed-form count of the fast engine ({@link RegisterTraffic}) and the area estimate. The
 * dataflow says which operand streams and which stays (a {@link DataflowSchedule}); the PE kind says how many
 * values an operand register holds (one for a MAC lane, a group of g for a serial PE) and how many lanes the PE
 * has.
 * <ul>
 *   <li>ws / is: a stream register (shared by the lanes), per lane an active, a shadow and a preload-pipeline
 *   register of the stationary operand and a partial sum;</li>
 *   <li>os: a data register moving right (shared by the lanes), per lane a weight register moving down and an
 *   accumulator.</li>
 * </ul>
 *
 * @param preloads       whether the dataflow has a stationary operand (ws, is)
 * @param lanes          lanes per PE
 * @param streamBits     ws/is: the stream register; os: the data register
 * @param stationaryBits ws/is: one lane's stationary register (each of active, shadow, pipeline); os: one lane's
 *                       weight register
 * @param accumulatorBits one lane's partial sum or accumulator
 */
public record RegisterInventory(boolean preloads, int lanes, long streamBits, long stationaryBits, int accumulatorBits) {

    /**
     * The registers of a PE holding {@code values} operand values per register and lane, under a dataflow.
     *
     * @param values values an operand register holds (1 for a MAC, g for a serial PE)
     */
    static RegisterInventory of(DataflowSchedule schedule, int lanes, int values, int weightBits, int dataBits,
                                int accumulatorBits) {
        long w = (long) values * weightBits;
        long x = (long) values * dataBits;
        if (!schedule.preloads()) {
            return new RegisterInventory(false, lanes, x, w, accumulatorBits);
        }
        boolean ws = schedule.weightsStationary();
        return new RegisterInventory(true, lanes, ws ? x : w, ws ? w : x, accumulatorBits);
    }

    /** Bits written into one PE by one stream step: the stream (or data) register and every lane's registers. */
    public long bitsPerStep() {
        return preloads ? streamBits + (long) lanes * accumulatorBits
                : streamBits + (long) lanes * (stationaryBits + accumulatorBits);
    }

    /** The stationary operand's bits over all lanes: one shadow latch, one pipeline hop or one swap. */
    public long stationaryBitsAllLanes() {
        return preloads ? lanes * stationaryBits : 0;
    }

    /** Every register bit one PE holds (for its area). */
    public long bitsPerPe() {
        return preloads ? streamBits + lanes * (3 * stationaryBits + accumulatorBits)
                : streamBits + lanes * (stationaryBits + accumulatorBits);
    }
}
