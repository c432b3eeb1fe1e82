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
        int streamsStarted;
        int foldsDone;
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
            if (acc.policy() == OverflowPolicy.TRAP && (trap == null || OverflowRecord.compareTime(e, trap) < 0)) {
                trap = e; // the first in (cycle, row, column) order, whatever the scan order
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

        /** Whether every fold's last MAC has happened. */
        boolean done() {
            return foldsDone == folds;
        }

        int newestFold() {
            return streamsStarted - 1;
        }

        /** The controller starts the next fold's stream in this cycle. */
        void startStream(long cycle) {
            streamStarts[streamsStarted++] = cycle;
        }

        /** PE(R-1, C-1) has done the last MAC of a fold. */
        void foldFinished(int fold, long cycle) {
            if (fold != foldsDone) {
                throw new IllegalStateException("fold " + fold + " finished out of order at cycle " + cycle);
            }
            foldsDone++;
        }

        abstract void step(long cycle);
    }

    /**
     * Weight stationary (stationary = weights K x N, stream = data rows m) and input stationary (stationary =
     * data columns, K x M; stream = weight columns n). The reduction dimension K runs down the rows.
     */
    private static final class Stationary extends Machine {
        private final boolean ws;
        private final int t;
        // every PE's registers
        private final Registers regs = new Registers(pes);
        // partial-sum buffer: T x C entries, each valid for the fold that wrote it (the next row fold reads it)
        private final long[] psum;
        private final long[] psumExact;
        private final int[] psumFold;
        // controller
        private final long[] preloadStarts;
        private int preloadsStarted;

        Stationary(ArchConfig arch, Lowered layer, Mapping map, EngineOptions options) {
            super(arch, layer, map, options);
            this.ws = map.dataflow() == Dataflow.WS;
            this.t = map.streamed();
            this.preloadStarts = new long[folds];
            this.psum = new long[Math.multiplyExact(t, cols)];
            this.psumExact = new long[psum.length];
            this.psumFold = filled(psum.length);
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
                    startStream(cycle);
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

        /**
         * One clock. Registers are updated in place, PEs scanned from the bottom-right corner back to the
         * top-left, so every PE still reads its left and upper neighbours' values of the previous cycle.
         */
        @Override
        void step(long cycle) {
            controller(cycle);
            Register stream = regs.stream;
            for (int r = rows - 1; r >= 0; r--) {
                // stream element entering row r at its left edge
                int edgeFold = foldAt(cycle - r, streamsStarted);
                int edgeStep = edgeFold < 0 ? 0 : (int) (cycle - r - streamStarts[edgeFold]);
                long edgeVal = edgeFold < 0 ? 0 : streamValue(edgeFold, edgeStep, r);
                for (int c = cols - 1; c >= 0; c--) {
                    int i = r * cols + c;
                    if (c == 0) {
                        stream.set(i, edgeVal, edgeFold, edgeStep);
                    } else {
                        stream.copy(i, stream, i - 1);
                    }
                    if (stream.fold[i] < 0) {
                        regs.psum.fold[i] = -1;
                    } else {
                        compute(i, r, c, cycle, stream.fold[i], stream.step[i], stream.value[i]);
                    }
                    pePipeline(i, r, c, cycle); // after compute: a swap in this cycle reads the old shadow
                }
            }
        }

        /** The preload pipeline of PE i: latch a value meant for this row, pass the others down (step = its row). */
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
                val = regs.pipe.value[up];
                dest = regs.pipe.fold[up] < 0 ? -1 : regs.pipe.step[up];
                fold = regs.pipe.fold[up];
            }
            if (dest == r) {
                regs.shadow.set(i, val, fold, 0);
                regs.pipe.fold[i] = -1; // consumed
            } else {
                regs.pipe.set(i, val, dest < 0 ? -1 : fold, dest);
            }
        }

        private void compute(int i, int r, int c, long cycle, int fold, int step, long streamVal) {
            cycleBusy++;
            long stationary;
            if (regs.active.fold[i] == fold) {
                stationary = regs.active.value[i];
            } else {
                // the first element of a new fold swaps the shadow register in
                if (regs.shadow.fold[i] != fold) {
                    throw new IllegalStateException("preload hazard at PE(" + r + "," + c + ") cycle " + cycle
                            + ": fold " + fold + " arrived before its stationary operand");
                }
                stationary = regs.shadow.value[i];
                regs.active.set(i, stationary, fold, 0);
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
                if (regs.psum.fold[up] != fold || regs.psum.step[up] != step) {
                    throw new IllegalStateException("partial sum out of step at PE(" + r + "," + c + ") cycle " + cycle);
                }
                before = regs.psum.value[up];
                exactBefore = regs.psum.exact[up];
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
            regs.psum.set(i, value, fold, step);
            regs.psum.exact[i] = exact;
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
                foldFinished(fold, cycle);
            }
        }
    }

    /**
     * Output stationary: data rows enter from the left, weight columns from the top, both skewed; PE (r, c)
     * accumulates output (m, n) over K in its own register and hands it to a side port after its last MAC.
     */
    private static final class OutputStationary extends Machine {
        private final int k;
        // data moving right and weights moving down
        private final Register x = new Register(pes);
        private final Register w = new Register(pes);
        private final long[] accum = new long[pes];
        private final long[] exact = new long[pes];
        private final int[] colFold = new int[cols];
        private final int[] colStep = new int[cols];
        private final long[] colVal = new long[cols];

        OutputStationary(ArchConfig arch, Lowered layer, Mapping map, EngineOptions options) {
            super(arch, layer, map, options);
            this.k = map.streamed();
        }

        private void controller(long cycle) {
            if (streamsStarted < folds) {
                int f = streamsStarted;
                boolean ready = f == 0 || (map.overlap() ? cycle >= streamStarts[f - 1] + k : foldsDone >= f);
                if (ready) {
                    startStream(cycle);
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
            for (int r = rows - 1; r >= 0; r--) { // in place, bottom-right first: neighbours still hold last cycle's values
                int f = foldAt(cycle - r, streamsStarted);
                int rowStep = f < 0 ? 0 : (int) (cycle - r - streamStarts[f]);
                long rowVal = 0;
                if (f >= 0) {
                    int m = map.rowFoldOf(f) * rows + r;
                    rowVal = m < map.spatialRows() ? operands(map.groupOf(f)).data(m, rowStep) : 0;
                }
                for (int c = cols - 1; c >= 0; c--) {
                    int i = r * cols + c;
                    if (c == 0) {
                        x.set(i, rowVal, f, rowStep);
                    } else {
                        x.copy(i, x, i - 1);
                    }
                    if (r == 0) {
                        w.set(i, colVal[c], colFold[c], colStep[c]);
                    } else {
                        w.copy(i, w, i - cols);
                    }
                    int fold = x.fold[i];
                    if (fold < 0) {
                        continue;
                    }
                    if (w.fold[i] != fold || w.step[i] != x.step[i]) {
                        throw new IllegalStateException("operands out of step at PE(" + r + "," + c + ") cycle " + cycle);
                    }
                    mac(i, r, c, cycle, fold, x.step[i], x.value[i], w.value[i]);
                }
            }
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
                    foldFinished(fold, cycle);
                }
            }
        }
    }

    /**
     * The registers of a stationary array. Every register carries the fold it belongs to (-1: empty) and,
     * for moving ones, the stream step (the pipeline's step is the row the value is meant for).
     */
    private static final class Registers {
        final Register active;
        final Register shadow;
        final Register pipe;
        final Register stream;
        final Register psum;

        Registers(int pes) {
            active = new Register(pes);
            shadow = new Register(pes);
            pipe = new Register(pes);
            stream = new Register(pes);
            psum = new Register(pes);
        }
    }

    /** One kind of register in every PE: value, exact value (partial sums), fold tag and step. */
    private static final class Register {
        final long[] value;
        final long[] exact;
        final int[] fold;
        final int[] step;

        Register(int pes) {
            value = new long[pes];
            exact = new long[pes];
            fold = filled(pes);
            step = new int[pes];
        }

        void set(int i, long v, int f, int s) {
            value[i] = v;
            fold[i] = f;
            step[i] = s;
        }

        void copy(int i, Register from, int j) {
            value[i] = from.value[j];
            exact[i] = from.exact[j];
            fold[i] = from.fold[j];
            step[i] = from.step[j];
        }
    }

    private static int[] filled(int size) {
        int[] a = new int[size];
        Arrays.fill(a, -1);
        return a;
    }
}
