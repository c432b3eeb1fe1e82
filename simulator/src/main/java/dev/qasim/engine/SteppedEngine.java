package dev.qasim.engine;

import dev.qasim.arith.AccumulatorSpec;
import dev.qasim.arith.OverflowPolicy;
import dev.qasim.config.ArchConfig;
import dev.qasim.workload.Lowered;
import java.util.Arrays;

/**
 * The ground truth: a literal register-level model of the array, stepped one beat at a time. Every PE holds
 * its operand registers and its partial-sum registers, one per lane; each beat every PE reads its neighbours'
 * registers of the previous beat and writes its own. Operands enter skewed at the edges; in ws and is the
 * stationary operand is preloaded through a pipeline down each column into shadow registers and swapped in by
 * the first stream element of its fold; partial sums run down the columns and leave at the bottom; in os each
 * PE accumulates its outputs and hands them to a side port after its last step. A PE's lanes share the stream
 * operand and each hold their own stationary operand (or weight) and accumulator. A small controller starts
 * preloads and streams by handshakes (overlapped or back to back); cycle counts come out of stepping, not out
 * of a formula. Idle PEs and lanes of a partial fold hold zeros, so a fold ends when its wavefront has crossed
 * PE(R-1, C-1).
 *
 * <p>What a PE does with its registers is its family's {@link Datapath}: a MAC lane's beat is one cycle, in which
 * it multiplies its weight register by its data register and adds the product. A serial PE's registers hold a
 * group of g operands each (the encoders' output: every value with the parts it is split into); in a beat it
 * adds the group's pairs, {@link SerialPe#pairsPerCycle()} per cycle, through {@link SerialOperands#groupStep};
 * the beat lasts the PE's fixed cycles or as long as the busiest PE needs (at least one cycle), and the beat in
 * which a fold's stream starts waits {@link SerialPe#ENCODER_LATENCY_CYCLES} more for the data encoders at the
 * edge.
 *
 * <p>Under the trap policy the cycle in which the first overflow happens completes (all its additions are
 * simultaneous) and the layer stops.
 */
public final class SteppedEngine implements Engine {

    @Override
    public ArrayRun run(ArchConfig arch, Lowered layer, EngineOptions options) {
        ProcessingElement pe = ProcessingElement.of(arch);
        Mapping map = pe.map(arch.array(), layer.layer());
        Datapath datapath = pe instanceof SerialPe serial ? new SerialDatapath(serial, layer) : new MacDatapath(arch, layer);
        RegisterInventory registers = pe.registers(map.schedule(), layer.weightType().bits(), layer.dataType().bits());
        Machine machine = map.preloads() ? new Stationary(arch, layer, map, options, datapath, registers)
                : new OutputStationary(arch, layer, map, options, datapath, registers);
        return machine.simulate();
    }

    /**
     * What one PE family does in a beat: which operands its registers hold and how it adds them. Fetch methods
     * fill {@code width} register entries at {@code off}; idle work is never fetched (registers then hold 0).
     */
    private abstract static class Datapath {
        Machine m;

        /** Entries a data register holds (per lane for the stationary copy). */
        abstract int width();

        /** The data entries of row {@code mm} at reduction row {@code rg} of group g. */
        abstract void data(int g, int mm, int rg, long[] out, int off);

        /** The weight entries of reduction row {@code rg}, column {@code nn}, of group g. */
        abstract void weight(int g, int rg, int nn, long[] out, int off);

        /**
         * One step of one output's chain in one PE lane: the registers' operands added into {@code before}.
         *
         * @param exact the exact value before, the exact value after in {@code m.exactOut[0]}
         * @return the accumulator's new value
         */
        abstract long accumulate(long before, long exact, long[] w, int wo, long[] x, int xo, int fold, int r, int c,
                                 int lane, int g, int mm, int nn, int rg);

        /** What the trace shows of a register entry fetched by data() or weight(): the operand's value. */
        long shown(long entry, boolean weight) {
            return entry;
        }

