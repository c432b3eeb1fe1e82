package dev.qasim.engine;

import dev.qasim.arith.Vectors;
import dev.qasim.quant.AccumulatorBounds;
import dev.qasim.arith.AccumulatorSpec;
import dev.qasim.arith.OverflowPolicy;
import dev.qasim.config.ArchConfig;
import dev.qasim.workload.IntTensor;
import dev.qasim.workload.Layer;
import dev.qasim.workload.Lowered;
import dev.qasim.workload.MatrixForm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The default engine: the same results as {@link SteppedEngine} at array-level speed. Cycles come from the
 * closed-form schedule of {@link Mapping} (proven equal to the stepped model by randomized tests); every output
 * is one accumulation chain over its K products in K order, computed whole. A column whose static bound
 * ||w_n||_1 * max|x| fits the accumulator cannot overflow at any prefix, so its outputs are plain dot products
 * with no per-addition check; every other column is accumulated addition by addition with the policy applied
 * and each event placed at the PE and cycle where the stepped model would see it. Data rows are lowered in
 * chunks, which run in parallel: in the pool the caller runs in (a sweep's pool, whose idle workers then help
 * with another point's layer), else in the common pool on all cores; results do not depend on the number of
 * threads.
 */
public final class FastEngine implements Engine {
    /** Rows of X lowered and computed per task. */
    static final int CHUNK_ROWS = 64;
    /**
     * Tasks a group's rows are split into at least, columns split too where its rows alone give fewer: two per core
     * (each part of a row's columns lowers the rows again).
     */
    static final int MIN_TASKS = 2 * Runtime.getRuntime().availableProcessors();

    /** The most weights (ints) of one group copied K-major whole for the vector kernels (64 MB). */
    static final long WHOLE_COPY_LIMIT = 1L << 24;

    /** Columns per block of the vector kernel (four vectors of the preferred width; 64 without vectors). */
    static final int BLOCK_COLUMNS = Vectors.enabled() ? VectorKernels.width() : 64;

    /**
     * A layer's timing and value-independent counts without its values (shape-only exploration): cycles, MACs,
     * register writes (term-pair slots for a budgeted term-serial array); no outputs, no events. Only for
     * architectures whose timing does not depend on values ({@link Simulator#timingNeedsValues}).
     */
    public static ArrayRun timingOnly(ArchConfig arch, Layer layer) {
        MatrixForm form = layer.matrixForm();
        ProcessingElement pe = ProcessingElement.of(arch);
        Mapping map = pe.map(arch.array(), layer);
        long[] starts = map.streamStarts();
        long cycles = map.computeCycles();
        long registers = new RegisterTraffic(map, pe.registers(map.schedule(), layer.spec().weights().bits(),
                layer.spec().data().bits())).bitsThrough(cycles - 1);
        TermCounts terms = null;
        if (pe instanceof SerialPe serial) { // fixed beats: every beat the same length
            int beat = serial.fixedBeatCycles(layer);
            if (beat == 0) {
                throw new IllegalStateException("layer " + layer.name() + ": beats depend on the values");
            }
            long steps = (long) form.groups() * form.m() * form.n() * map.groupStarts().count();
            terms = new TermCounts(0, steps * beat * serial.pairsPerCycle(), cycles);
            cycles = cycles * beat + (long) map.folds() * SerialPe.ENCODER_LATENCY_CYCLES;
        }
        return ArrayRun.builder().computeCycles(cycles).macs(form.macs())
                .overflow(OverflowSummary.none(form.groups() * form.n())).streamStarts(starts).registerWriteBits(registers)
                .termCounts(terms).build();
    }

    /** Whether the vector kernels compute the blocks of columns they can. */
    private final boolean vectors;
    /** The most weights of a group copied K-major whole ({@link #WHOLE_COPY_LIMIT}; tests lower it). */
    private final long wholeCopyLimit;

    /** The engine, on the vector kernels when the JVM has them ({@link Vectors#enabled}). */
    public FastEngine() {
        this(true);
    }

    /** The engine, on the scalar kernels only unless {@code vectors} and the JVM has them (tests compare both). */
    FastEngine(boolean vectors) {
        this(vectors, WHOLE_COPY_LIMIT);
    }

    /** The same, copying a group's weights K-major whole only up to {@code wholeCopyLimit} ints. */
    FastEngine(boolean vectors, long wholeCopyLimit) {
        this.vectors = vectors && Vectors.enabled();
        this.wholeCopyLimit = wholeCopyLimit;
    }

    @Override
    public ArrayRun run(ArchConfig arch, Lowered layer, EngineOptions options) {
        return run(arch, layer, options, null);
    }

    /**
     * The same, taking what runs of this layer's values share from {@code shared} (null: nothing shared). On a MAC
     * array the outputs and observed partial sums depend on the accumulator only, not on the array or its dataflow:
     * where no column can overflow they are computed by the first such run and reused by all; with a wrapping or
     * saturating accumulator that may overflow, by the first run with that accumulator, which also records each
     * output's event count and first event, from which the others find their own events. The rest (cycles, where
     * events happen, registers) is this run's own; trap and widen-replay compute everything.
     *
     * @throws IllegalArgumentException when {@code shared} holds other values than {@code layer}
     */
    @Override
    public ArrayRun run(ArchConfig arch, Lowered layer, EngineOptions options, SharedLayer shared) {
        ProcessingElement pe = ProcessingElement.of(arch);
        Mapping map = pe.map(arch.array(), layer.layer());
        if (pe instanceof SerialPe serial) {
            return new SerialFast(arch, serial, layer, map, options).run();
        }
        Run run = new Run(arch, pe, layer, map, options, vectors, wholeCopyLimit);
        if (shared == null) {
            return run.execute();
        }
        if (shared.values() != layer.values()) {
            throw new IllegalArgumentException("layer " + layer.layer().name() + ": the shared values are not the layer's");
        }
        long l1 = shared.maxColumnL1();
        long data = shared.maxAbsData();
        boolean noColumnOverflows = data == 0 || (l1 <= Long.MAX_VALUE / data && l1 * data <= run.acc.max());
        if (!noColumnOverflows) {
            if (run.trapPolicy || run.widenReplay) {
                return run.execute(); // which fold an event is in decides the replays; where the first one is, the trap
            }
            ArrayRun[] own = new ArrayRun[1]; // this run's own, when it computes the shared results
            SharedLayer.Narrow values = shared.narrow(run.acc, () -> {
                run.recordEvents();
                own[0] = run.execute();
                return new SharedLayer.Narrow(run.outputs, own[0].overflowedOutputs(), own[0].partialSums().min(),
                        own[0].partialSums().max(), run.events, run.firstEventK);
            });
            return own[0] != null ? own[0] : run.fromNarrow(values);
        }
        ArrayRun[] own = new ArrayRun[1];
        SharedLayer.Unbounded u = shared.unbounded(() -> {
            own[0] = run.execute(); // its outputs array is handed over: no run writes to it
            return new SharedLayer.Unbounded(run.outputs, own[0].partialSums().min(), own[0].partialSums().max());
        });
        return own[0] != null ? own[0] : run.finish(u.outputs(), new OverflowLog(options.eventLimit(),
                map.groups() * layer.form().n()), 0, new long[] {u.min(), u.max()}, new boolean[map.folds()]);
    }

    /** One layer's computation. */
    private static final class Run {
        final Lowered layer;
        final Mapping map;
        final AccumulatorSpec acc;
        final EngineOptions options;
        final int m;
        final int n;
        final int k;
        /** The layer's outputs, made when the layer is computed (a run that takes shared results needs none). */
        long[] outputs;
        /**
         * When recorded ({@link #recordEvents}): per output, how many additions of its chain overflow, and the K index
         * of the first (the results another run with the same accumulator finds its events from); else null.
         */
        int[] events;
        int[] firstEventK;
        final long maxAbsData;
        final boolean trapPolicy;
        final boolean widenReplay;
        final RegisterTraffic registers;
        final boolean vectors;
        final long wholeCopyLimit;
        /**
         * The prefix-sum extremes chunks have found so far, shared: a chunk starts its own from them (each is a
         * partial sum some chain reached, so the layer's extremes stay exact), and the kernels' block bounds then
         * skip almost every block from the first row on.
         */
        final AtomicLong sharedMin = new AtomicLong();
        final AtomicLong sharedMax = new AtomicLong();

        Run(ArchConfig arch, ProcessingElement pe, Lowered layer, Mapping map, EngineOptions options, boolean vectors,
            long wholeCopyLimit) {
            this.layer = layer;
            this.vectors = vectors;
            this.wholeCopyLimit = wholeCopyLimit;
            this.map = map;
            this.acc = arch.pe().accumulator();
            this.options = options;
            this.m = layer.form().m();
            this.n = layer.form().n();
            this.k = layer.form().k();
            int[] range = layer.values().data().range();
            this.maxAbsData = Math.max(Math.abs((long) range[0]), Math.abs((long) range[1]));
            this.trapPolicy = acc.policy() == OverflowPolicy.TRAP;
            this.widenReplay = acc.policy() == OverflowPolicy.WIDEN_REPLAY;
            this.registers = new RegisterTraffic(map, pe.registers(map.schedule(), layer.weightType().bits(),
                    layer.dataType().bits()));
        }

        /** Makes {@link #execute} record each output's event count and first event. */
        void recordEvents() {
            events = new int[Math.toIntExact(layer.form().outputs())];
            firstEventK = new int[events.length];
        }

        /**
         * The run from another run's results with the same accumulator (wrap or saturate): its outputs and partial
         * sums, and this array's events: each output's events counted, and the details of a chain's events found by a
         * walk of the chain only when the log could still keep one of them (none comes before the chain's first event's
         * fold at its step, see {@link Chunk#checkedBlock}). The events kept are the first ones in time whatever the
         * order they are offered in.
         */
        ArrayRun fromNarrow(SharedLayer.Narrow shared) {
            int[] events = shared.events();
            // first pass: each chain's bound, and the limit-th earliest first event U (the limit-th earliest event
            // overall comes no later): a chain whose bound is after U has no event the log keeps
            long[] bound = new long[events.length];
            int limit = options.eventLimit();
            java.util.PriorityQueue<Long> earliest = new java.util.PriorityQueue<>(java.util.Comparator.reverseOrder());
            for (int g = 0; g < map.groups(); g++) {
                for (int mm = 0; mm < m; mm++) {
                    for (int nn = 0; nn < n; nn++) {
                        int o = (int) layer.outputIndex(g, mm, nn);
                        if (events[o] == 0) {
                            continue;
                        }
                        int kk = shared.firstEventK()[o];
                        long cycle = firstCycle(g, mm, nn, kk);
                        bound[o] = cycle - map.rowIndex(mm, kk) % map.rows();
                        if (limit > 0 && (earliest.size() < limit || cycle < earliest.peek())) {
                            earliest.add(cycle);
                            if (earliest.size() > limit) {
                                earliest.poll();
                            }
                        }
                    }
                }
            }
            long last = limit == 0 ? Long.MIN_VALUE : earliest.size() < limit ? Long.MAX_VALUE : earliest.peek();
            OverflowLog log = new OverflowLog(limit, map.groups() * n);
            int[] x = new int[k];
            int[] column = new int[k];
            for (int g = 0; g < map.groups(); g++) {
                IntTensor w = null;
                for (int mm = 0; mm < m; mm++) {
                    for (int nn = 0; nn < n; nn++) {
                        int o = (int) layer.outputIndex(g, mm, nn);
                        if (events[o] == 0) {
                            continue;
                        }
                        log.count(g * n + nn, events[o]);
                        if (bound[o] <= last && log.mayKeep(bound[o])) {
                            w = w != null ? w : layer.columns(g);
                            w.copyTo(nn * k, column, 0, k);
                            layer.dataRows(g, mm, mm + 1, x);
                            walkEvents(x, 0, column, 0, g, mm, nn, log);
                        }
                    }
                }
            }
            return finish(shared.outputs(), log, shared.overflowedOutputs(), new long[] {shared.min(), shared.max()},
                    new boolean[map.folds()]);
        }

        /** The cycle in which product kk is added into output (g, mm, nn) ({@link #locate}'s cycle, nothing made). */
        long firstCycle(int g, int mm, int nn, int kk) {
            int spread = map.spreadIndex(mm, nn);
            int rowIndex = map.rowIndex(mm, kk);
            int fold = map.foldIndex(g, spread / map.slots(), rowIndex / map.rows());
            return map.cycleOf(fold, map.stepIndex(mm, nn, kk), rowIndex % map.rows(), spread % map.slots() / map.lanes());
        }

        /**
         * Offers the details of every event of one output's chain to {@code log} (their count is already in it): data
         * row mm at {@code x[xo..]}, weight column nn at {@code w[wo..]}.
         */
        void walkEvents(int[] x, int xo, int[] w, int wo, int g, int mm, int nn, OverflowLog log) {
            boolean wide = acc.bits() == 64;
            long value = 0;
            for (int kk = 0; kk < k; kk++) {
                long p = (long) x[xo + kk] * w[wo + kk];
                long r = value + p;
                if (wide ? !acc.overflows(value, p) : r >= acc.min() && r <= acc.max()) {
                    value = r;
                    continue;
                }
                long result = acc.add(value, p);
                log.offer(locate(g, mm, nn, kk, value, p, result));
                value = result;
            }
        }

        ArrayRun execute() {
            outputs = new long[Math.toIntExact(layer.form().outputs())];
            List<Chunk> chunks = new ArrayList<>();
            for (int g = 0; g < map.groups(); g++) {
                ColumnBound bound = new ColumnBound(layer.columnL1Norms(g), n, maxAbsData, acc, vectors);
                // a layer of few rows (ResNet's last stage: 49; a fully connected layer: 1) is split by columns as well,
                // so that every core has work
                int blocks = bound.stride / BLOCK_COLUMNS;
                int rowChunks = (m + CHUNK_ROWS - 1) / CHUNK_ROWS;
                // W_g by column only for the paths that read it (the scalar kernels, the events of checked blocks); the
                // vector kernels read one copy of the weights for every chunk of rows, block by block, unless it would be
                // large (VGG-16's fc6: 103 M weights) or read by one chunk only (VGG-16's fc7, one row: a 64 MB copy for
                // one use); then each chunk copies one block of columns at a time
                IntTensor w = bound.allVector() ? null : layer.columns(g);
                int[] wk = bound.anyVectorBlock() && rowChunks > 1 && (long) k * bound.stride <= wholeCopyLimit
                        ? blocked(layer, g, blocks) : null;
                int parts = Math.min(blocks, (MIN_TASKS + rowChunks - 1) / rowChunks);
                for (int m0 = 0; m0 < m; m0 += CHUNK_ROWS) {
                    for (int p = 0; p < parts; p++) {
                        chunks.add(new Chunk(this, g, w, wk, bound, m0, Math.min(m, m0 + CHUNK_ROWS),
                                blocks * p / parts * BLOCK_COLUMNS, Math.min(n, blocks * (p + 1) / parts * BLOCK_COLUMNS)));
                    }
                }
            }
            runAll(chunks);
            OverflowLog log = new OverflowLog(options.eventLimit(), map.groups() * n);
            long overflowed = 0;
            OverflowEvent trap = null;
            for (Chunk c : chunks) {
                overflowed += c.overflowedOutputs;
                if (c.firstTrap != null && (trap == null || OverflowEvent.compareTime(c.firstTrap, trap) < 0)) {
                    trap = c.firstTrap;
                }
            }
            if (trap != null) {
                return trapped(chunks, trap, map.streamStarts());
            }
            long[] extremes = new long[2];
            boolean[] foldOverflowed = new boolean[map.folds()];
            for (Chunk c : chunks) {
                log.addAll(c.log);
                extremes[0] = Math.min(extremes[0], c.extremes[0]);
                extremes[1] = Math.max(extremes[1], c.extremes[1]);
                for (int f = 0; c.foldsHit != null && f < foldOverflowed.length; f++) {
                    foldOverflowed[f] |= c.foldsHit[f];
                }
            }
            return finish(outputs, log, overflowed, extremes, foldOverflowed);
        }

        /** The run of a layer that did not trap, from its value results. */
        ArrayRun finish(long[] outputs, OverflowLog log, long overflowed, long[] extremes, boolean[] foldOverflowed) {
            long[] starts = map.streamStarts();
            Replay replay = widenReplay ? Replay.plan(map, foldOverflowed, acc.bits(), AccumulatorBounds.dataTypeWorstCase(
                    layer.weightType().maxMagnitude(), layer.dataType().maxMagnitude(), k)) : Replay.NONE;
            return ArrayRun.builder().computeCycles(map.computeCycles()).macs(layer.form().macs())
                    .overflow(OverflowSummary.of(log, overflowed, null)).outputs(outputs).streamStarts(starts)
                    .registerWriteBits(registers.bitsThrough(map.computeCycles() - 1)).partialSums(extremes[0], extremes[1])
                    .replay(replay).build();
        }

        /** The layer stopped at the end of the first overflowing cycle: keep that cycle's events only. */
        private ArrayRun trapped(List<Chunk> chunks, OverflowEvent trap, long[] starts) {
            OverflowLog log = new OverflowLog(options.eventLimit(), map.groups() * n);
            long cycle = trap.where().cycle();
            for (Chunk c : chunks) {
                for (OverflowEvent e : c.chainFirstEvents) {
                    if (e.where().cycle() == cycle) {
                        log.add(e, e.product().group() * n + e.product().n());
                    }
                }
            }
            for (int f = 0; f < starts.length; f++) {
                if (starts[f] > cycle) {
                    starts[f] = -1; // never started
                }
            }
            return ArrayRun.builder().computeCycles(cycle + 1).macs(macsThrough(cycle))
                    .overflow(OverflowSummary.of(log, log.events(), trap)).streamStarts(starts)
                    .registerWriteBits(registers.bitsThrough(cycle)).build();
        }

        /**
         * Real MACs performed in cycles 0..t: per fold, PE (r, c) has handled steps 0..t - S_f - r - c, each a
         * MAC on every one of its active lanes.
         */
        private long macsThrough(long t) {
            long total = 0;
            for (int f = 0; f < map.folds() && map.streamStart(f) <= t; f++) {
                int ar = map.activeRows(f);
                int slots = map.activeSlots(f);
                long reach = t - map.streamStart(f);
                for (int c = 0; c * map.lanes() < slots; c++) {
                    long lanes = Math.min(map.lanes(), slots - (long) c * map.lanes());
                    for (int r = 0; r < ar; r++) {
                        total += lanes * Math.max(0, Math.min(map.streamed(), reach - r - c + 1));
                    }
                }
            }
            return total;
        }

        /** Where the addition of product kk into output (g, row, col) happens: fold, PE, lane and cycle. */
        OverflowEvent locate(int g, int mm, int nn, int kk, long before, long addend, long result) {
            int slots = map.slots();
            int spread = map.spreadIndex(mm, nn);
            int rowIndex = map.rowIndex(mm, kk);
            int step = map.stepIndex(mm, nn, kk);
            int fold = map.foldIndex(g, spread / slots, rowIndex / map.rows());
            int slot = spread % slots;
            int pr = rowIndex % map.rows();
            int pc = slot / map.lanes();
            return new OverflowEvent(new OverflowEvent.Where(fold, pr, pc, slot % map.lanes(), map.cycleOf(fold, step, pr, pc)),
                    new OverflowEvent.Product(g, mm, nn, kk, 0), new OverflowEvent.Sum(before, addend, result));
        }
    }

    /**
     * Per column of W_g: whether the static bound rules out overflow, and whether int arithmetic is exact; per
     * block of {@link #BLOCK_COLUMNS} columns, whether the vector kernel computes it (every column of the block
     * both, and the engine on the vector kernels).
     */
    private static final class ColumnBound {
        final boolean[] safe;
        final boolean[] fitsInt;
        final boolean[] vectorBlock;
        /**
         * Per block, whether the checked vector kernel computes it: not a {@link #vectorBlock}, a wrapping or
         * saturating accumulator of at most 30 bits, and every column's bound within 2^30 (no int sum wraps).
         */
        final boolean[] checkedBlock;
        /** n rounded up to whole blocks (the vector kernels' weights have zero columns from n on). */
        final int stride;

        /** From every column's L1 norm (read-only). */
        ColumnBound(long[] norms, int n, long maxAbsData, AccumulatorSpec acc, boolean vectors) {
            safe = new boolean[n];
            fitsInt = new boolean[n];
            boolean[] small = new boolean[n];
            for (int j = 0; j < n; j++) {
                long l1 = norms[j];
                // l1 * maxAbsData, saturated so that a huge bound never wraps
                long bound = maxAbsData == 0 ? 0 : (l1 > Long.MAX_VALUE / maxAbsData ? Long.MAX_VALUE : l1 * maxAbsData);
                safe[j] = bound <= acc.max();
                fitsInt[j] = bound <= Integer.MAX_VALUE;
                small[j] = bound <= 1 << 30;
            }
            int blocks = (n + BLOCK_COLUMNS - 1) / BLOCK_COLUMNS;
            stride = blocks * BLOCK_COLUMNS;
            vectorBlock = new boolean[blocks];
            checkedBlock = new boolean[blocks];
            boolean checkable = acc.bits() <= 30 && (acc.policy() == OverflowPolicy.WRAP || acc.policy() == OverflowPolicy.SATURATE);
            for (int b = 0; b < blocks && vectors; b++) {
                boolean all = true;
                boolean allSmall = true;
                for (int j = b * BLOCK_COLUMNS; j < Math.min(n, (b + 1) * BLOCK_COLUMNS); j++) {
                    all &= safe[j] && fitsInt[j];
                    allSmall &= small[j];
                }
                vectorBlock[b] = all;
                checkedBlock[b] = !all && allSmall && checkable;
            }
        }

        /** Whether every block runs on the unchecked vector kernel (which reads no weights by column). */
        boolean allVector() {
            for (boolean v : vectorBlock) {
                if (!v) {
                    return false;
                }
            }
            return true;
        }

        /** Whether any block runs on a vector kernel (which needs the K-major weights). */
        boolean anyVectorBlock() {
            for (int b = 0; b < vectorBlock.length; b++) {
                if (vectorBlock[b] || checkedBlock[b]) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * W_g for the vector kernels, block by block ({@link Weights}): {@code blocks} blocks, the columns from N on zero;
     * the blocks copied in parallel (ResNet-18's last layers: 2.4 M weights each).
     */
    static int[] blocked(Lowered layer, int g, int blocks) {
        int n = layer.form().n();
        int k = layer.form().k();
        int[] wk = new int[blocks * k * BLOCK_COLUMNS];
        List<RecursiveAction> copies = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            int c0 = b * BLOCK_COLUMNS;
            copies.add(new RecursiveAction() {
                @Override
                protected void compute() {
                    layer.columnRows(g, c0, Math.min(n, c0 + BLOCK_COLUMNS), wk, c0 * k, BLOCK_COLUMNS);
                }
            });
        }
        runAll(copies);
        return wk;
    }

    /**
     * Weights for the vector kernels from column {@code first} on (a multiple of {@link #BLOCK_COLUMNS}), block by
     * block: block b's weight W_g[k][first + b * BLOCK_COLUMNS + c] at {@code values[(b * K + k) * BLOCK_COLUMNS + c]}.
     * A block's K rows are contiguous: one K-major matrix of all the columns would put N ints between them, and with
     * N a power of two a block's rows fall into a few of the cache's sets (on ResNet-18's 512-column layers the
     * kernel then read every row from memory again: a third of its speed).
     */
    record Weights(int[] values, int first, int k) {
        /** Where column {@code first + d}'s K row 0 is, for columns d after the first. */
        static int offset(int d, int k) {
            return (d / BLOCK_COLUMNS) * k * BLOCK_COLUMNS + d % BLOCK_COLUMNS;
        }

        /** Where column c's K row 0 is. */
        int at(int c) {
            return offset(c - first, k);
        }
    }

    /** A block of data rows of one group, against a range of its columns (every column unless the rows are few). */
    private static final class Chunk extends RecursiveAction {
        private final Run run;
        private final int g;
        /** W_g by column; null when every block runs on the unchecked vector kernel. */
        private final IntTensor w;
        /**
         * The columns the scalar paths read, column j's K values from {@code (j - columnsFirst) * k} on: W_g's own int
         * array, or for a compact tensor a copy of the current block of columns (made only when a path reads it).
         */
        private int[] columns;
        private int columnsFirst;
        /**
         * W_g K-major for the vector kernels; null when no block of this group runs on them, or when the copy would
         * exceed the engine's limit (then the chunk copies a block of columns at a time).
         */
        private final int[] wk;
        private final ColumnBound bound;
        private final int m0;
        private final int m1;
        /** The chunk's columns: from n0 (a multiple of {@link #BLOCK_COLUMNS}) to n1. */
        private final int n0;
        private final int n1;
        final OverflowLog log;
        final List<OverflowEvent> chainFirstEvents = new ArrayList<>();
        /** Exact prefix sums reached by this layer's chains: the smallest and largest of this chunk's and of those the chunks before shared (0 included). */
        final long[] extremes = new long[2];
        /** The folds this chunk saw overflow in (widen-replay decides its replays per fold); null otherwise. */
        final boolean[] foldsHit;
        long overflowedOutputs;
        OverflowEvent firstTrap;
        /** A block's weights for the vector kernels when the group's are not copied whole; made on first use. */
        private int[] block;
        /** Per row of the chunk, the K positions whose data is not zero, from {@code row * (K + 1)} on; made on first use. */
        private int[] nonzero;
        /** Per row, how many of its positions {@link #nonzero} lists. */
        private int[] nonzeroCounts;
        /** The checked vector kernel's values, exact sums, event counts and first events of one call; made on first use. */
        private int[][] checked;
        /** The vectors {@link VectorKernels#checkedBlock} carries between its stretches. */
        private int[] checkedState;

        Chunk(Run run, int g, IntTensor w, int[] wk, ColumnBound bound, int m0, int m1, int n0, int n1) {
            this.run = run;
            this.g = g;
            this.w = w;
            this.wk = wk;
            this.bound = bound;
            this.m0 = m0;
            this.m1 = m1;
            this.n0 = n0;
            this.n1 = n1;
            this.log = new OverflowLog(run.options.eventLimit(), run.map.groups() * run.n);
            this.foldsHit = run.widenReplay ? new boolean[run.map.folds()] : null;
        }

        @Override
        protected void compute() {
            int k = run.k;
            int[] x = new int[(m1 - m0) * k];
            run.layer.dataRows(g, m0, m1, x);
            extremes[0] = run.sharedMin.get();
            extremes[1] = run.sharedMax.get();
            int[] sums = new int[BLOCK_COLUMNS];
            int[] state = run.vectors ? new int[VectorKernels.blockState()] : null;
            int step = run.layer.outputColumnStep();
            columns = w == null || w.isCompact() ? null : w.data();
            // blocks of columns outside, rows inside: a layer too large for a copy of its weights for the vector kernels
            // gets one block's copy at a time
            for (int c0 = n0; c0 < n1; c0 += BLOCK_COLUMNS) {
                int c1 = Math.min(n1, c0 + BLOCK_COLUMNS);
                int b = c0 / BLOCK_COLUMNS;
                boolean vector = bound.vectorBlock[b] || bound.checkedBlock[b];
                if (w != null && w.isCompact() && !bound.vectorBlock[b]) {
                    copyColumns(c0, c1);
                }
                Weights src = !vector ? null : wk != null ? new Weights(wk, 0, k) : blockKMajor(c0, c1);
                if (vector && nonzeroCounts == null) {
                    listNonzero(x);
                }
                // the rows in methods of their own: a branch above taken for the first time (a layer too large for a
                // whole copy, say) sends this method back to the interpreter, and with it a loop inside it
                if (bound.vectorBlock[b]) {
                    vectorRows(x, c0, c1, src, sums, state, step);
                } else if (bound.checkedBlock[b]) {
                    checkedRows(x, c0, c1, src);
                } else {
                    scalarRows(x, c0, c1);
                }
                long lo = extremes[0];
                long hi = extremes[1];
                extremes[0] = run.sharedMin.accumulateAndGet(lo, Math::min);
                extremes[1] = run.sharedMax.accumulateAndGet(hi, Math::max);
            }
            // the layer keeps its chunks (their results) until all are done: their working arrays go now
            nonzero = null;
            nonzeroCounts = null;
            block = null;
            columns = null;
            checked = null;
            checkedState = null;
        }

        /** The chunk's rows against columns c0..c1 on the unchecked vector kernel. */
        private void vectorRows(int[] x, int c0, int c1, Weights src, int[] sums, int[] state, int step) {
            int k = run.k;
            for (int mm = m0; mm < m1; mm++) {
                VectorKernels.block(x, (mm - m0) * k, nonzero, (mm - m0) * (k + 1), nonzeroCounts[mm - m0], src.values,
                        src.at(c0), sums, extremes, state);
                long o = run.layer.outputIndex(g, mm, c0);
                for (int nn = c0; nn < c1; nn++, o += step) {
                    run.outputs[(int) o] = sums[nn - c0];
                }
            }
        }

        /** The chunk's rows against columns c0..c1 on the checked vector kernel ({@link #checkedBlock}). */
        private void checkedRows(int[] x, int c0, int c1, Weights src) {
            for (int mm = m0; mm < m1; mm++) {
                checkedBlock(x, (mm - m0) * run.k, (mm - m0) * (run.k + 1), mm, c0, c1, src);
            }
        }

        /** The chunk's rows against columns c0..c1, chain by chain (narrow accumulators, or no vector kernels). */
        private void scalarRows(int[] x, int c0, int c1) {
            for (int mm = m0; mm < m1; mm++) {
                int xo = (mm - m0) * run.k;
                for (int nn = c0; nn < c1; nn++) {
                    run.outputs[(int) run.layer.outputIndex(g, mm, nn)] = scalarChain(x, xo, mm, nn);
                }
            }
        }

        /** Every row's nonzero positions ({@link #nonzero}), once for all blocks of columns. */
        private void listNonzero(int[] x) {
            int rows = m1 - m0;
            nonzero = new int[rows * (run.k + 1)];
            nonzeroCounts = new int[rows];
            for (int r = 0; r < rows; r++) {
                nonzeroCounts[r] = VectorKernels.nonzero(x, r * run.k, run.k, nonzero, r * (run.k + 1));
            }
        }

        /** Columns c0..c1 of a compact W_g into {@link #columns}, which is allocated once per chunk. */
        private void copyColumns(int c0, int c1) {
            if (columns == null) {
                columns = new int[BLOCK_COLUMNS * run.k];
            }
            w.copyTo(c0 * run.k, columns, 0, (c1 - c0) * run.k);
            columnsFirst = c0;
        }

        /** Columns c0..c1 (a block) of W_g for the vector kernels, from the weights as stored, into one buffer per chunk. */
        private Weights blockKMajor(int c0, int c1) {
            if (block == null) {
                block = new int[run.k * BLOCK_COLUMNS];
            } else if (c1 - c0 < BLOCK_COLUMNS) {
                Arrays.fill(block, 0); // a last, partial block: its padding columns add nothing to the extremes
            }
            run.layer.columnRows(g, c0, c1, block, 0, BLOCK_COLUMNS);
            return new Weights(block, c0, run.k);
        }

        /**
         * Columns c0..c1 of row mm on the checked vector kernel: outputs, overflowed outputs and event counts from
         * the kernel; the details of a chain's events from a scalar walk, only when the log could still keep one of
         * them. None comes before its first event's fold at the first event's step: later additions of the chain
         * are in that fold at later PE rows, or in later folds, which start no earlier.
         */
        private void checkedBlock(int[] x, int xo, int nzo, int mm, int c0, int c1, Weights src) {
            int width = VectorKernels.checkedWidth();
            if (checked == null) {
                checked = new int[4][width];
                checkedState = new int[VectorKernels.checkedState()];
            }
            boolean saturate = run.acc.policy() == OverflowPolicy.SATURATE;
            for (int h = c0; h < c1; h += width) {
                VectorKernels.checkedBlock(x, xo, nonzero, nzo, nonzeroCounts[mm - m0], src.values, src.at(h), run.acc.bits(), saturate,
                        checked, extremes, checkedState);
                for (int nn = h; nn < Math.min(c1, h + width); nn++) {
                    int i = nn - h;
                    int o = (int) run.layer.outputIndex(g, mm, nn);
                    run.outputs[o] = checked[0][i];
                    if (run.events != null) {
                        run.events[o] = checked[2][i];
                        run.firstEventK[o] = checked[3][i];
                    }
                    if (checked[0][i] != checked[1][i]) {
                        overflowedOutputs++;
                    }
                    if (checked[2][i] > 0) {
                        log.count(g * run.n + nn, checked[2][i]);
                        int kk = checked[3][i];
                        if (log.mayKeep(run.firstCycle(g, mm, nn, kk) - run.map.rowIndex(mm, kk) % run.map.rows())) {
                            run.walkEvents(x, xo, columns, (nn - columnsFirst) * run.k, g, mm, nn, log);
                        }
                    }
                }
            }
        }

        /** One output's chain on the scalar kernels: bounded (no check needed) or checked. */
        private long scalarChain(int[] x, int xo, int mm, int nn) {
            int k = run.k;
            int wo = (nn - columnsFirst) * k;
            if (!bound.safe[nn]) {
                return checkedChain(x, xo, wo, mm, nn);
            }
            return bound.fitsInt[nn] ? Kernels.dotIntTracking(x, xo, columns, wo, k, extremes)
                    : Kernels.dotLongTracking(x, xo, columns, wo, k, extremes);
        }

        /** One output's chain, addition by addition, with the policy and events. */
        private long checkedChain(int[] x, int xo, int wo, int mm, int nn) {
            AccumulatorSpec acc = run.acc;
            long min = acc.min();
            long max = acc.max();
            boolean wide = acc.bits() == 64;
            long value = 0;
            long exact = 0;
            boolean first = true;
            long lo = 0;
            long hi = 0;
            int count = 0;
            int firstK = 0;
            for (int kk = 0; kk < run.k; kk++) {
                long p = (long) x[xo + kk] * columns[wo + kk];
                exact += p;
                lo = Math.min(lo, exact);
                hi = Math.max(hi, exact);
                long r = value + p;
                boolean overflow = wide ? acc.overflows(value, p) : (r < min || r > max);
                if (!overflow) {
                    value = r;
                    continue;
                }
                long result = acc.add(value, p);
                firstK = count++ == 0 ? kk : firstK;
                OverflowEvent e = run.locate(g, mm, nn, kk, value, p, result);
                if (run.trapPolicy) {
                    if (first) {
                        chainFirstEvents.add(e);
                        if (firstTrap == null || OverflowEvent.compareTime(e, firstTrap) < 0) {
                            firstTrap = e;
                        }
                        first = false;
                    }
                } else {
                    log.add(e, g * run.n + nn);
                    if (run.widenReplay) {
                        foldsHit[e.where().fold()] = true;
                    }
                }
                value = result;
            }
            extremes[0] = Math.min(extremes[0], lo);
            extremes[1] = Math.max(extremes[1], hi);
            if (run.events != null) {
                int o = (int) run.layer.outputIndex(g, mm, nn);
                run.events[o] = count;
                run.firstEventK[o] = firstK;
            }
            if (run.widenReplay) {
                return exact; // the chain's fold, if it overflowed, is replayed wide: the output is exact
            }
            if (value != exact) {
                overflowedOutputs++;
            }
            return value;
        }
    }

    /**
     * Runs tasks in parallel and waits for them: inside a pool (a sweep's points) they share its workers, no
     * threads added; otherwise on the common pool.
     */
    static void runAll(java.util.Collection<? extends ForkJoinTask<?>> tasks) {
        RecursiveAction all = new RecursiveAction() {
            @Override
            protected void compute() {
                invokeAll(tasks);
            }
        };
        if (ForkJoinTask.inForkJoinPool()) {
            all.invoke();
        } else {
            ForkJoinPool.commonPool().invoke(all);
        }
    }
}
