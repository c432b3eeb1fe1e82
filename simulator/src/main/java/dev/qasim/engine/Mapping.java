package dev.qasim.engine;

import dev.qasim.config.ArchConfig;
import dev.qasim.config.ArrayConfig;
import dev.qasim.config.Dataflow;
import dev.qasim.workload.Layer;
import dev.qasim.workload.MatrixForm;

/**
 * How one layer's matrix form maps onto an R x C array (docs/timing.md), and the fold schedule of the compute
 * model (infinite bandwidth). One dimension is spread over rows (Sr), one over columns (Sc), one is streamed
 * (T); folds run in the order row folds innermost, then column folds, then groups. With L lanes per PE (each
 * with its own multiplier and accumulator), a PE column holds L adjacent column slots: Sc is spread over
 * C * L slots, slot s sitting in PE column s / L, lane s mod L; the stream operand is shared by a PE's lanes.
 *
 * <table>
 *   <caption>Dimensions per dataflow</caption>
 *   <tr><th>dataflow</th><th>Sr</th><th>Sc</th><th>T</th></tr>
 *   <tr><td>os</td><td>M</td><td>N</td><td>K</td></tr>
 *   <tr><td>ws</td><td>K</td><td>N</td><td>M</td></tr>
 *   <tr><td>is</td><td>K</td><td>M</td><td>N</td></tr>
 * </table>
 *
 * <p>Schedule (cycle 0 is the layer's first cycle; docs/timing.md derives it from the register model):
 * a fold's stream starts at S_f; PE (r, c) handles stream step t at cycle S_f + t + r + c; the fold's last
 * MAC is at PE(R-1, C-1) at E_f = S_f + T + R + C - 3. ws/is preload the stationary operand in R cycles
 * before S_f. Parity mode ({@code overlapFolds: false}): os S_f = f (T + R + C - 2); ws/is
 * S_f = f (2R + C + T - 2) + R. Overlapped folds: os S_f = f T; ws/is S_f = R + f max(T, R).
 * computeCycles = E_(F-1) + 1.
 */