        /** A fold's stream starts in this beat. */
        void streamStarted() {
        }

        /** Cycles of the beat just stepped. */
        long beatLength(boolean foldStarted, int busy) {
            return 1;
        }

        /** The operands the array computed with when they differ from the layer's, else null. */
        dev.qasim.workload.LayerValues arrayValues() {
            return null;
        }

        TermCounts termCounts(long beats) {
            return null;
        }
    }

    /** Bit-parallel MAC lanes: a register holds one value; a beat is one cycle, one multiply and one add. */
    private static final class MacDatapath extends Datapath {
        private final Lowered layer;
        private final dev.qasim.arith.MultiplierSpec mul;
        private final dev.qasim.arith.Signedness dataSign;
        private GroupOperands ops;
        private int opsGroup = -1;

        MacDatapath(ArchConfig arch, Lowered layer) {
            this.layer = layer;
            this.mul = arch.pe().multiplier();
            this.dataSign = layer.dataType().signedness();
        }

        private GroupOperands operands(int group) {
            if (group != opsGroup) {
                ops = new GroupOperands(layer, group);
                opsGroup = group;
            }
            return ops;
        }

        @Override
        int width() {
            return 1;
        }

        @Override
        void data(int g, int mm, int rg, long[] out, int off) {
            out[off] = operands(g).data(mm, rg);
        }

        @Override
        void weight(int g, int rg, int nn, long[] out, int off) {
            out[off] = operands(g).weight(rg, nn);
        }

        @Override
        long accumulate(long before, long exact, long[] w, int wo, long[] x, int xo, int fold, int r, int c, int lane,
                        int g, int mm, int nn, int rg) {
            long product = mul.multiply(w[wo], dev.qasim.arith.Signedness.SIGNED, x[xo], dataSign);
            m.macs++;
            m.cycleMacs++;
            m.exactOut[0] = exact + product;
            return m.add(before, product, fold, r, c, lane, m.beatBase, g, mm, nn, rg, 0);
        }
    }

    /**
     * Serial PEs: a register holds a group of g operands, each the handle of a tensor element whose parts the
     * encoders produced (weights: the element's index; data: index + 1, 0 for padding); a beat adds the group's
     * pairs.
     */
    private static final class SerialDatapath extends Datapath {
        private final SerialOperands ops;
        private final int g;
        private final int tpc;
        private final int[] wScratch;
        private final int[] xScratch;
        private final int[] pairCount = new int[1];
        private final int[] revealedWeights;
        private final int[] truncatedData;
        private GroupOperands index;
        private int indexGroup = -1;
        private long beatSteps;
        private long pairs;
        private long slots;

        SerialDatapath(SerialPe pe, Lowered layer) {
            this.ops = pe.operands(layer);
            this.g = pe.groupSize();
            this.tpc = pe.pairsPerCycle();
            this.wScratch = new int[g];
            this.xScratch = new int[g];
            this.revealedWeights = ops.values.values().weights().data();
            this.truncatedData = ops.values.values().data().data();
        }

        /** The lowered tensor indices of a group's operands. */
        private GroupOperands index(int group) {
            if (group != indexGroup) {
                index = new GroupOperands(ops.indices, group);
                indexGroup = group;
            }
            return index;
        }

        @Override
        int width() {
            return g;
        }

        @Override
        void data(int group, int mm, int r, long[] out, int off) {
            GroupOperands idx = index(group);
            int from = ops.groups.start(r);
            int to = ops.groups.start(r + 1);
            for (int j = 0; j < g; j++) {
                out[off + j] = from + j < to ? idx.data(mm, from + j) : 0;
            }
        }

        @Override
        void weight(int group, int r, int nn, long[] out, int off) {
            GroupOperands idx = index(group);
            int from = ops.groups.start(r);
            int to = ops.groups.start(r + 1);
            for (int j = 0; j < g; j++) {
                out[off + j] = from + j < to ? idx.weight(from + j, nn) + 1 : 0; // as data: index + 1, 0 for none
            }
        }

