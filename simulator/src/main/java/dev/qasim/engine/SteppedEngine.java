package dev.qasim.engine;

import dev.qasim.arith.AccumulatorSpec;
import dev.qasim.arith.MultiplierSpec;
import dev.qasim.arith.OverflowPolicy;
import dev.qasim.arith.Signedness;
import dev.qasim.config.ArchConfig;
import dev.qasim.config.Dataflow;
import dev.qasim.workload.Lowered;
import java.util.Arrays;

/**
 * The ground truth: a literal register-level model of the array, stepped one clock at a time. Every PE holds
 * its operand registers and its partial-sum register; each cycle every PE reads its neighbours' registers of
 * the previous cycle and writes its own. Operands enter skewed at the edges; in ws and is the stationary
 * operand is preloaded through a pipeline down each column into shadow registers and swapped in by the first
 * stream element of its fold; partial sums run down the columns and leave at the bottom; in os each PE
 * accumulates its output and hands it to a side port after its last MAC. A small controller starts preloads and
 * streams by handshakes (overlapped or back to back); cycle counts come out of stepping, not out of a formula.
 * Idle PEs of a partial fold hold zeros, so a fold ends when its wavefront has crossed PE(R-1, C-1).
 *
 * <p>Under the trap policy the cycle in which the first overflow happens completes (all its additions are
 * simultaneous) and the layer stops.
 */
public final class SteppedEngine implements Engine {

    @Override
    public ArrayRun run(ArchConfig arch, Lowered layer, EngineOptions options) {
        Mapping map = Mapping.of(arch.array(), layer.form());
        Machine machine = map.dataflow() == Dataflow.OS ? new OutputStationary(arch, layer, map, options)
                : new Stationary(arch, layer, map, options);
        return machine.simulate();
    }

    /** State and bookkeeping shared by both array organisations. */
    private abstract static class Machine {
        final Mapping map;
        final Lowered layer;
        final int rows;
        final int cols;
        final int pes;
        final AccumulatorSpec acc;
        final MultiplierSpec mul;
        final Signedness dataSign;
        final OverflowLog log;
        final CycleTrace trace;
        final long[] outputs;
        final long[] streamStarts;
        final int folds;
        long macs;
        long overflowedOutputs;
        OverflowRecord trap;
        GroupOperands ops;
        int opsGroup = -1;
        // per-cycle activity
        int cycleMacs;
        int cycleBusy;
        int cycleEvents;

        Machine(ArchConfig arch, Lowered layer, Mapping map, EngineOptions options) {
            this.map = map;
            this.layer = layer;
            this.rows = map.rows();
            this.cols = map.cols();
            this.pes = rows * cols;
            this.acc = arch.pe().accumulator();
            this.mul = arch.pe().multiplier();
            this.dataSign = layer.dataType().signedness();
            this.folds = map.folds();
            this.log = new OverflowLog(options.eventLimit(), layer.form().groups() * layer.form().n());
            this.trace = options.trace();
            this.outputs = new long[Math.toIntExact(layer.form().outputs())];
            this.streamStarts = new long[folds];
            Arrays.fill(streamStarts, -1);
        }

        GroupOperands operands(int group) {
            if (group != opsGroup) {
                ops = new GroupOperands(layer, group);
                opsGroup = group;
            }
            return ops;
        }

        /**
         * One accumulator addition of a real MAC: checks the overflow, applies the policy, logs the event.
         *
         * @return the register's new value
         */
        long add(long before, long product, int fold, int row, int col, long cycle, int g, int m, int n, int k) {
            macs++;
            cycleMacs++;
            if (!acc.overflows(before, product)) {
                return before + product;
            }
            long result = acc.add(before, product);
            OverflowRecord e = new OverflowRecord(fold, row, col, cycle, g, m, n, k, before, product, result);
            log.add(e, g * layer.form().n() + n);
            cycleEvents++;
            if (acc.policy() == OverflowPolicy.TRAP && trap == null) {
                trap = e;
            }
            return result;
        }

        long multiply(long weight, long data) {
            return mul.multiply(weight, Signedness.SIGNED, data, dataSign);
        }

        void output(int g, int m, int n, long value, long exact) {
            outputs[Math.toIntExact(layer.outputIndex(g, m, n))] = value;
            if (value != exact) {
                overflowedOutputs++;
            }
        }

