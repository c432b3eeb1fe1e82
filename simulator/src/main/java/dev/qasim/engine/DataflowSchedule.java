package dev.qasim.engine;

import dev.qasim.config.Dataflow;
import dev.qasim.workload.MatrixForm;

/**
 * How a dataflow places a layer's matrix form (data M x K times weights K x N) on an R x C array: which matrix
 * index is spread over the PE rows (Sr), which over the column slots (Sc), which advances in time within a fold
 * (T), which operand (if any) stays in the PEs, and the cycles of one fold. One class per dataflow; {@link #of}
 * is the registration. Everything else (the fold order, the stream starts, overlap) is shared and lives in
 * {@link Mapping}.
 */
public abstract sealed class DataflowSchedule
        permits DataflowSchedule.OutputStationary, DataflowSchedule.WeightStationary, DataflowSchedule.InputStationary {

    private static final DataflowSchedule OS = new OutputStationary();
    private static final DataflowSchedule WS = new WeightStationary();
    private static final DataflowSchedule IS = new InputStationary();

    /** The schedule of a dataflow. */
    public static DataflowSchedule of(Dataflow dataflow) {
        return switch (dataflow) {
            case OS -> OS;
            case WS -> WS;
            case IS -> IS;
        };
    }

    /** The dataflow this schedule implements (its name in files and reports). */
    public abstract Dataflow dataflow();

    /** Sr: the size of the dimension spread over the PE rows. */
    public abstract int spatialRows(MatrixForm form);

    /** Sc: the size of the dimension spread over the column slots. */
    public abstract int spatialCols(MatrixForm form);

    /** T: the size of the dimension streamed in time within a fold. */
    public abstract int streamed(MatrixForm form);

    /** The matrix index of output (m, n) spread over the column slots. */
    abstract int spreadIndex(int m, int n);

    /** The matrix index spread over the PE rows at reduction index k (a K index, or a term group). */
    abstract int rowIndex(int m, int k);

    /** The matrix index that advances in time within a fold. */
    abstract int stepIndex(int m, int n, int k);

    /** m of the work at (spread index, row index, step). */
    abstract int m(int spread, int row, int step);

    /** n of the work at (spread index, row index, step). */
    abstract int n(int spread, int row, int step);

    /**
     * Whether a stationary operand is preloaded through the array before each fold's stream (ws, is); the
     * reduction then runs down the PE rows and partial sums leave every fold at the bottom of the columns.
     * Without one (os), each PE accumulates its outputs over the whole reduction in place.
     */
    public abstract boolean preloads();

    /** Whether the weights are the stationary operand (ws); else the data are (is), or nothing is (os). */
    public abstract boolean weightsStationary();

    /**
     * Cycles of one fold run back to back (SCALE-Sim v2's count): T + R + C - 2, plus R for the preload of a
     * stationary operand.
     */
    public long backToBackFoldCycles(long streamed, int rows, int cols) {
        return streamed + rows + cols - 2 + (preloads() ? rows : 0);
    }

    @Override
    public String toString() {
        return dataflow().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Output stationary: M over the rows, N over the columns, K streamed; nothing preloaded. */
    static final class OutputStationary extends DataflowSchedule {
        @Override
        public Dataflow dataflow() {
            return Dataflow.OS;
        }

        @Override
        public int spatialRows(MatrixForm form) {
            return form.m();
        }

        @Override
        public int spatialCols(MatrixForm form) {
            return form.n();
        }

        @Override
        public int streamed(MatrixForm form) {
            return form.k();
        }

        @Override
        int spreadIndex(int m, int n) {
            return n;
        }

        @Override
        int rowIndex(int m, int k) {
            return m;
        }

        @Override
        int stepIndex(int m, int n, int k) {
            return k;
        }

        @Override
        int m(int spread, int row, int step) {
            return row;
        }

        @Override
        int n(int spread, int row, int step) {
            return spread;
        }

        @Override
        public boolean preloads() {
            return false;
        }

        @Override
        public boolean weightsStationary() {
            return false;
        }
    }

    /** Weight stationary: K over the rows, N over the columns, M streamed; weights preloaded. */
    static final class WeightStationary extends DataflowSchedule {
        @Override
        public Dataflow dataflow() {
            return Dataflow.WS;
        }

        @Override
        public int spatialRows(MatrixForm form) {
            return form.k();
        }

        @Override
        public int spatialCols(MatrixForm form) {
            return form.n();
        }

        @Override
        public int streamed(MatrixForm form) {
            return form.m();
        }

        @Override
        int spreadIndex(int m, int n) {
            return n;
        }

        @Override
        int rowIndex(int m, int k) {
            return k;
        }

        @Override
        int stepIndex(int m, int n, int k) {
            return m;
        }

        @Override
        int m(int spread, int row, int step) {
            return step;
        }

        @Override
        int n(int spread, int row, int step) {
            return spread;
        }

        @Override
        public boolean preloads() {
            return true;
        }

        @Override
        public boolean weightsStationary() {
            return true;
        }
    }

    /** Input stationary: K over the rows, M over the columns, N streamed; data preloaded. */
    static final class InputStationary extends DataflowSchedule {
        @Override
        public Dataflow dataflow() {
            return Dataflow.IS;
        }

        @Override
        public int spatialRows(MatrixForm form) {
            return form.k();
        }

        @Override
        public int spatialCols(MatrixForm form) {
            return form.m();
        }

        @Override
        public int streamed(MatrixForm form) {
            return form.n();
        }

        @Override
        int spreadIndex(int m, int n) {
            return m;
        }

        @Override
        int rowIndex(int m, int k) {
            return k;
        }

        @Override
        int stepIndex(int m, int n, int k) {
            return n;
        }

        @Override
        int m(int spread, int row, int step) {
            return spread;
        }

        @Override
        int n(int spread, int row, int step) {
            return step;
        }

        @Override
        public boolean preloads() {
            return true;
        }

        @Override
        public boolean weightsStationary() {
            return false;
        }
    }
}