        @Override
        long accumulate(long before, long exact, long[] w, int wo, long[] x, int xo, int fold, int r, int c, int lane,
                        int group, int mm, int nn, int rg) {
            int from = ops.groups.start(rg);
            int size = ops.groups.start(rg + 1) - from;
            long exactAfter = exact;
            for (int j = 0; j < size; j++) {
                wScratch[j] = (int) w[wo + j] - 1;
                xScratch[j] = (int) x[xo + j];
                if (xScratch[j] != 0) { // padding holds no value
                    exactAfter += (long) revealedWeights[wScratch[j]] * truncatedData[xScratch[j] - 1];
                }
            }
            long base = m.beatBase;
            long value = ops.groupStep(before, wScratch, -from, xScratch, -from, from, from + size,
                    (v, addend, kk, pair) -> m.add(v, addend, fold, r, c, 0, base + pair / tpc, group, mm, nn, kk, pair),
                    pairCount);
            m.macs += size; // a group step is g MACs (padding included)
            m.cycleMacs++;
            pairs += pairCount[0];
            beatSteps = Math.max(beatSteps, (pairCount[0] + tpc - 1) / tpc);
            m.exactOut[0] = exactAfter;
            return value;
        }

        /** An operand's value as the PE adds it: the revealed weight or the truncated data value; 0 for none. */
        @Override
        long shown(long entry, boolean weight) {
            int handle = (int) entry;
            return handle == 0 ? 0 : weight ? revealedWeights[handle - 1] : truncatedData[handle - 1];
        }

        @Override
        void streamStarted() {
            m.beatBase += SerialPe.ENCODER_LATENCY_CYCLES; // the beat's pairs wait for the edge encoders
        }

        @Override
        long beatLength(boolean foldStarted, int busy) {
            long steps = ops.beatCycles > 0 ? ops.beatCycles : Math.max(1, beatSteps);
            slots += busy * steps * tpc;
            beatSteps = 0;
            return (foldStarted ? SerialPe.ENCODER_LATENCY_CYCLES : 0) + steps;
        }

        @Override
        dev.qasim.workload.LayerValues arrayValues() {
            return ops.values.values();
        }

        @Override
        TermCounts termCounts(long beats) {
            return new TermCounts(pairs, slots, beats);
        }
    }

    /** State and bookkeeping shared by both array organisations. */
    private abstract static class Machine {
        final Mapping map;
        final Lowered layer;
        final Datapath dp;
        final RegisterInventory regs;
        final int rows;
        final int cols;
        final int lanes;
        final int slots;
        final int pes;
        final int width;
        final AccumulatorSpec acc;
        final OverflowLog log;
        final CycleTrace trace;
        /** Whether the trace receives edge values. */
        final boolean edges;
        final long[] outputs;
        final long[] streamStarts;
        final int folds;
        final long[] exactOut = new long[1];
        long macs;
        long registerBits;
        long minPartialSum;
        long maxPartialSum;
        final boolean widenReplay;
        final boolean[] foldOverflowed;
        long overflowedOutputs;
        OverflowEvent trap;
        int streamsStarted;
        int foldsDone;
        long beatBase;
        boolean foldStartedThisBeat;
        // per-beat activity
        int cycleMacs;
        int cycleBusy;
        int cycleEvents;