        /** The fold whose stream covers "row-0 time" u, or -1. */
        int foldAt(long u, int started) {
            for (int f = started - 1; f >= 0; f--) {
                if (streamStarts[f] <= u) {
                    return u < streamStarts[f] + map.streamed() ? f : -1;
                }
            }
            return -1;
        }

        ArrayRun simulate() {
            long cycle = 0;
            while (!done()) {
                cycleMacs = 0;
                cycleBusy = 0;
                cycleEvents = 0;
                step(cycle);
                if (trace != null) {
                    trace.cycle(cycle, cycleMacs, cycleBusy, cycleEvents, newestFold());
                }
                cycle++;
                if (trap != null) {
                    break;
                }
            }
            long trappedOutputs = trap == null ? overflowedOutputs : log.events();
            return new ArrayRun(cycle, macs, log.events(), trappedOutputs, log.perChannel(), log.first(), trap,
                    trap == null ? outputs : null, streamStarts.clone());
        }

        abstract boolean done();

        abstract void step(long cycle);

        abstract int newestFold();
    }

    /**
     * Weight stationary (stationary = weights K x N, stream = data rows m) and input stationary (stationary =
     * data columns, K x M; stream = weight columns n). The reduction dimension K runs down the rows.
     */
    private static final class Stationary extends Machine {
        private final boolean ws;
        private final int t;
        // stationary operand: active and shadow registers with the fold they belong to
        private long[] active = new long[pes];
        private int[] activeFold = filled(pes);
        private long[] shadow = new long[pes];
        private int[] shadowFold = filled(pes);
        // preload pipeline down each column: value, destination row (-1: empty), fold
        private long[] pipeVal = new long[pes];
        private int[] pipeRow = filled(pes);
        private int[] pipeFold = filled(pes);
        // stream operand moving right: value, fold (-1: bubble), step
        private long[] dVal = new long[pes];
        private int[] dFold = filled(pes);
        private int[] dStep = new int[pes];
        // partial sums moving down: value, exact value, fold, step
        private long[] pVal = new long[pes];
        private long[] pExact = new long[pes];
        private int[] pFold = filled(pes);
        private int[] pStep = new int[pes];
        // next-cycle copies
        private long[] nActive = new long[pes];
        private int[] nActiveFold = filled(pes);
        private long[] nShadow = new long[pes];
        private int[] nShadowFold = filled(pes);
        private long[] nPipeVal = new long[pes];
        private int[] nPipeRow = filled(pes);
        private int[] nPipeFold = filled(pes);
        private long[] nDVal = new long[pes];
        private int[] nDFold = filled(pes);
        private int[] nDStep = new int[pes];
        private long[] nPVal = new long[pes];
        private long[] nPExact = new long[pes];
        private int[] nPFold = filled(pes);
        private int[] nPStep = new int[pes];
        // partial-sum buffer: T x C entries, each valid for the fold that wrote it (the next row fold reads it)
        private final long[] psum;
        private final long[] psumExact;
        private final int[] psumFold;
        // controller
        private final long[] preloadStarts;
        private int preloadsStarted;
        private int streamsStarted;
        private int foldsDone;

        Stationary(ArchConfig arch, Lowered layer, Mapping map, EngineOptions options) {
            super(arch, layer, map, options);
            this.ws = map.dataflow() == Dataflow.WS;
            this.t = map.streamed();
            this.preloadStarts = new long[folds];
            this.psum = new long[Math.multiplyExact(t, cols)];
            this.psumExact = new long[psum.length];
            this.psumFold = filled(psum.length);
        }

        @Override
        boolean done() {
            return foldsDone == folds;
        }

        @Override
        int newestFold() {
            return streamsStarted - 1;
        }

        private long stationaryValue(int fold, int r, int c) {
            int rg = map.rowFoldOf(fold) * rows + r;
            int cg = map.colFoldOf(fold) * cols + c;
            if (rg >= map.spatialRows() || cg >= map.spatialCols()) {
                return 0; // an idle PE of a partial fold holds zero
            }
            GroupOperands o = operands(map.groupOf(fold));
            return ws ? o.weight(rg, cg) : o.data(cg, rg);
        }

        private long streamValue(int fold, int step, int r) {
            int rg = map.rowFoldOf(fold) * rows + r;
            if (rg >= map.spatialRows()) {
                return 0;
            }
            GroupOperands o = operands(map.groupOf(fold));
            return ws ? o.data(step, rg) : o.weight(rg, step);
        }