public record Mapping(DataflowSchedule schedule, boolean overlap, int rows, int cols, int lanes, int groups,
                      int spatialRows, int spatialCols, int streamed, GroupStarts groupStarts) {

    /** The mapping of a layer's matrix form onto an architecture's array, with its PEs' lanes (MAC PEs). */
    public static Mapping of(ArchConfig arch, MatrixForm form) {
        return of(arch.array(), arch.pe().lanes(), form);
    }

    /** The mapping of a layer onto an architecture, as its PE kind maps it ({@link ProcessingElement#map}). */
    public static Mapping forLayer(ArchConfig arch, Layer layer) {
        return ProcessingElement.of(arch).map(arch.array(), layer);
    }

    /**
     * Where each group of g values starts in K order: g consecutive input channels at one kernel position (conv:
     * Kh Kw ceil(Cin/g) groups), or g consecutive K elements (fc, gemm); a run's last group may be short. Groups
     * never straddle a kernel position.
     */
    public static GroupStarts groupStarts(Layer layer, int g) {
        return GroupStarts.of(layer.matrixForm().k(), SerialPe.runLength(layer), g);
    }

    /** This mapping with its reduction dimension counting the given groups of values (a serial PE's). */
    Mapping withGroups(GroupStarts starts) {
        return new Mapping(schedule, overlap, rows, cols, lanes, groups, spatialRows, spatialCols, streamed, starts);
    }

    /** The dataflow (its name in files and reports). */
    public Dataflow dataflow() {
        return schedule.dataflow();
    }

    /** Whether the reduction dimension counts groups of values (a serial PE's array). */
    public boolean grouped() {
        return groupStarts != null;
    }

    /**
     * Values of the reduction dimension a fold works on: ws/is the rows of the fold (groups of values in a
     * serial array), os the whole dot product.
     */
    public long reductionValues(int fold) {
        if (!schedule.preloads()) {
            return grouped() ? groupStarts.total() : streamed;
        }
        if (!grouped()) {
            return activeRows(fold);
        }
        int first = rowFoldOf(fold) * rows;
        return groupStarts.start(first + activeRows(fold)) - groupStarts.start(first);
    }

    /** The mapping of a layer's matrix form onto an array whose PEs have {@code lanes} lanes. */
    public static Mapping of(ArrayConfig array, int lanes, MatrixForm form) {
        DataflowSchedule s = DataflowSchedule.of(array.dataflow());
        return new Mapping(s, array.overlapFolds(), array.rows(), array.cols(), lanes, form.groups(), s.spatialRows(form),
                s.spatialCols(form), s.streamed(form), null);
    }

    /** Column slots of the array: C * L. */
    public int slots() {
        return cols * lanes;
    }

    /** Row folds: ceil(Sr / R). */
    public int rowFolds() {
        return ceilDiv(spatialRows, rows);
    }

    /** Column folds: ceil(Sc / (C * L)). */
    public int colFolds() {
        return ceilDiv(spatialCols, slots());
    }

    /** All folds of the layer: groups * rowFolds * colFolds. */
    public int folds() {
        return Math.multiplyExact(groups, Math.multiplyExact(rowFolds(), colFolds()));
    }

    /** The fold index of (group, column fold, row fold): row folds innermost. */
    public int foldIndex(int group, int colFold, int rowFold) {
        return (group * colFolds() + colFold) * rowFolds() + rowFold;
    }

    public int groupOf(int fold) {
        return fold / (rowFolds() * colFolds());
    }

    public int colFoldOf(int fold) {
        return (fold / rowFolds()) % colFolds();
    }

    public int rowFoldOf(int fold) {
        return fold % rowFolds();
    }

    /** Rows of the array that hold real work in a fold (the rest hold zeros). */
    public int activeRows(int fold) {
        return Math.min(rows, spatialRows - rowFoldOf(fold) * rows);
    }

    /** Column slots (PE columns times lanes) that hold real work in a fold. */
    public int activeSlots(int fold) {
        return Math.min(slots(), spatialCols - colFoldOf(fold) * slots());
    }

    /** PE columns that hold real work in a fold (at least one lane). */
    public int activeCols(int fold) {
        return ceilDiv(activeSlots(fold), lanes);
    }

    /** Whether the dataflow preloads a stationary operand (ws, is). */
    public boolean preloads() {
        return schedule.preloads();
    }

    /** Cycles between the stream starts of consecutive folds. */
    public long foldPeriod() {
        if (!overlap) {
            return schedule.backToBackFoldCycles(streamed, rows, cols);
        }
        return preloads() ? Math.max(streamed, rows) : streamed;
    }

    /** S_f: the cycle in which fold f's first stream element enters PE(0, 0). */
    public long streamStart(int fold) {
        return (preloads() ? rows : 0) + fold * foldPeriod();
    }

    /** The matrix index of output (m, n) spread over the column slots ({@link DataflowSchedule}). */
    int spreadIndex(int m, int n) {
        return schedule.spreadIndex(m, n);
    }

    /** The matrix index spread over the PE rows at reduction index k (a K index, or a group on serial PEs). */
    int rowIndex(int m, int k) {
        return schedule.rowIndex(m, k);
    }

    /** The matrix index that advances in time within a fold. */
    int stepIndex(int m, int n, int k) {
        return schedule.stepIndex(m, n, k);
    }

    /** S_f of every fold. */
    long[] streamStarts() {
        long[] starts = new long[folds()];
        for (int f = 0; f < starts.length; f++) {
            starts[f] = streamStart(f);
        }
        return starts;
    }

    /**
     * The cycle in which fold f starts loading its stationary operand into the array (ws, is); S_f for os.
     * Overlapped: as soon as the previous fold's stream has started (its shadow registers are then free);
     * parity: the cycle after the previous fold's last MAC, R cycles before S_f.
     */
    public long preloadStart(int fold) {
        if (!preloads()) {
            return streamStart(fold);
        }
        return overlap && fold > 0 ? streamStart(fold - 1) : streamStart(fold) - rows;
    }

    /** E_f: the cycle of fold f's last MAC, at PE(R-1, C-1). */
    public long lastMac(int fold) {
        return streamStart(fold) + streamed + rows + cols - 3;
    }

    /** Cycles the array is busy, filling or draining, with infinite bandwidth. */
    public long computeCycles() {
        return lastMac(folds() - 1) + 1;
    }

    /** The cycle at which PE (row, col) of fold f handles stream step t. */
    public long cycleOf(int fold, int t, int row, int col) {
        return streamStart(fold) + t + row + col;
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