        Machine(ArchConfig arch, Lowered layer, Mapping map, EngineOptions options, Datapath dp, RegisterInventory regs) {
            this.map = map;
            this.layer = layer;
            this.dp = dp;
            dp.m = this;
            this.regs = regs;
            this.rows = map.rows();
            this.cols = map.cols();
            this.lanes = map.lanes();
            this.slots = map.slots();
            this.pes = rows * cols;
            this.width = dp.width();
            this.acc = arch.pe().accumulator();
            this.folds = map.folds();
            this.log = new OverflowLog(options.eventLimit(), layer.form().groups() * layer.form().n());
            this.trace = options.trace();
            this.edges = trace != null;
            this.outputs = new long[Math.toIntExact(layer.form().outputs())];
            this.streamStarts = new long[folds];
            Arrays.fill(streamStarts, -1);
            this.widenReplay = arch.pe().overflow() == OverflowPolicy.WIDEN_REPLAY;
            this.foldOverflowed = new boolean[folds];
        }

        /** The column slot of the matrix form that lane l of PE column c works on in a fold. */
        int slotOf(int fold, int c, int l) {
            return map.colFoldOf(fold) * slots + c * lanes + l;
        }

        /**
         * One accumulator addition: checks the overflow, applies the policy, logs the event.
         *
         * @return the register's new value
         */
        long add(long before, long addend, int fold, int row, int col, int lane, long cycle, int g, int m, int n, int k,
                 int term) {
            if (!acc.overflows(before, addend)) {
                return before + addend;
            }
            long result = acc.add(before, addend);
            OverflowEvent e = new OverflowEvent(new OverflowEvent.Where(fold, row, col, lane, cycle),
                    new OverflowEvent.Product(g, m, n, k, term), new OverflowEvent.Sum(before, addend, result));
            log.add(e, g * layer.form().n() + n);
            cycleEvents++;
            if (edges) {
                trace.edge(cycle, CycleTrace.Edge.OVERFLOW, row, col, lane, 0);
            }
            foldOverflowed[fold] = true;
            if (acc.policy() == OverflowPolicy.TRAP && (trap == null || OverflowEvent.compareTime(e, trap) < 0)) {
                trap = e; // the first in (cycle, row, column, lane) order, whatever the scan order
            }
            return result;
        }

        /**
         * Reports the {@code width} entries at {@code off} of an operand entering the array, entry j as lane
         * {@code lane0 + j} (a serial PE's group of g operands; a MAC lane's one).
         */
        void traceOperands(CycleTrace.Edge edge, int row, int col, int lane0, long[] values, int off, boolean weight) {
            for (int j = 0; j < width; j++) {
                trace.edge(beatBase, edge, row, col, lane0 + j, dp.shown(values[off + j], weight));
            }
        }

        /** Records an exact prefix sum (for the observed partial-sum range). */
        void observe(long exactPrefix) {
            minPartialSum = Math.min(minPartialSum, exactPrefix);
            maxPartialSum = Math.max(maxPartialSum, exactPrefix);
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

        /** The controller starts the next fold's stream in this beat. */
        void startStream(long beat) {
            streamStarts[streamsStarted++] = beat;
            foldStartedThisBeat = true;
            dp.streamStarted();
        }

        /** PE(R-1, C-1) has done the last step of a fold. */
        void foldFinished(int fold, long beat) {
            if (fold != foldsDone) {
                throw new IllegalStateException("fold " + fold + " finished out of order at beat " + beat);
            }
            foldsDone++;
        }

        /** Steps the array beat by beat until every fold's last step is done. */
        ArrayRun simulate() {
            long beat = 0;
            long cycle = 0;
            while (foldsDone < folds) {
                cycleMacs = 0;
                cycleBusy = 0;
                cycleEvents = 0;
                foldStartedThisBeat = false;
                beatBase = cycle;
                step(beat);
                long length = dp.beatLength(foldStartedThisBeat, cycleMacs);
                if (trace != null) {
                    trace.cycle(cycle, cycleMacs, cycleBusy, cycleEvents, streamsStarted - 1);
                }
                cycle += length;
                beat++;
                if (trap != null) {
                    break;
                }
            }
            long trappedOutputs = trap == null ? overflowedOutputs : log.events();
            Replay replay = widenReplay ? Replay.plan(map, foldOverflowed, acc.bits(), dataTypeWorstCase()) : Replay.NONE;
            ArrayRun.Builder run = ArrayRun.builder().computeCycles(cycle).macs(macs)
                    .overflow(OverflowSummary.of(log, trappedOutputs, trap)).streamStarts(streamStarts.clone())
                    .registerWriteBits(registerBits).replay(replay).termCounts(dp.termCounts(beat)).arrayValues(dp.arrayValues());
            if (trap == null) {
                run.outputs(outputs).partialSums(minPartialSum, maxPartialSum);
            }
            return run.build();
        }

        long dataTypeWorstCase() {
            return dev.qasim.quant.AccumulatorBounds.dataTypeWorstCase(layer.weightType().maxMagnitude(),
                    layer.dataType().maxMagnitude(), layer.form().k());
        }

        /**
         * One beat. Registers are updated in place, PEs scanned from the bottom-right corner back to the
         * top-left, so every PE still reads its left and upper neighbours' values of the previous beat.
         */
        abstract void step(long beat);
    }