        private void controller(long cycle) {
            // stream of the next fold: once its whole preload has entered column 0 and the previous stream ended
            if (streamsStarted < preloadsStarted) {
                int f = streamsStarted;
                boolean weightsIn = cycle >= preloadStarts[f] + rows;
                boolean streamFree = f == 0 || cycle >= streamStarts[f - 1] + t;
                if (weightsIn && streamFree) {
                    streamStarts[f] = cycle;
                    streamsStarted++;
                }
            }
            // preload of the next fold: at once for fold 0; as soon as the previous fold's stream has started
            // (overlapped: its shadow registers are free) or after the previous fold's last MAC (parity)
            if (preloadsStarted < folds) {
                int f = preloadsStarted;
                boolean ready = f == 0 || (map.overlap() ? streamsStarted >= f : foldsDone >= f);
                if (ready) {
                    preloadStarts[f] = cycle;
                    preloadsStarted++;
                }
            }
        }

        @Override
        void step(long cycle) {
            controller(cycle);
            for (int r = 0; r < rows; r++) {
                // stream element entering row r at its left edge
                int edgeFold = foldAt(cycle - r, streamsStarted);
                int edgeStep = edgeFold < 0 ? 0 : (int) (cycle - r - streamStarts[edgeFold]);
                long edgeVal = edgeFold < 0 ? 0 : streamValue(edgeFold, edgeStep, r);
                for (int c = 0; c < cols; c++) {
                    int i = r * cols + c;
                    pePipeline(i, r, c, cycle);
                    int inFold;
                    int inStep;
                    long inVal;
                    if (c == 0) {
                        inFold = edgeFold;
                        inStep = edgeStep;
                        inVal = edgeVal;
                    } else {
                        inFold = dFold[i - 1];
                        inStep = dStep[i - 1];
                        inVal = dVal[i - 1];
                    }
                    nDFold[i] = inFold;
                    nDStep[i] = inStep;
                    nDVal[i] = inVal;
                    if (inFold < 0) {
                        nActive[i] = active[i];
                        nActiveFold[i] = activeFold[i];
                        nPFold[i] = -1;
                        continue;
                    }
                    compute(i, r, c, cycle, inFold, inStep, inVal);
                }
            }
            swapRegisters();
        }

        /** The preload pipeline of PE i: latch a value meant for this row, pass the others down. */
        private void pePipeline(int i, int r, int c, long cycle) {
            long val;
            int dest;
            int fold;
            if (r == 0) {
                // the controller feeds fold f's stationary rows deepest first: entry e (row R-1-e) enters
                // column c at preloadStart + e + c
                fold = -1;
                dest = -1;
                val = 0;
                for (int f = preloadsStarted - 1; f >= 0; f--) {
                    long e = cycle - c - preloadStarts[f];
                    if (e >= 0) {
                        if (e < rows) {
                            fold = f;
                            dest = rows - 1 - (int) e;
                            val = stationaryValue(f, dest, c);
                        }
                        break;
                    }
                }
            } else {
                int up = i - cols;
                val = pipeVal[up];
                dest = pipeRow[up];
                fold = pipeFold[up];
            }
            if (dest == r) {
                nShadow[i] = val;
                nShadowFold[i] = fold;
                nPipeRow[i] = -1;
            } else {
                nShadow[i] = shadow[i];
                nShadowFold[i] = shadowFold[i];
                nPipeVal[i] = val;
                nPipeRow[i] = dest;
                nPipeFold[i] = fold;
            }
        }

