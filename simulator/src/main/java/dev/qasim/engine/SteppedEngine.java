package dev.qasim.engine;

import dev.qasim.arith.AccumulatorSpec;
import dev.qasim.arith.MultiplierSpec;
import dev.qasim.arith.OverflowPolicy;
import dev.qasim.arith.Signedness;
import dev.qasim.config.ArchConfig;
import dev.qasim.workload.LayerValues;
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
 *
 * <p>How a beat is computed (none of it changes a value any PE reads, a counter, an event or a trace call): every
 * register kind is one flat array per field over all PEs (struct of arrays); a register that moves (the stream and
 * the os data to the right, the preload pipeline and the os weights down) carries a valid tag (its fold, -1 for
 * none), and each row keeps the span of columns whose tags may be valid. A beat moves a row's entries in bulk and
 * steps its PEs only where a valid entry may be or arrive (the span grown by the one column an entry moves right;
 * for a register moving down, the spans of the row and the row above): outside, every tag is -1 before and after
 * the beat, and the registers there would only pass on values no PE reads. An idle PE's partial-sum tag is cleared
 * in the beat after its last step, as the wavefront's trailing edge passes it.
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
        abstract void data(int g, int mm, int rg, int[] out, int off);

        /** The weight entries of reduction row {@code rg}, column {@code nn}, of group g. */
        abstract void weight(int g, int rg, int nn, int[] out, int off);

        /**
         * One step of one output's chain in one PE lane: the registers' operands added into {@code before}.
         *
         * @param exact the exact value before, the exact value after in {@code m.exactOut}
         * @return the accumulator's new value
         */
        abstract long accumulate(long before, long exact, int[] w, int wo, int[] x, int xo, int fold, int r, int c,
                                 int lane, int g, int mm, int nn, int rg);

        /** What the trace shows of a register entry fetched by data() or weight(): the operand's value. */
        long shown(int entry, boolean weight) {
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
        LayerValues arrayValues() {
            return null;
        }

        TermCounts termCounts(long beats) {
            return null;
        }
    }

    /** Bit-parallel MAC lanes: a register holds one value; a beat is one cycle, one multiply and one add. */
    private static final class MacDatapath extends Datapath {
        private final Lowered layer;
        private final MultiplierSpec mul;
        private final Signedness dataSign;
        // the multiplier's input ranges (an operand outside one is refused, as MultiplierSpec refuses it)
        private final long weightMin;
        private final long weightMax;
        private final long dataMin;
        private final long dataMax;
        private GroupOperands ops;
        private int opsGroup = -1;

        MacDatapath(ArchConfig arch, Lowered layer) {
            this.layer = layer;
            this.mul = arch.pe().multiplier();
            this.dataSign = layer.dataType().signedness();
            this.weightMin = Signedness.SIGNED.min(mul.bits());
            this.weightMax = Signedness.SIGNED.max(mul.bits());
            this.dataMin = dataSign.min(mul.bits());
            this.dataMax = dataSign.max(mul.bits());
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
        void data(int g, int mm, int rg, int[] out, int off) {
            out[off] = operands(g).data(mm, rg);
        }

        @Override
        void weight(int g, int rg, int nn, int[] out, int off) {
            out[off] = operands(g).weight(rg, nn);
        }

        @Override
        long accumulate(long before, long exact, int[] w, int wo, int[] x, int xo, int fold, int r, int c, int lane,
                        int g, int mm, int nn, int rg) {
            int weight = w[wo];
            int data = x[xo];
            if (weight < weightMin || weight > weightMax || data < dataMin || data > dataMax) {
                mul.multiply(weight, Signedness.SIGNED, data, dataSign); // refuses the operand that does not fit
            }
            long product = (long) weight * data;
            m.macs++;
            m.cycleMacs++;
            m.exactOut = exact + product;
            return m.add(before, product, fold, r, c, lane, m.beatBase, g, mm, nn, rg, 0);
        }
    }

    /**
     * Serial PEs: a register holds a group of g operands, each the handle of a tensor element whose parts the
     * encoders produced (weights: the element's index; data: index + 1, 0 for padding); a beat adds the group's
     * pairs.
     */
    private static final class SerialDatapath extends Datapath implements SerialOperands.PairAdder {
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
        // where the group step being added runs (read by add(), which the group step calls once per pair)
        private int stepFold;
        private int stepRow;
        private int stepCol;
        private int stepGroup;
        private int stepM;
        private int stepN;

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
        void data(int group, int mm, int r, int[] out, int off) {
            GroupOperands idx = index(group);
            int from = ops.groups.start(r);
            int to = ops.groups.start(r + 1);
            for (int j = 0; j < g; j++) {
                out[off + j] = from + j < to ? idx.data(mm, from + j) : 0;
            }
        }

        @Override
        void weight(int group, int r, int nn, int[] out, int off) {
            GroupOperands idx = index(group);
            int from = ops.groups.start(r);
            int to = ops.groups.start(r + 1);
            for (int j = 0; j < g; j++) {
                out[off + j] = from + j < to ? idx.weight(from + j, nn) + 1 : 0; // as data: index + 1, 0 for none
            }
        }

        @Override
        long accumulate(long before, long exact, int[] w, int wo, int[] x, int xo, int fold, int r, int c, int lane,
                        int group, int mm, int nn, int rg) {
            int from = ops.groups.start(rg);
            int size = ops.groups.start(rg + 1) - from;
            long exactAfter = exact;
            for (int j = 0; j < size; j++) {
                wScratch[j] = w[wo + j] - 1;
                xScratch[j] = x[xo + j];
                if (xScratch[j] != 0) { // padding holds no value
                    exactAfter += (long) revealedWeights[wScratch[j]] * truncatedData[xScratch[j] - 1];
                }
            }
            stepFold = fold;
            stepRow = r;
            stepCol = c;
            stepGroup = group;
            stepM = mm;
            stepN = nn;
            long value = ops.groupStep(before, wScratch, -from, xScratch, -from, from, from + size, this, pairCount);
            m.macs += size; // a group step is g MACs (padding included)
            m.cycleMacs++;
            pairs += pairCount[0];
            beatSteps = Math.max(beatSteps, (pairCount[0] + tpc - 1) / tpc);
            m.exactOut = exactAfter;
            return value;
        }

        /** One pair's addition, in the cycle of its pair within the beat. */
        @Override
        public long add(long value, long addend, int kk, int pair) {
            return m.add(value, addend, stepFold, stepRow, stepCol, 0, m.beatBase + pair / tpc, stepGroup, stepM, stepN, kk,
                    pair);
        }

        /** An operand's value as the PE adds it: the revealed weight or the truncated data value; 0 for none. */
        @Override
        long shown(int handle, boolean weight) {
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
        LayerValues arrayValues() {
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
        /** The accumulator's range (an addition whose exact result leaves it is an overflow event). */
        final long accMin;
        final long accMax;
        final int spatialRows;
        final int spatialCols;
        final int rowFolds;
        final OverflowLog log;
        final CycleTrace trace;
        /** Whether the trace receives edge values. */
        final boolean edges;
        final long[] outputs;
        final long[] streamStarts;
        final int folds;
        /** The exact value of the chain the datapath's last accumulate() added to, after it. */
        long exactOut;
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
        // the fold of the PE being computed, taken apart once per change of fold (divisions are slow)
        int foldNow = -1;
        int groupNow;
        int rowFoldNow;
        /** The first column slot of the fold's column fold. */
        int slotBaseNow;
        // the columns of the row moveRight() moved last, besides column 0
        int visitFrom;
        int visitTo;

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
            this.accMin = acc.min();
            this.accMax = acc.max();
            this.spatialRows = map.spatialRows();
            this.spatialCols = map.spatialCols();
            this.rowFolds = map.rowFolds();
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

        /** Takes fold apart into {@link #groupNow}, {@link #rowFoldNow} and {@link #slotBaseNow}. */
        final void selectFold(int fold) {
            if (fold != foldNow) {
                foldNow = fold;
                rowFoldNow = map.rowFoldOf(fold);
                groupNow = map.groupOf(fold);
                slotBaseNow = map.colFoldOf(fold) * slots;
            }
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
        final long add(long before, long addend, int fold, int row, int col, int lane, long cycle, int g, int m, int n,
                       int k, int term) {
            long sum = before + addend;
            if (((before ^ sum) & (addend ^ sum)) >= 0 && sum >= accMin && sum <= accMax) {
                return sum; // no overflow: the exact sum fits 64 bits and the accumulator
            }
            return overflow(before, addend, fold, row, col, lane, cycle, g, m, n, k, term);
        }

        /** An addition whose exact result leaves the accumulator's range: the policy's result, the event logged. */
        private long overflow(long before, long addend, int fold, int row, int col, int lane, long cycle, int g, int m,
                              int n, int k, int term) {
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
        void traceOperands(CycleTrace.Edge edge, int row, int col, int lane0, int[] values, int off, boolean weight) {
            for (int j = 0; j < width; j++) {
                trace.edge(beatBase, edge, row, col, lane0 + j, dp.shown(values[off + j], weight));
            }
        }

        /** A message naming a PE and a beat, for a broken hand-over. */
        static String where(String what, int r, int c, long beat) {
            return what + " at PE(" + r + "," + c + ") beat " + beat;
        }

        /** Records an exact prefix sum (for the observed partial-sum range). */
        final void observe(long exactPrefix) {
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

        /**
         * Moves row r of a register that travels right by one PE, the edge entries entering column 0. Only the
         * row's span of possibly valid columns grown by one column moves: elsewhere every tag is -1 and stays -1.
         * The row's PEs to visit next are column 0 and {@link #visitFrom} to {@link #visitTo}; their stepping sets
         * the row's new span.
         */
        final void moveRight(Register reg, int r, int[] edge, int edgeFold, int edgeStep, Spans spans) {
            int base = r * cols;
            visitTo = Math.min(spans.hi[r] + 1, cols - 1);
            visitFrom = Math.max(spans.lo[r], 1);
            if (visitFrom <= visitTo) {
                reg.move(base + visitFrom - 1, base + visitFrom, visitTo - visitFrom + 1);
            }
            reg.set(base, edge, edgeFold, edgeStep);
        }

        /** Whether column c is one moveRight() asked to visit. */
        final boolean visited(int c) {
            return c == 0 || c >= visitFrom && c <= visitTo;
        }

        /**
         * Moves row r - 1 of a register that travels down into row r (the rows below already moved) over the
         * columns that may hold valid entries in either row; the row's span updated.
         *
         * @return the valid entries that arrived
         */
        final int moveDown(Register reg, int r, Spans spans) {
            int from = Math.min(spans.lo[r - 1], spans.lo[r]);
            int to = Math.max(spans.hi[r - 1], spans.hi[r]);
            if (from > to) {
                return 0;
            }
            int base = r * cols;
            reg.move(base + from - cols, base + from, to - from + 1);
            int[] fold = reg.fold;
            int arrivals = 0;
            int newLo = cols;
            int newHi = -1;
            for (int c = from; c <= to; c++) {
                if (fold[base + c] >= 0) {
                    arrivals++;
                    if (!latched(base + c, r)) {
                        newLo = Math.min(newLo, c);
                        newHi = c;
                    }
                }
            }
            spans.lo[r] = newLo;
            spans.hi[r] = newHi;
            return arrivals;
        }

        /**
         * A valid entry has moved down into PE i's register (row r): whether the PE took it out of the register.
         */
        boolean latched(int i, int r) {
            return false;
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
         * One beat. Every PE reads its left and upper neighbours' registers of the previous beat: rows are
         * stepped from the bottom up and each row from right to left, registers updated in place.
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
        private final PartialSums psum;
        private final int[] edgePipe;
        private final int[] edgeStream;
        // where the stream and the preload pipeline may hold valid entries
        private final Spans streamSpans;
        private final Spans pipeSpans;
        // bits of one stream register, and of every lane's stationary registers and partial sums
        private final long streamBits;
        private final long stationaryBits;
        private final long psumBits;
        // partial-sum buffer: T x slots entries, each valid for the fold that wrote it (the next row fold reads it)
        private final long[] psumBuffer;
        private final long[] psumBufferExact;
        private final int[] psumBufferFold;
        // controller
        private final long[] preloadStarts;
        private int preloadsStarted;
        // row 0's pipeline span, gathered by preloadIn() in this beat
        private int newPipeLo;
        private int newPipeHi;
        // the row being stepped: its busy PEs and the span of their columns
        private int rowBusy;
        private int rowLo;
        private int rowHi;
        // the exact value of the partial sum a PE of the top row takes in (partialSumIn)
        private long inExact;

        Stationary(ArchConfig arch, Lowered layer, Mapping map, EngineOptions options, Datapath dp, RegisterInventory regs) {
            super(arch, layer, map, options, dp, regs);
            this.ws = map.schedule().weightsStationary();
            this.t = map.streamed();
            this.active = new Register(pes, lanes * width);
            this.shadow = new Register(pes, lanes * width);
            this.pipe = new Register(pes, lanes * width);
            this.stream = new Register(pes, width);
            this.psum = new PartialSums(pes, lanes);
            this.edgePipe = new int[lanes * width];
            this.edgeStream = new int[width];
            this.streamSpans = new Spans(rows, cols);
            this.pipeSpans = new Spans(rows, cols);
            this.streamBits = regs.streamBits();
            this.stationaryBits = regs.stationaryBitsAllLanes();
            this.psumBits = (long) lanes * regs.accumulatorBits();
            this.preloadStarts = new long[folds];
            this.psumBuffer = new long[Math.multiplyExact(t, slots)];
            this.psumBufferExact = new long[psumBuffer.length];
            this.psumBufferFold = filled(psumBuffer.length, -1);
        }

        /** Lane l's stationary entries for row r, PE column c of a fold (zeros for an idle PE or lane). */
        private void stationaryValues(int fold, int r, int c, int l, int[] out) {
            int rg = map.rowFoldOf(fold) * rows + r;
            int cg = slotOf(fold, c, l);
            int off = l * width;
            if (rg >= spatialRows || cg >= spatialCols) {
                Arrays.fill(out, off, off + width, 0);
            } else if (ws) {
                dp.weight(map.groupOf(fold), rg, cg, out, off);
            } else {
                dp.data(map.groupOf(fold), cg, rg, out, off);
            }
        }

        /** The stream entries entering row r at a fold's step (zeros for an idle row). */
        private void streamValues(int fold, int step, int r, int[] out) {
            int rg = map.rowFoldOf(fold) * rows + r;
            if (rg >= spatialRows) {
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

        /**
         * Row by row from the bottom: the stream moves right and the PEs holding an element compute (a swap in
         * this beat reads the shadow registers of the previous beat), then the preload pipeline moves down into
         * the row. Row 0 takes the pipeline's new entries column by column after each PE's step.
         */
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
                if (r == 0) {
                    newPipeLo = cols;
                    newPipeHi = -1;
                }
                moveRight(stream, r, edgeStream, edgeFold, edgeStep, streamSpans);
                computeRow(r, beat);
                if (r == 0) {
                    pipeSpans.lo[0] = newPipeLo;
                    pipeSpans.hi[0] = newPipeHi;
                } else {
                    registerBits += moveDown(pipe, r, pipeSpans) * stationaryBits;
                }
            }
        }

        /**
         * The PEs of row r (its stream moved), right to left: each that holds a stream element computes; one that
         * held one in the previous beat and no longer does clears its partial-sum tag. In row 0 each column's
         * preload pipeline entry arrives after its PE's step.
         */
        private void computeRow(int r, long beat) {
            rowBusy = 0;
            rowLo = cols;
            rowHi = -1;
            if (r == 0) {
                for (int c = cols - 1; c >= 0; c--) {
                    if (visited(c)) {
                        stepPe(0, c, beat);
                    }
                    preloadIn(c, beat);
                }
            } else {
                for (int c = visitTo; c >= visitFrom; c--) {
                    stepPe(r, c, beat);
                }
                stepPe(r, 0, beat);
            }
            streamSpans.lo[r] = rowLo;
            streamSpans.hi[r] = rowHi;
            cycleBusy += rowBusy;
            registerBits += rowBusy * (streamBits + psumBits);
        }

        /** PE(r, c) computes if it holds a stream element, else clears its partial-sum tag. */
        private void stepPe(int r, int c, long beat) {
            int i = r * cols + c;
            int fold = stream.fold[i];
            if (fold < 0) {
                psum.fold[i] = -1;
                return;
            }
            compute(i, r, c, beat, fold, stream.step[i]);
            rowBusy++;
            rowHi = Math.max(rowHi, c);
            rowLo = c;
        }

        /**
         * The preload pipeline of PE(0, c): the controller feeds fold f's stationary rows deepest first: entry e
         * (row R-1-e) enters column c at preloadStart + e + c; it is latched into the shadow registers of row 0 or
         * passed down.
         */
        private void preloadIn(int c, long beat) {
            int fold = -1;
            int dest = -1;
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
                pipe.fold[c] = -1;
                return;
            }
            for (int l = 0; l < lanes; l++) {
                stationaryValues(fold, dest, c, l, edgePipe);
                if (edges) {
                    traceOperands(CycleTrace.Edge.PRELOAD_IN, dest, c, l * width, edgePipe, l * width, ws);
                }
            }
            registerBits += stationaryBits;
            if (dest == 0) {
                shadow.set(c, edgePipe, fold, dest);
                pipe.fold[c] = -1; // consumed
            } else {
                pipe.set(c, edgePipe, fold, dest);
                newPipeLo = c;
                newPipeHi = Math.max(newPipeHi, c);
            }
        }

        /**
         * A pipeline entry has moved down into PE i (row r): latched into the shadow registers when it is meant for
         * this row (a pipeline register's step is the row its values are meant for), else passed on next beat.
         */
        @Override
        boolean latched(int i, int r) {
            if (pipe.step[i] != r) {
                return false;
            }
            shadow.copy(i, pipe, i);
            pipe.fold[i] = -1; // consumed
            return true;
        }

        /**
         * PE i (row r, column c) takes stream element (fold, step): the shadow registers swapped in by a new fold's
         * first element, the partial sum from above checked in step, then every lane's step.
         */
        private void compute(int i, int r, int c, long beat, int fold, int step) {
            if (active.fold[i] != fold) {
                swapIn(i, r, c, beat, fold);
            }
            if (r > 0 && (psum.fold[i - cols] != fold || psum.step[i - cols] != step)) {
                throw new IllegalStateException(where("partial sum out of step", r, c, beat));
            }
            selectFold(fold);
            lane(i, r, c, 0, beat, fold, step);
            for (int l = 1; l < lanes; l++) { // the first lane apart: most PEs have one
                lane(i, r, c, l, beat, fold, step);
            }
            psum.fold[i] = fold;
            psum.step[i] = step;
            if (r == rows - 1 && c == cols - 1 && step == t - 1) {
                foldFinished(fold, beat);
            }
        }

        /**
         * Lane l of PE i adds its product (a real slot of a real row) to the partial sum it takes in: the one the PE
         * above passed down, or at the top row {@link #partialSumIn}'s.
         */
        private void lane(int i, int r, int c, int l, long beat, int fold, int step) {
            int li = i * lanes + l;
            int cg = slotBaseNow + c * lanes + l;
            int rg = rowFoldNow * rows + r;
            long value = r > 0 ? psum.value[li - slots] : partialSumIn(c, l, fold, step, cg, beat);
            long exact = r > 0 ? psum.exact[li - slots] : inExact;
            if (rg < spatialRows && cg < spatialCols) {
                value = ws ? dp.accumulate(value, exact, active.value, li * width, stream.value, i * width, fold, r, c,
                        l, groupNow, step, cg, rg)
                        : dp.accumulate(value, exact, stream.value, i * width, active.value, li * width, fold, r, c,
                        l, groupNow, cg, step, rg);
                exact = exactOut;
                observe(exact);
            }
            psum.value[li] = value;
            psum.exact[li] = exact;
            if (r == rows - 1) {
                leaveBottom(fold, step, c * lanes + l, cg, value, exact);
            }
        }

        /** The first element of a new fold swaps the shadow registers in. */
        private void swapIn(int i, int r, int c, long beat, int fold) {
            if (shadow.fold[i] != fold) {
                throw new IllegalStateException(where("preload hazard", r, c, beat) + ": fold " + fold
                        + " arrived before its stationary operand");
            }
            active.copy(i, shadow, i);
            registerBits += stationaryBits;
        }

        /**
         * The partial sum lane l of PE(0, c) starts from (its exact value into {@link #inExact}): the previous row
         * fold's from the buffer, zero in the first row fold and for an idle slot.
         */
        private long partialSumIn(int c, int l, int fold, int step, int cg, long beat) {
            long value = 0;
            inExact = 0;
            if (rowFoldNow > 0 && cg < spatialCols) {
                int b = bufferIndex(fold, step, c * lanes + l, beat);
                value = psumBuffer[b];
                inExact = psumBufferExact[b];
            }
            if (edges) {
                trace.edge(beatBase, CycleTrace.Edge.PSUM_IN, 0, c, l, value);
            }
            return value;
        }

        /** The buffer entry of the previous row fold's partial sum at (step, slot), checked ready. */
        private int bufferIndex(int fold, int step, int slot, long beat) {
            int b = step * slots + slot;
            if (psumBufferFold[b] != fold - 1) {
                throw new IllegalStateException("partial sum of fold " + (fold - 1) + " not ready for fold "
                        + fold + " at slot " + slot + ", step " + step + ", beat " + beat);
            }
            return b;
        }

        /** A partial sum leaves the bottom of its column: into the buffer, or out as a final output. */
        private void leaveBottom(int fold, int step, int slot, int cg, long value, long exact) {
            if (edges) {
                trace.edge(beatBase, CycleTrace.Edge.PSUM_OUT, rows - 1, slot / lanes, slot % lanes, value);
            }
            if (cg >= spatialCols) {
                return;
            }
            if (rowFoldNow == rowFolds - 1) {
                output(groupNow, ws ? step : cg, ws ? cg : step, value, exact);
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
        private final int[] colVal;
        private final int[] rowVal;
        // where the data and the weights may hold valid entries
        private final Spans xSpans;
        private final Spans wSpans;
        private final long stepBits;

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
            this.colVal = new int[cols * lanes * width];
            this.rowVal = new int[width];
            this.xSpans = new Spans(rows, cols);
            this.wSpans = new Spans(rows, cols);
            this.stepBits = regs.bitsPerStep();
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

        /** Row by row from the bottom: the weights move down into the row, then the data right, and the PEs step. */
        @Override
        void step(long beat) {
            controller(beat);
            weightsIn(beat);
            for (int r = rows - 1; r >= 0; r--) {
                int f = foldAt(beat - r, streamsStarted);
                int rowStep = f < 0 ? 0 : (int) (beat - r - streamStarts[f]);
                if (f >= 0) {
                    int m = map.rowFoldOf(f) * rows + r;
                    if (m < spatialRows) {
                        dp.data(map.groupOf(f), m, rowStep, rowVal, 0);
                    } else {
                        Arrays.fill(rowVal, 0);
                    }
                    if (edges) {
                        traceOperands(CycleTrace.Edge.STREAM_IN, r, 0, 0, rowVal, 0, false);
                    }
                }
                if (r == 0) {
                    topRowWeights();
                } else {
                    moveDown(w, r, wSpans);
                }
                moveRight(x, r, rowVal, f, rowStep, xSpans);
                macRow(r, beat);
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
                        if (n < spatialCols) {
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

        /** Row 0's weight registers take the top edge's entries. */
        private void topRowWeights() {
            int newLo = cols;
            int newHi = -1;
            for (int c = 0; c < cols; c++) {
                w.set(c, colVal, c * w.width, colFold[c], colStep[c]);
                if (colFold[c] >= 0) {
                    newLo = Math.min(newLo, c);
                    newHi = c;
                }
            }
            wSpans.lo[0] = newLo;
            wSpans.hi[0] = newHi;
        }

        /** The PEs of row r (its data and weights moved) that hold a data element step, right to left. */
        private void macRow(int r, long beat) {
            int newLo = cols;
            int newHi = -1;
            int busy = 0;
            for (int c = visitTo; c >= 0; c--) {
                int i = r * cols + c;
                if (visited(c) && x.fold[i] >= 0) {
                    int fold = x.fold[i];
                    if (w.fold[i] != fold || w.step[i] != x.step[i]) {
                        throw new IllegalStateException(where("operands out of step", r, c, beat));
                    }
                    mac(i, r, c, beat, fold, x.step[i]);
                    busy++;
                    newHi = Math.max(newHi, c);
                    newLo = c;
                }
            }
            xSpans.lo[r] = newLo;
            xSpans.hi[r] = newHi;
            cycleBusy += busy;
            registerBits += busy * stepBits; // the data register, L weight registers, L accumulators
        }

        private void mac(int i, int r, int c, long beat, int fold, int kk) {
            selectFold(fold);
            int m = rowFoldNow * rows + r;
            int g = groupNow;
            for (int l = 0; l < lanes; l++) {
                int li = i * lanes + l;
                if (kk == 0) {
                    accum[li] = 0; // a new output starts; the previous one left on the side port
                    exact[li] = 0;
                }
                int n = slotBaseNow + c * lanes + l;
                if (m < spatialRows && n < spatialCols) {
                    accum[li] = dp.accumulate(accum[li], exact[li], w.value, li * width, x.value, i * width, fold, r, c, l,
                            g, m, n, kk);
                    exact[li] = exactOut;
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

    /**
     * One kind of register in every PE: {@code width} entries, a fold tag (-1: no valid entries) and a step,
     * each a flat array over the PEs.
     */
    private static final class Register {
        final int width;
        final int[] value;
        final int[] fold;
        final int[] step;

        Register(int pes, int width) {
            this.width = width;
            value = new int[pes * width];
            fold = filled(pes, -1);
            step = new int[pes];
        }

        /** Sets PE i's entries from {@code values} (its first {@code width}). */
        void set(int i, int[] values, int f, int s) {
            set(i, values, 0, f, s);
        }

        /** Sets PE i's entries from {@code width} entries of {@code values} at {@code off}. */
        void set(int i, int[] values, int off, int f, int s) {
            System.arraycopy(values, off, value, i * width, width);
            fold[i] = f;
            step[i] = s;
        }

        /** Copies the registers of PEs j to j + n - 1 into PEs i to i + n - 1 (the ranges may overlap). */
        void move(int j, int i, int n) {
            System.arraycopy(value, j * width, value, i * width, n * width);
            System.arraycopy(fold, j, fold, i, n);
            System.arraycopy(step, j, step, i, n);
        }

        /** Copies PE j's register of {@code from} into PE i's. */
        void copy(int i, Register from, int j) {
            if (width == 1) {
                value[i] = from.value[j];
            } else {
                System.arraycopy(from.value, j * width, value, i * width, width);
            }
            fold[i] = from.fold[j];
            step[i] = from.step[j];
        }
    }

    /**
     * Per row of the array, the span of columns (lo to hi) in which a moving register's tags may be valid; lo > hi
     * when there are none. Outside its span every tag of the row is -1.
     */
    private static final class Spans {
        final int[] lo;
        final int[] hi;

        Spans(int rows, int cols) {
            lo = filled(rows, cols);
            hi = filled(rows, -1);
        }
    }

    /** Every PE's partial-sum registers, one per lane, with their exact values, a fold tag and a step. */
    private static final class PartialSums {
        final long[] value;
        final long[] exact;
        final int[] fold;
        final int[] step;

        PartialSums(int pes, int lanes) {
            value = new long[pes * lanes];
            exact = new long[pes * lanes];
            fold = filled(pes, -1);
            step = new int[pes];
        }
    }

    private static int[] filled(int size, int value) {
        int[] a = new int[size];
        Arrays.fill(a, value);
        return a;
    }
}