    /**
     * Weight stationary (stationary = weights, stream = data rows m) and input stationary (stationary = data
     * columns m, stream = weight columns n). The reduction dimension runs down the rows.
     */
    private static final class Stationary extends Machine {
        private final boolean ws;
        private final int t;
        // every PE's registers: stationary (active, shadow) and preload pipeline per lane, stream, partial sums per lane
        private final Register active;
        private final Register shadow;
        private final Register pipe;
        private final Register stream;
        private final Register psum;
        private final long[] edgePipe;
        private final long[] edgeStream;
        private final long[] incoming = new long[2];
        // partial-sum buffer: T x slots entries, each valid for the fold that wrote it (the next row fold reads it)
        private final long[] psumBuffer;
        private final long[] psumBufferExact;
        private final int[] psumBufferFold;
        // controller
        private final long[] preloadStarts;
        private int preloadsStarted;

        Stationary(ArchConfig arch, Lowered layer, Mapping map, EngineOptions options, Datapath dp, RegisterInventory regs) {
            super(arch, layer, map, options, dp, regs);
            this.ws = map.schedule().weightsStationary();
            this.t = map.streamed();
            this.active = new Register(pes, lanes * width);
            this.shadow = new Register(pes, lanes * width);
            this.pipe = new Register(pes, lanes * width);
            this.stream = new Register(pes, width);
            this.psum = new Register(pes, lanes);
            this.edgePipe = new long[lanes * width];
            this.edgeStream = new long[width];
            this.preloadStarts = new long[folds];
            this.psumBuffer = new long[Math.multiplyExact(t, slots)];
            this.psumBufferExact = new long[psumBuffer.length];
            this.psumBufferFold = filled(psumBuffer.length);
        }

        /** Lane l's stationary entries for row r, PE column c of a fold (zeros for an idle PE or lane). */
        private void stationaryValues(int fold, int r, int c, int l, long[] out) {
            int rg = map.rowFoldOf(fold) * rows + r;
            int cg = slotOf(fold, c, l);
            int off = l * width;
            if (rg >= map.spatialRows() || cg >= map.spatialCols()) {
                Arrays.fill(out, off, off + width, 0);
            } else if (ws) {
                dp.weight(map.groupOf(fold), rg, cg, out, off);
            } else {
                dp.data(map.groupOf(fold), cg, rg, out, off);
            }
        }

        /** The stream entries entering row r at a fold's step (zeros for an idle row). */
        private void streamValues(int fold, int step, int r, long[] out) {
            int rg = map.rowFoldOf(fold) * rows + r;
            if (rg >= map.spatialRows()) {
                Arrays.fill(out, 0);
            } else if (ws) {
                dp.data(map.groupOf(fold), step, rg, out, 0);
            } else {
                dp.weight(map.groupOf(fold), rg, step, out, 0);
            }
        }