        private void compute(int i, int r, int c, long cycle, int fold, int step, long streamVal) {
            cycleBusy++;
            long stationary;
            if (activeFold[i] == fold) {
                stationary = active[i];
                nActive[i] = active[i];
                nActiveFold[i] = fold;
            } else {
                // the first element of a new fold swaps the shadow registers in
                if (shadowFold[i] != fold) {
                    throw new IllegalStateException("preload hazard at PE(" + r + "," + c + ") cycle " + cycle
                            + ": fold " + fold + " arrived before its stationary operand");
                }
                stationary = shadow[i];
                nActive[i] = shadow[i];
                nActiveFold[i] = fold;
            }
            int rg = map.rowFoldOf(fold) * rows + r;
            int cg = map.colFoldOf(fold) * cols + c;
            long before;
            long exactBefore;
            if (r == 0) {
                if (map.rowFoldOf(fold) == 0 || cg >= map.spatialCols()) { // an idle column starts from zero
                    before = 0;
                    exactBefore = 0;
                } else {
                    int b = step * cols + c;
                    if (psumFold[b] != fold - 1) {
                        throw new IllegalStateException("partial sum of fold " + (fold - 1) + " not ready for fold "
                                + fold + " at column " + c + ", step " + step + ", cycle " + cycle);
                    }
                    before = psum[b];
                    exactBefore = psumExact[b];
                }
            } else {
                int up = i - cols;
                if (pFold[up] != fold || pStep[up] != step) {
                    throw new IllegalStateException("partial sum out of step at PE(" + r + "," + c + ") cycle " + cycle);
                }
                before = pVal[up];
                exactBefore = pExact[up];
            }
            long value = before;
            long exact = exactBefore;
            if (rg < map.spatialRows() && cg < map.spatialCols()) {
                long product = ws ? multiply(stationary, streamVal) : multiply(streamVal, stationary);
                int g = map.groupOf(fold);
                int m = ws ? step : cg;
                int n = ws ? cg : step;
                value = add(before, product, fold, r, c, cycle, g, m, n, rg);
                exact = exactBefore + product;
            }
            nPVal[i] = value;
            nPExact[i] = exact;
            nPFold[i] = fold;
            nPStep[i] = step;
            if (r == rows - 1) {
                leaveBottom(fold, step, c, cg, value, exact, cycle);
            }
        }

        /** A partial sum leaves the bottom of column c: into the buffer, or out as a final output. */
        private void leaveBottom(int fold, int step, int c, int cg, long value, long exact, long cycle) {
            if (cg < map.spatialCols()) {
                if (map.rowFoldOf(fold) == map.rowFolds() - 1) {
                    int g = map.groupOf(fold);
                    output(g, ws ? step : cg, ws ? cg : step, value, exact);
                } else {
                    int b = step * cols + c;
                    psum[b] = value;
                    psumExact[b] = exact;
                    psumFold[b] = fold;
                }
            }
            if (c == cols - 1 && step == t - 1) {
                if (fold != foldsDone) {
                    throw new IllegalStateException("fold " + fold + " finished out of order at cycle " + cycle);
                }
                foldsDone++;
            }
        }

        private void swapRegisters() {
            long[] l;
            int[] x;
            l = active; active = nActive; nActive = l;
            x = activeFold; activeFold = nActiveFold; nActiveFold = x;
            l = shadow; shadow = nShadow; nShadow = l;
            x = shadowFold; shadowFold = nShadowFold; nShadowFold = x;
            l = pipeVal; pipeVal = nPipeVal; nPipeVal = l;
            x = pipeRow; pipeRow = nPipeRow; nPipeRow = x;
            x = pipeFold; pipeFold = nPipeFold; nPipeFold = x;
            l = dVal; dVal = nDVal; nDVal = l;
            x = dFold; dFold = nDFold; nDFold = x;
            x = dStep; dStep = nDStep; nDStep = x;
            l = pVal; pVal = nPVal; nPVal = l;
            l = pExact; pExact = nPExact; nPExact = l;
            x = pFold; pFold = nPFold; nPFold = x;
            x = pStep; pStep = nPStep; nPStep = x;
        }
    }

    /**
     * Output stationary: data rows enter from the left, weight columns from the top, both skewed; PE (r, c)
     * accumulates output (m, n) over K in its own register and hands it to a side port after its last MAC.
     */
    private static final class OutputStationary extends Machine {
        private final int k;
        private long[] xVal = new long[pes];
        private int[] xFold = filled(pes);
        private int[] xStep = new int[pes];
        private long[] wVal = new long[pes];
        private int[] wFold = filled(pes);
        private int[] wStep = new int[pes];
        private long[] nXVal = new long[pes];
        private int[] nXFold = filled(pes);
        private int[] nXStep = new int[pes];
        private long[] nWVal = new long[pes];
        private int[] nWFold = filled(pes);
        private int[] nWStep = new int[pes];
        private final long[] accum = new long[pes];
        private final long[] exact = new long[pes];
        private final int[] colFold = new int[cols];
        private final int[] colStep = new int[cols];
        private final long[] colVal = new long[cols];
        private int streamsStarted;
        private int foldsDone;

