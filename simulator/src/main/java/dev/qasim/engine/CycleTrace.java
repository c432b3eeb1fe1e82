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
}