        private void controller(long beat) {
            // stream of the next fold: once its whole preload has entered column 0 and the previous stream ended
            if (streamsStarted < preloadsStarted) {
                int f = streamsStarted;
                boolean weightsIn = beat >= preloadStarts[f] + rows;
                boolean streamFree = f == 0 || beat >= streamStarts[f - 1] + t;
                if (weightsIn && streamFree) {
                    startStream(beat);
                }
            }
            // preload of the next fold: at once for fold 0; as soon as the previous fold's stream has started
            // (overlapped: its shadow registers are free) or after the previous fold's last step (parity)
            if (preloadsStarted < folds) {
                int f = preloadsStarted;
                boolean ready = f == 0 || (map.overlap() ? streamsStarted >= f : foldsDone >= f);
                if (ready) {
                    preloadStarts[f] = beat;
                    preloadsStarted++;
                }
            }
        }

        @Override
        void step(long beat) {
            controller(beat);
            for (int r = rows - 1; r >= 0; r--) {
                // stream element entering row r at its left edge
                int edgeFold = foldAt(beat - r, streamsStarted);
                int edgeStep = edgeFold < 0 ? 0 : (int) (beat - r - streamStarts[edgeFold]);
                if (edgeFold >= 0) {
                    streamValues(edgeFold, edgeStep, r, edgeStream);
                    if (edges) {
                        traceOperands(CycleTrace.Edge.STREAM_IN, r, 0, 0, edgeStream, 0, !ws);
                    }
                }
                for (int c = cols - 1; c >= 0; c--) {
                    int i = r * cols + c;
                    if (c == 0) {
                        stream.set(i, edgeStream, edgeFold, edgeStep);
                    } else {
                        stream.copy(i, stream, i - 1);
                    }
                    if (stream.fold[i] < 0) {
                        psum.fold[i] = -1;
                    } else {
                        registerBits += regs.streamBits();
                        compute(i, r, c, beat, stream.fold[i], stream.step[i]);
                    }
                    pePipeline(i, r, c, beat); // after compute: a swap in this beat reads the old shadow
                }
            }
        }

        /**
         * The preload pipeline of PE i (every lane's entries): latch the values meant for this row into the shadow
         * registers, pass the others down (a pipeline register's step is the row its values are meant for).
         */
        private void pePipeline(int i, int r, int c, long beat) {
            int fold;
            int dest;
            if (r == 0) {
                // the controller feeds fold f's stationary rows deepest first: entry e (row R-1-e) enters
                // column c at preloadStart + e + c
                fold = -1;
                dest = -1;
                for (int f = preloadsStarted - 1; f >= 0; f--) {
                    long e = beat - c - preloadStarts[f];
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
                    stationaryValues(fold, dest, c, l, edgePipe);
                    if (edges) {
                        traceOperands(CycleTrace.Edge.PRELOAD_IN, dest, c, l * width, edgePipe, l * width, ws);
                    }
                }
            } else {
                fold = pipe.fold[i - cols];
                dest = pipe.step[i - cols];
                if (fold < 0) {
                    pipe.fold[i] = -1;
                    return;
                }
            }
            Register to = dest == r ? shadow : pipe;
            if (r == 0) {
                to.set(i, edgePipe, fold, dest);
            } else {
                to.copy(i, pipe, i - cols);
            }
            registerBits += regs.stationaryBitsAllLanes();
            if (dest == r) {
                pipe.fold[i] = -1; // consumed
            }
        }