        OutputStationary(ArchConfig arch, Lowered layer, Mapping map, EngineOptions options) {
            super(arch, layer, map, options);
            this.k = map.streamed();
        }

        @Override
        boolean done() {
            return foldsDone == folds;
        }

        @Override
        int newestFold() {
            return streamsStarted - 1;
        }

        private void controller(long cycle) {
            if (streamsStarted < folds) {
                int f = streamsStarted;
                boolean ready = f == 0 || (map.overlap() ? cycle >= streamStarts[f - 1] + k : foldsDone >= f);
                if (ready) {
                    streamStarts[f] = cycle;
                    streamsStarted++;
                }
            }
        }

        @Override
        void step(long cycle) {
            controller(cycle);
            for (int c = 0; c < cols; c++) {
                int f = foldAt(cycle - c, streamsStarted);
                colFold[c] = f;
                if (f >= 0) {
                    int kk = (int) (cycle - c - streamStarts[f]);
                    colStep[c] = kk;
                    int n = map.colFoldOf(f) * cols + c;
                    colVal[c] = n < map.spatialCols() ? operands(map.groupOf(f)).weight(kk, n) : 0;
                }
            }
            for (int r = 0; r < rows; r++) {
                int f = foldAt(cycle - r, streamsStarted);
                int rowStep = f < 0 ? 0 : (int) (cycle - r - streamStarts[f]);
                long rowVal = 0;
                if (f >= 0) {
                    int m = map.rowFoldOf(f) * rows + r;
                    rowVal = m < map.spatialRows() ? operands(map.groupOf(f)).data(m, rowStep) : 0;
                }
                for (int c = 0; c < cols; c++) {
                    int i = r * cols + c;
                    int xf = c == 0 ? f : xFold[i - 1];
                    int xs = c == 0 ? rowStep : xStep[i - 1];
                    long xv = c == 0 ? rowVal : xVal[i - 1];
                    int wf = r == 0 ? colFold[c] : wFold[i - cols];
                    int wsStep = r == 0 ? colStep[c] : wStep[i - cols];
                    long wv = r == 0 ? colVal[c] : wVal[i - cols];
                    nXFold[i] = xf;
                    nXStep[i] = xs;
                    nXVal[i] = xv;
                    nWFold[i] = wf;
                    nWStep[i] = wsStep;
                    nWVal[i] = wv;
                    if (xf < 0) {
                        continue;
                    }
                    if (wf != xf || wsStep != xs) {
                        throw new IllegalStateException("operands out of step at PE(" + r + "," + c + ") cycle " + cycle);
                    }
                    mac(i, r, c, cycle, xf, xs, xv, wv);
                }
            }
            long[] l;
            int[] x;
            l = xVal; xVal = nXVal; nXVal = l;
            x = xFold; xFold = nXFold; nXFold = x;
            x = xStep; xStep = nXStep; nXStep = x;
            l = wVal; wVal = nWVal; nWVal = l;
            x = wFold; wFold = nWFold; nWFold = x;
            x = wStep; wStep = nWStep; nWStep = x;
        }

        private void mac(int i, int r, int c, long cycle, int fold, int kk, long x, long w) {
            cycleBusy++;
            if (kk == 0) {
                accum[i] = 0; // a new output starts; the previous one left on the side port
                exact[i] = 0;
            }
            int m = map.rowFoldOf(fold) * rows + r;
            int n = map.colFoldOf(fold) * cols + c;
            boolean real = m < map.spatialRows() && n < map.spatialCols();
            int g = map.groupOf(fold);
            if (real) {
                long product = multiply(w, x);
                accum[i] = add(accum[i], product, fold, r, c, cycle, g, m, n, kk);
                exact[i] += product;
            }
            if (kk == k - 1) {
                if (real) {
                    output(g, m, n, accum[i], exact[i]);
                }
                if (r == rows - 1 && c == cols - 1) {
                    if (fold != foldsDone) {
                        throw new IllegalStateException("fold " + fold + " finished out of order at cycle " + cycle);
                    }
                    foldsDone++;
                }
            }
        }
    }

    private static int[] filled(int size) {
        int[] a = new int[size];
        Arrays.fill(a, -1);
        return a;
    }
}
