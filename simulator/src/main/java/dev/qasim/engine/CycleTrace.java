package dev.qasim.engine;

/** Receives the stepped engine's activity, one call per simulated cycle. */
public interface CycleTrace {
    /**
     * @param cycle      the cycle
     * @param activePes  PEs that performed a real MAC in this cycle
     * @param busyPes    PEs that handled an operand (real or a zero of a partial fold)
     * @param overflows  overflow events in this cycle
     * @param fold       the newest fold whose stream has started, or -1 before the first
     */
    void cycle(long cycle, int activePes, int busyPes, int overflows, int fold);

    /**
     * A value at an edge of the array in a cycle, an output leaving it, or an overflow event: what a
     * register-level twin of the array shows at the same place. Called during the cycle, before {@link #cycle}.
     * A serial PE's beat reports its edges, partial sums and outputs in the beat's first pair cycle (after the
     * encoders' fill, when a fold's stream starts) and each overflow event in the cycle of its pair; its operand
     * registers hold a group of g values, reported one call each. The default ignores it.
     *
     * @param cycle the cycle
     * @param edge  which edge or event
     * @param row   the PE row (for {@link Edge#PRELOAD_IN} the row the value is meant for)
     * @param col   the PE column
     * @param lane  the lane (0 for {@link Edge#STREAM_IN}: a PE's lanes share it); for a serial PE's operands the
     *              value's place in its group (0 to g-1)
     * @param value the operand as the layer has it (a serial PE's: the revealed weight or the truncated data value,
     *              0 past a short group's end), the partial sum or output, 0 for an overflow event
     */
    default void edge(long cycle, Edge edge, int row, int col, int lane, long value) {
    }

    /** Where a value crosses the array's boundary. */
    enum Edge {
        /** The stream operand entering PE(row, 0): ws data, is weights, os data. Zeros in idle rows. */
        STREAM_IN,
        /** ws/is: a stationary operand entering the preload pipeline at PE(0, col), meant for {@code row}. */
        PRELOAD_IN,
        /** os: a weight entering PE(0, col) from the top. */
        WEIGHT_IN,
        /** ws/is: the partial sum PE(0, col) adds to (0, or the previous row fold's) when it takes an element. */
        PSUM_IN,
        /** ws/is: the partial sum leaving PE(R-1, col) after it took an element. */
        PSUM_OUT,
        /** A final output leaving PE(row, col): ws/is at the bottom in the last row fold, os at a side port. */
        OUTPUT,
        /** An overflow event of PE(row, col)'s lane. */
        OVERFLOW
    }
}