        private void compute(int i, int r, int c, long beat, int fold, int step) {
            cycleBusy++;
            if (active.fold[i] != fold) {
                // the first element of a new fold swaps the shadow registers in
                if (shadow.fold[i] != fold) {
                    throw new IllegalStateException("preload hazard at PE(" + r + "," + c + ") beat " + beat
                            + ": fold " + fold + " arrived before its stationary operand");
                }
                active.copy(i, shadow, i);
                registerBits += regs.stationaryBitsAllLanes();
            }
            int rg = map.rowFoldOf(fold) * rows + r;
            int g = map.groupOf(fold);
            for (int l = 0; l < lanes; l++) {
                int li = i * lanes + l;
                int slot = c * lanes + l;
                int cg = slotOf(fold, c, l);
                partialSumIn(i, r, c, l, fold, step, slot, cg, beat);
                long before = incoming[0];
                long exactBefore = incoming[1];
                if (edges && r == 0) {
                    trace.edge(beatBase, CycleTrace.Edge.PSUM_IN, 0, c, l, before);
                }
                long value = before;
                long exact = exactBefore;
                int mm = map.schedule().m(cg, rg, step);
                int nn = map.schedule().n(cg, rg, step);
                if (rg < map.spatialRows() && cg < map.spatialCols()) {
                    int at = li * width;
                    value = ws ? dp.accumulate(before, exactBefore, active.value, at, stream.value, i * width, fold, r, c, l, g,
                            mm, nn, rg)
                            : dp.accumulate(before, exactBefore, stream.value, i * width, active.value, at, fold, r, c, l, g,
                            mm, nn, rg);
                    exact = exactOut[0];
                    observe(exact);
                }
                psum.value[li] = value;
                psum.exact[li] = exact;
                if (r == rows - 1) {
                    if (edges) {
                        trace.edge(beatBase, CycleTrace.Edge.PSUM_OUT, r, c, l, value);
                    }
                    leaveBottom(fold, step, slot, cg, mm, nn, value, exact);
                }
            }
            psum.fold[i] = fold;
            psum.step[i] = step;
            registerBits += (long) lanes * regs.accumulatorBits();
            if (r == rows - 1 && c == cols - 1 && step == t - 1) {
                foldFinished(fold, beat);
            }
        }

        /**
         * The partial sum lane l of PE i starts from, into {@link #incoming} (value, exact value): the one the PE above
         * passed down, or at the top row the previous row fold's from the buffer (zero in the first row fold and for an
         * idle slot).
         */
        private void partialSumIn(int i, int r, int c, int l, int fold, int step, int slot, int cg, long beat) {
            if (r > 0) {
                int up = i - cols;
                if (psum.fold[up] != fold || psum.step[up] != step) {
                    throw new IllegalStateException("partial sum out of step at PE(" + r + "," + c + ") beat " + beat);
                }
                incoming[0] = psum.value[up * lanes + l];
                incoming[1] = psum.exact[up * lanes + l];
            } else if (map.rowFoldOf(fold) == 0 || cg >= map.spatialCols()) { // an idle slot starts from zero
                incoming[0] = 0;
                incoming[1] = 0;
            } else {
                int b = step * slots + slot;
                if (psumBufferFold[b] != fold - 1) {
                    throw new IllegalStateException("partial sum of fold " + (fold - 1) + " not ready for fold "
                            + fold + " at slot " + slot + ", step " + step + ", beat " + beat);
                }
                incoming[0] = psumBuffer[b];
                incoming[1] = psumBufferExact[b];
            }
        }

