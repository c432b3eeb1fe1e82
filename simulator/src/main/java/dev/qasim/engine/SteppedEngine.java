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
 * its operand registers and its partial-sum registers, one per lane; each cycle every PE reads its neighbours'
 * registers of the previous cycle and writes its own. Operands enter skewed at the edges; in ws and is the
 * stationary operand is preloaded through a pipeline down each column into shadow registers and swapped in by
 * the first stream element of its fold; partial sums run down the columns and leave at the bottom; in os each
 * PE accumulates its outputs and hands them to a side port after its last MAC. A PE's lanes share the stream
 * operand and each hold their own stationary operand (or weight) and accumulator. A small controller starts
 * preloads and streams by handshakes (overlapped or back to back); cycle counts come out of stepping, not out
 * of a formula. Idle PEs and lanes of a partial fold hold zeros, so a fold ends when its wavefront has crossed
 * PE(R-1, C-1).
 *
 * <p>Term-serial PEs (timing.md) take the same systolic motion, one beat at a time: in a beat every PE works
 * through the term pairs of its group (its g weight-data pairs' terms), termPairsPerCycle per cycle, adding each
 * shifted pair into its accumulator in a fixed order (value by value in K order, weight terms then data terms,
 * most significant first); the beat lasts ceil(k s / termPairsPerCycle) cycles with a group budget, or as long
 * as the busiest PE needs (at least one cycle) without; the beat in which a fold's stream starts waits
 * {@link #ENCODER_LATENCY_CYCLES} more for the data encoders at the edge.
 *
 * <p>Under the trap policy the cycle in which the first overflow happens completes (all its additions are
 * simultaneous) and the layer stops.
 */
public final class SteppedEngine implements Engine {
    /** Pipeline latency of the data encoders at a term-serial array's edge, paid once per fold (cycles). */
    public static final int ENCODER_LATENCY_CYCLES = 2;

    @Override
    public ArrayRun run(ArchConfig arch, Lowered layer, EngineOptions options) {
        Mapping map = Mapping.forLayer(arch, layer.layer());
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
        final int lanes;
        final int slots;
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
        long registerBits;
        long minPartialSum;
        long maxPartialSum;
        final boolean widenReplay;
        final boolean[] foldOverflowed;
        // term-serial PEs: their operands, and the beat being stepped
        final TermOperands terms;
        final int pairsPerCycle;
        GroupOperands termIndex;
        int termIndexGroup = -1;
        long beatBase;
        long beatSteps;
        boolean foldStartedThisBeat;
        long termPairs;
        long termSlots;
        long overflowedOutputs;
        OverflowRecord trap;
        int streamsStarted;
        int foldsDone;
        GroupOperands ops;
        int opsGroup = -1;
        // per-cycle activity
        int cycleMacs;
        int cycleBusy;
        int cycleBusyReal;
        int cycleEvents;

        Machine(ArchConfig arch, Lowered layer, Mapping map, EngineOptions options) {
            this.map = map;
            this.layer = layer;
            this.rows = map.rows();
            this.cols = map.cols();
            this.lanes = map.lanes();
            this.slots = map.slots();
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
            this.widenReplay = arch.pe().overflow() == OverflowPolicy.WIDEN_REPLAY;
            this.foldOverflowed = new boolean[folds];
            this.terms = map.grouped() ? new TermOperands(layer, arch.terms()) : null;
            this.pairsPerCycle = arch.terms().termPairsPerCycle();
        }

        /** The lowered tensor indices of a group's operands (term-serial PEs look up their terms by them). */
        GroupOperands termIndex(int group) {
            if (group != termIndexGroup) {
                termIndex = new GroupOperands(terms.indices, group);
                termIndexGroup = group;
            }
            return termIndex;
        }

        /**
         * A term-serial PE's group step: the term pairs of values K = groupStart[row] .. groupStart[row + 1] of
         * output (m, n), added one by one into {@code before}; returns the new value and records the step's pairs.
         *
         * @param exact the exact value before, updated in {@code exactOut[0]}
         */
        long termGroup(long before, long exact, long[] exactOut, int fold, int r, int c, int g, int m, int n, int row) {
            GroupOperands idx = termIndex(g);
            int pair = 0;
            long value = before;
            for (int kk = terms.groupStart[row]; kk < terms.groupStart[row + 1]; kk++) {
                dev.qasim.terms.Terms wt = terms.weightTerms(idx.weight(kk, n));
                int xi = idx.data(m, kk);
                if (xi == 0) {
                    continue; // padding: no terms
                }
                dev.qasim.terms.Terms xt = terms.dataTerms(xi - 1);
                for (int a = 0; a < wt.size(); a++) {
                    for (int b = 0; b < xt.size(); b++) {
                        long addend = (wt.negative(a) != xt.negative(b) ? -1L : 1L) << (wt.exponent(a) + xt.exponent(b));
                        value = add(value, addend, fold, r, c, 0, beatBase + pair / pairsPerCycle, g, m, n, kk, pair);
                        exact += addend;
                        pair++;
                    }
                }
            }
            macs += terms.groupStart[row + 1] - terms.groupStart[row]; // a group step is g MACs (padding included)
            cycleMacs++;
            cycleBusyReal++;
            termPairs += pair;
            beatSteps = Math.max(beatSteps, (pair + pairsPerCycle - 1) / pairsPerCycle);
            exactOut[0] = exact;
            return value;
        }

        GroupOperands operands(int group) {
            if (group != opsGroup) {
                ops = new GroupOperands(layer, group);
                opsGroup = group;
            }
            return ops;
        }

        /** The column slot of the matrix form that lane l of PE column c works on in a fold. */
        int slotOf(int fold, int c, int l) {
            return map.colFoldOf(fold) * slots + c * lanes + l;
        }

        /**
         * One accumulator addition of a real MAC: checks the overflow, applies the policy, logs the event.
         *
         * @return the register's new value
         */
        long add(long before, long product, int fold, int row, int col, int lane, long cycle, int g, int m, int n, int k,
                 int term) {
            if (!acc.overflows(before, product)) {
                return before + product;
            }
            long result = acc.add(before, product);
            OverflowRecord e = new OverflowRecord(fold, row, col, lane, cycle, g, m, n, k, term, before, product, result);
            log.add(e, g * layer.form().n() + n);
            cycleEvents++;
            foldOverflowed[fold] = true;
            if (acc.policy() == OverflowPolicy.TRAP && (trap == null || OverflowRecord.compareTime(e, trap) < 0)) {
                trap = e; // the first in (cycle, row, column, lane) order, whatever the scan order
            }
            return result;
        }

        /** Records an exact prefix sum (for the observed partial-sum range). */
        void observe(long exactPrefix) {
            minPartialSum = Math.min(minPartialSum, exactPrefix);
            maxPartialSum = Math.max(maxPartialSum, exactPrefix);
        }

        long multiply(long weight, long data) {
            return mul.multiply(weight, Signedness.SIGNED, data, dataSign);
        }

        /** A final output leaves the array; under widen-replay its replay (if any) leaves the exact value. */
        void output(int g, int m, int n, long value, long exact) {
            long v = widenReplay ? exact : value;
            outputs[Math.toIntExact(layer.outputIndex(g, m, n))] = v;
            if (v != exact) {
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

        /** Whether every fold's last MAC has happened. */
        boolean done() {
            return foldsDone == folds;
        }

        /** The controller starts the next fold's stream in this beat. */
        void startStream(long beat) {
            streamStarts[streamsStarted++] = beat;
            foldStartedThisBeat = true;
            if (terms != null) {
                beatBase += ENCODER_LATENCY_CYCLES; // the beat's term pairs wait for the edge encoders
            }
        }

        /** PE(R-1, C-1) has done the last MAC of a fold. */
        void foldFinished(int fold, long cycle) {
            if (fold != foldsDone) {
                throw new IllegalStateException("fold " + fold + " finished out of order at cycle " + cycle);
            }
            foldsDone++;
        }

        /**
         * Steps the array beat by beat until every fold's last MAC is done. A MAC array's beat is one cycle; a
         * term-serial array's lasts as its PEs' term pairs need (see the class comment).
         */
        ArrayRun simulate() {
            long beat = 0;
            long cycle = 0;
            while (!done()) {
                cycleMacs = 0;
                cycleBusy = 0;
                cycleEvents = 0;
                beatSteps = 0;
                foldStartedThisBeat = false;
                beatBase = cycle;
                step(beat);
                long length = 1;
                if (terms != null) {
                    long stall = foldStartedThisBeat ? ENCODER_LATENCY_CYCLES : 0;
                    long steps = terms.beatCycles > 0 ? terms.beatCycles : Math.max(1, beatSteps);
                    length = stall + steps;
                    termSlots += (long) cycleBusyReal * steps * pairsPerCycle;
                }
                if (trace != null) {
                    trace.cycle(cycle, cycleMacs, cycleBusy, cycleEvents, streamsStarted - 1);
                }
                cycle += length;
                beat++;
                cycleBusyReal = 0;
                if (trap != null) {
                    break;
                }
            }
            long trappedOutputs = trap == null ? overflowedOutputs : log.events();
            Replay replay = widenReplay ? Replay.plan(map, foldOverflowed, acc.bits(), dataTypeWorstCase()) : Replay.NONE;
            TermCounts termCounts = terms == null ? null : new TermCounts(termPairs, termSlots, beat);
            return new ArrayRun(cycle, macs, log.events(), trappedOutputs, log.perChannel(), log.first(), trap,
                    trap == null ? outputs : null, streamStarts.clone(), registerBits, trap == null ? minPartialSum : null,
                    trap == null ? maxPartialSum : null, replay, termCounts,
                    terms == null ? null : terms.values.values());
        }

        long dataTypeWorstCase() {
            return dev.qasim.arith.AccumulatorBounds.dataTypeWorstCase(layer.weightType().maxMagnitude(),
                    layer.dataType().maxMagnitude(), layer.form().k());
        }

        /**
         * One clock. Registers are updated in place, PEs scanned from the bottom-right corner back to the
         * top-left, so every PE still reads its left and upper neighbours' values of the previous cycle.
         */
        abstract void step(long cycle);
    }

    /**
     * Weight stationary (stationary = weights K x N, stream = data rows m) and input stationary (stationary =
     * data columns, K x M; stream = weight columns n). The reduction dimension K runs down the rows.
     */
    private static final class Stationary extends Machine {
        private final boolean ws;
        private final int t;
        private final int streamBits;
        private final int stationaryBits;
        private final int psumBits;
        // every PE's registers: stationary (active, shadow) and preload pipeline per lane, stream, partial sums per lane
        private final Register active;
        private final Register shadow;
        private final Register pipe;
        private final Register stream;
        private final Register psum;
        private final long[] edgePipe;
        private final long[] exactOut = new long[1];
        // partial-sum buffer: T x slots entries, each valid for the fold that wrote it (the next row fold reads it)
        private final long[] psumBuffer;
        private final long[] psumBufferExact;
        private final int[] psumBufferFold;
        // controller
        private final long[] preloadStarts;
        private int preloadsStarted;

        Stationary(ArchConfig arch, Lowered layer, Mapping map, EngineOptions options) {
            super(arch, layer, map, options);
            this.ws = map.dataflow() == Dataflow.WS;
            this.t = map.streamed();
            int wBits = layer.weightType().bits();
            int xBits = layer.dataType().bits();
            this.streamBits = ws ? xBits : wBits;
            this.stationaryBits = (ws ? wBits : xBits) * lanes;
            this.psumBits = arch.pe().accumulatorBits() * lanes;
            this.active = new Register(pes, lanes);
            this.shadow = new Register(pes, lanes);
            this.pipe = new Register(pes, lanes);
            this.stream = new Register(pes, 1);
            this.psum = new Register(pes, lanes);
            this.edgePipe = new long[lanes];
            this.preloadStarts = new long[folds];
            this.psumBuffer = new long[Math.multiplyExact(t, slots)];
            this.psumBufferExact = new long[psumBuffer.length];
            this.psumBufferFold = filled(psumBuffer.length);
        }

        private long stationaryValue(int fold, int r, int c, int l) {
            if (terms != null) {
                return 0; // a term MAC reads its group's terms by the fold's tags (termGroup)
            }
            int rg = map.rowFoldOf(fold) * rows + r;
            int cg = slotOf(fold, c, l);
            if (rg >= map.spatialRows() || cg >= map.spatialCols()) {
                return 0; // an idle PE or lane of a partial fold holds zero
            }
            GroupOperands o = operands(map.groupOf(fold));
            return ws ? o.weight(rg, cg) : o.data(cg, rg);
        }

        private long streamValue(int fold, int step, int r) {
            if (terms != null) {
                return 0;
            }
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

        @Override
        void step(long cycle) {
            controller(cycle);
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
                        psum.fold[i] = -1;
                    } else {
                        registerBits += terms == null ? streamBits : 0;
                        compute(i, r, c, cycle, stream.fold[i], stream.step[i], stream.value[i]);
                    }
                    pePipeline(i, r, c, cycle); // after compute: a swap in this cycle reads the old shadow
                }
            }
        }

        /**
         * The preload pipeline of PE i (one value per lane): latch the values meant for this row into the shadow
         * registers, pass the others down (a pipeline register's step is the row its values are meant for).
         */
        private void pePipeline(int i, int r, int c, long cycle) {
            Register from;
            int j;
            int dest;
            int fold;
            if (r == 0) {
                // the controller feeds fold f's stationary rows deepest first: entry e (row R-1-e) enters
                // column c at preloadStart + e + c
                fold = -1;
                dest = -1;
                for (int f = preloadsStarted - 1; f >= 0; f--) {
                    long e = cycle - c - preloadStarts[f];
                    if (e >= 0) {
                        if (e < rows) {
                            fold = f;
                            dest = rows - 1 - (int) e;
                        }
                        break;
                    }
                }
                if (fold < 0) {
                    pipe.fold[i] = -1;
                    return;
                }
                for (int l = 0; l < lanes; l++) {
                    edgePipe[l] = stationaryValue(fold, dest, c, l);
                }
                from = null;
                j = 0;
            } else {
                j = i - cols;
                from = pipe;
                fold = pipe.fold[j];
                dest = pipe.step[j];
                if (fold < 0) {
                    pipe.fold[i] = -1;
                    return;
                }
            }
            Register to = dest == r ? shadow : pipe;
            for (int l = 0; l < lanes; l++) {
                to.value[i * lanes + l] = from == null ? edgePipe[l] : from.value[j * lanes + l];
            }
            to.fold[i] = fold;
            to.step[i] = dest;
            registerBits += terms == null ? stationaryBits : 0;
            if (dest == r) {
                pipe.fold[i] = -1; // consumed
            }
        }

        private void compute(int i, int r, int c, long cycle, int fold, int step, long streamVal) {
            cycleBusy++;
            if (active.fold[i] != fold) {
                // the first element of a new fold swaps the shadow registers in
                if (shadow.fold[i] != fold) {
                    throw new IllegalStateException("preload hazard at PE(" + r + "," + c + ") cycle " + cycle
                            + ": fold " + fold + " arrived before its stationary operand");
                }
                active.copy(i, shadow, i);
                registerBits += terms == null ? stationaryBits : 0;
            }
            int fr = map.rowFoldOf(fold);
            int rg = fr * rows + r;
            int g = map.groupOf(fold);
            for (int l = 0; l < lanes; l++) {
                int li = i * lanes + l;
                int slot = c * lanes + l;
                int cg = slotOf(fold, c, l);
                long before;
                long exactBefore;
                if (r == 0) {
                    if (fr == 0 || cg >= map.spatialCols()) { // an idle slot starts from zero
                        before = 0;
                        exactBefore = 0;
                    } else {
                        int b = step * slots + slot;
                        if (psumBufferFold[b] != fold - 1) {
                            throw new IllegalStateException("partial sum of fold " + (fold - 1) + " not ready for fold "
                                    + fold + " at slot " + slot + ", step " + step + ", cycle " + cycle);
                        }
                        before = psumBuffer[b];
                        exactBefore = psumBufferExact[b];
                    }
                } else {
                    int up = i - cols;
                    if (psum.fold[up] != fold || psum.step[up] != step) {
                        throw new IllegalStateException("partial sum out of step at PE(" + r + "," + c + ") cycle " + cycle);
                    }
                    before = psum.value[up * lanes + l];
                    exactBefore = psum.exact[up * lanes + l];
                }
                long value = before;
                long exact = exactBefore;
                if (rg < map.spatialRows() && cg < map.spatialCols()) {
                    if (terms != null) { // a term MAC: the group's term pairs (row rg is a group of values)
                        value = termGroup(before, exactBefore, exactOut, fold, r, c, g, ws ? step : cg, ws ? cg : step, rg);
                        exact = exactOut[0];
                    } else {
                        long stationary = active.value[li];
                        long product = ws ? multiply(stationary, streamVal) : multiply(streamVal, stationary);
                        macs++;
                        cycleMacs++;
                        value = add(before, product, fold, r, c, l, beatBase, g, ws ? step : cg, ws ? cg : step, rg, 0);
                        exact = exactBefore + product;
                    }
                    observe(exact);
                }
                psum.value[li] = value;
                psum.exact[li] = exact;
                if (r == rows - 1) {
                    leaveBottom(fold, step, slot, cg, value, exact);
                }
            }
            psum.fold[i] = fold;
            psum.step[i] = step;
            registerBits += terms == null ? psumBits : 0; // a term-serial PE's registers are not counted
            if (r == rows - 1 && c == cols - 1 && step == t - 1) {
                foldFinished(fold, cycle);
            }
        }

        /** A partial sum leaves the bottom of its column: into the buffer, or out as a final output. */
        private void leaveBottom(int fold, int step, int slot, int cg, long value, long exact) {
            if (cg >= map.spatialCols()) {
                return;
            }
            if (map.rowFoldOf(fold) == map.rowFolds() - 1) {
                int g = map.groupOf(fold);
                output(g, ws ? step : cg, ws ? cg : step, value, exact);
            } else {
                int b = step * slots + slot;
                psumBuffer[b] = value;
                psumBufferExact[b] = exact;
                psumBufferFold[b] = fold;
            }
        }
    }

    /**
     * Output stationary: data rows enter from the left, weight columns from the top (one per lane), both skewed;
     * lane l of PE (r, c) accumulates output (m, n) over K in its own register and hands it to a side port after
     * its last MAC.
     */
    private static final class OutputStationary extends Machine {
        private final int k;
        // data moving right (shared by the lanes) and weights moving down (one per lane)
        private final Register x;
        private final Register w;
        private final long[] accum;
        private final long[] exact;
        private final int[] colFold;
        private final int[] colStep;
        private final long[] colVal;
        private final long stepBits;
        private final long[] exactOut = new long[1];

        OutputStationary(ArchConfig arch, Lowered layer, Mapping map, EngineOptions options) {
            super(arch, layer, map, options);
            this.k = map.streamed();
            this.stepBits = layer.dataType().bits()
                    + (long) lanes * (layer.weightType().bits() + arch.pe().accumulatorBits());
            this.x = new Register(pes, 1);
            this.w = new Register(pes, lanes);
            this.accum = new long[pes * lanes];
            this.exact = new long[pes * lanes];
            this.colFold = new int[cols];
            this.colStep = new int[cols];
            this.colVal = new long[cols * lanes];
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
                    for (int l = 0; l < lanes && terms == null; l++) {
                        int n = slotOf(f, c, l);
                        colVal[c * lanes + l] = n < map.spatialCols() ? operands(map.groupOf(f)).weight(kk, n) : 0;
                    }
                }
            }
            for (int r = rows - 1; r >= 0; r--) {
                int f = foldAt(cycle - r, streamsStarted);
                int rowStep = f < 0 ? 0 : (int) (cycle - r - streamStarts[f]);
                long rowVal = 0;
                if (f >= 0) {
                    int m = map.rowFoldOf(f) * rows + r;
                    rowVal = m < map.spatialRows() && terms == null ? operands(map.groupOf(f)).data(m, rowStep) : 0;
                }
                for (int c = cols - 1; c >= 0; c--) {
                    int i = r * cols + c;
                    if (c == 0) {
                        x.set(i, rowVal, f, rowStep);
                    } else {
                        x.copy(i, x, i - 1);
                    }
                    if (r == 0) {
                        w.fold[i] = colFold[c];
                        w.step[i] = colStep[c];
                        System.arraycopy(colVal, c * lanes, w.value, i * lanes, lanes);
                    } else {
                        w.copy(i, w, i - cols);
                    }
                    int fold = x.fold[i];
                    if (fold < 0) {
                        continue;
                    }
                    registerBits += terms == null ? stepBits : 0; // the data register, L weight registers, L accumulators
                    if (w.fold[i] != fold || w.step[i] != x.step[i]) {
                        throw new IllegalStateException("operands out of step at PE(" + r + "," + c + ") cycle " + cycle);
                    }
                    mac(i, r, c, cycle, fold, x.step[i], x.value[i]);
                }
            }
        }

        private void mac(int i, int r, int c, long cycle, int fold, int kk, long xv) {
            cycleBusy++;
            int m = map.rowFoldOf(fold) * rows + r;
            int g = map.groupOf(fold);
            for (int l = 0; l < lanes; l++) {
                int li = i * lanes + l;
                if (kk == 0) {
                    accum[li] = 0; // a new output starts; the previous one left on the side port
                    exact[li] = 0;
                }
                int n = slotOf(fold, c, l);
                boolean real = m < map.spatialRows() && n < map.spatialCols();
                if (real && terms != null) { // a term MAC: step kk is group kk
                    accum[li] = termGroup(accum[li], exact[li], exactOut, fold, r, c, g, m, n, kk);
                    exact[li] = exactOut[0];
                    observe(exact[li]);
                } else if (real) {
                    long product = multiply(w.value[li], xv);
                    macs++;
                    cycleMacs++;
                    accum[li] = add(accum[li], product, fold, r, c, l, beatBase, g, m, n, kk, 0);
                    exact[li] += product;
                    observe(exact[li]);
                }
                if (kk == k - 1 && real) {
                    output(g, m, n, accum[li], exact[li]);
                }
            }
            if (kk == k - 1 && r == rows - 1 && c == cols - 1) {
                foldFinished(fold, cycle);
            }
        }
    }

    /** One kind of register in every PE: {@code width} values (one per lane) and their exact values, a fold tag and a step. */
    private static final class Register {
        final int width;
        final long[] value;
        final long[] exact;
        final int[] fold;
        final int[] step;

        Register(int pes, int width) {
            this.width = width;
            value = new long[pes * width];
            exact = new long[pes * width];
            fold = filled(pes);
            step = new int[pes];
        }

        /** Sets a one-wide register. */
        void set(int i, long v, int f, int s) {
            value[i] = v;
            fold[i] = f;
            step[i] = s;
        }

        /** Copies PE j's register of {@code from} into PE i's. */
        void copy(int i, Register from, int j) {
            if (width == 1) {
                value[i] = from.value[j];
                exact[i] = from.exact[j];
            } else {
                System.arraycopy(from.value, j * width, value, i * width, width);
                System.arraycopy(from.exact, j * width, exact, i * width, width);
            }
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
