package dev.qasim.config;

/**
 * Which operand stays in the PEs while the other streams through (docs/timing.md). Matrix form: data (M x K) times
 * weights (K x N).
 */
public enum Dataflow {
    /** Output stationary: M over rows, N over columns, K streamed. */
    OS,
    /** Weight stationary: K over rows, N over columns, M streamed. */
    WS,
    /** Input stationary: K over rows, M over columns, N streamed. */
    IS
}