        /** A partial sum leaves the bottom of its column: into the buffer, or out as a final output. */
        private void leaveBottom(int fold, int step, int slot, int cg, int mm, int nn, long value, long exact) {
            if (cg >= map.spatialCols()) {
                return;
            }
            if (map.rowFoldOf(fold) == map.rowFolds() - 1) {
                output(map.groupOf(fold), mm, nn, value, exact);
                if (edges) {
                    trace.edge(beatBase, CycleTrace.Edge.OUTPUT, rows - 1, slot / lanes, slot % lanes, value);
                }
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
     * lane l of PE (r, c) accumulates output (m, n) over the reduction in its own register and hands it to a side
     * port after its last step.
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
        private final long[] rowVal;

        OutputStationary(ArchConfig arch, Lowered layer, Mapping map, EngineOptions options, Datapath dp,
                         RegisterInventory regs) {
            super(arch, layer, map, options, dp, regs);
            this.k = map.streamed();
            this.x = new Register(pes, width);
            this.w = new Register(pes, lanes * width);
            this.accum = new long[pes * lanes];
            this.exact = new long[pes * lanes];
            this.colFold = new int[cols];
            this.colStep = new int[cols];
            this.colVal = new long[cols * lanes * width];
            this.rowVal = new long[width];
        }

        private void controller(long beat) {
            if (streamsStarted < folds) {
                int f = streamsStarted;
                boolean ready = f == 0 || (map.overlap() ? beat >= streamStarts[f - 1] + k : foldsDone >= f);
                if (ready) {
                    startStream(beat);
                }
            }
        }

        @Override
        void step(long beat) {
            controller(beat);
            weightsIn(beat);
            int stride = lanes * width;
            for (int r = rows - 1; r >= 0; r--) {
                int f = foldAt(beat - r, streamsStarted);
                int rowStep = f < 0 ? 0 : (int) (beat - r - streamStarts[f]);
                if (f >= 0) {
                    int m = map.rowFoldOf(f) * rows + r;
                    if (m < map.spatialRows()) {
                        dp.data(map.groupOf(f), m, rowStep, rowVal, 0);
                    } else {
                        Arrays.fill(rowVal, 0);
                    }
                    if (edges) {
                        traceOperands(CycleTrace.Edge.STREAM_IN, r, 0, 0, rowVal, 0, false);
                    }
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
                        System.arraycopy(colVal, c * stride, w.value, i * stride, stride);
                    } else {
                        w.copy(i, w, i - cols);
                    }
                    int fold = x.fold[i];
                    if (fold < 0) {
                        continue;
                    }
                    registerBits += regs.bitsPerStep(); // the data register, L weight registers, L accumulators
                    if (w.fold[i] != fold || w.step[i] != x.step[i]) {
                        throw new IllegalStateException("operands out of step at PE(" + r + "," + c + ") beat " + beat);
                    }
                    mac(i, r, c, beat, fold, x.step[i]);
                }
            }
        }

        /** The top edge: the weights (every lane's) entering each column this beat, with their fold and step. */
        private void weightsIn(long beat) {
            int stride = lanes * width;
            for (int c = 0; c < cols; c++) {
                int f = foldAt(beat - c, streamsStarted);
                colFold[c] = f;
                if (f >= 0) {
                    int kk = (int) (beat - c - streamStarts[f]);
                    colStep[c] = kk;
                    for (int l = 0; l < lanes; l++) {
                        int n = slotOf(f, c, l);
                        int off = c * stride + l * width;
                        if (n < map.spatialCols()) {
                            dp.weight(map.groupOf(f), kk, n, colVal, off);
                        } else {
                            Arrays.fill(colVal, off, off + width, 0);
                        }
                        if (edges) {
                            traceOperands(CycleTrace.Edge.WEIGHT_IN, 0, c, l * width, colVal, off, true);
                        }
                    }
                }
            }
        }

        private void mac(int i, int r, int c, long beat, int fold, int kk) {
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
                if (real) {
                    accum[li] = dp.accumulate(accum[li], exact[li], w.value, li * width, x.value, i * width, fold, r, c, l,
                            g, m, n, kk);
                    exact[li] = exactOut[0];
                    observe(exact[li]);
                    if (kk == k - 1) {
                        output(g, m, n, accum[li], exact[li]);
                        if (edges) {
                            trace.edge(beatBase, CycleTrace.Edge.OUTPUT, r, c, l, accum[li]);
                        }
                    }
                }
            }
            if (kk == k - 1 && r == rows - 1 && c == cols - 1) {
                foldFinished(fold, beat);
            }
        }
    }

    /** One kind of register in every PE: {@code width} entries and their exact values, a fold tag and a step. */
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

        /** Sets PE i's entries from {@code values} (its first {@code width}). */
        void set(int i, long[] values, int f, int s) {
            System.arraycopy(values, 0, value, i * width, width);
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
