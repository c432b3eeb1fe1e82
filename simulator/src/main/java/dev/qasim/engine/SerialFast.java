package dev.qasim.engine;

import dev.qasim.arith.AccumulatorSpec;
import dev.qasim.arith.OverflowPolicy;
import dev.qasim.arith.Vectors;
import dev.qasim.config.ArchConfig;
import dev.qasim.workload.Lowered;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The fast engine for serial PEs ({@link SerialPe}): the same results as {@link SteppedEngine}'s. A group step
 * of output (m, n) on group r of values K = [start(r), start(r + 1)) adds its pairs; its value is the dot product
 * of the array's operand values over the group, its pair count the dot product of their part counts. Beats come
 * from the beat schedule of {@link Mapping}; a fixed beat lasts the PE's fixed cycles, a data-dependent one as
 * long as its busiest group step (a first pass finds them).
 *
 * <p>A column whose bound sum_k |parts of w| * max_x |terms of x| fits the accumulator cannot overflow at any
 * pair: its outputs are plain dot products. In the others, steps are added in blocks. Every running sum of a
 * step's addends lies between the value before it plus the sum of its negative addends and plus the sum of its
 * positive ones ({@code (sum -+ magnitude) / 2}, the magnitude a dot product of the operands' part and term
 * magnitudes), so a step whose interval fits the range is added whole, without an event; the others product by
 * product under the same test, and a product that may overflow pair by pair in the PE's order
 * ({@link SerialOperands#groupStep}). An event is placed at its PE and cycle only when it may be among the first
 * ones kept ({@link OverflowLog#mayKeep}); the others are only counted ({@link PairCounter}). With the Java
 * Vector API, the events of the outputs that cannot have kept ones are counted a data row against a block of
 * columns at a time, pair by pair without a branch (a wrapping accumulator holds the exact sum wrapped, whatever
 * the events), and the exact sums with their step extremes come from the same kernels ({@link SerialVectorKernels}).
 */
final class SerialFast {
    private final Lowered layer;
    private final Mapping map;
    private final AccumulatorSpec acc;
    private final EngineOptions options;
    private final SerialOperands ops;
    private final int tpc;
    private final int m;
    private final int n;
    private final int k;
    private final int groups;
    private final long beats;
    private final long maxDataTermSum;
    private final long accMin;
    private final long accMax;
    /**
     * The sums of the magnitudes of each weight's parts and each data value's terms, by tensor index, when a
     * group step's addends are bounded in blocks exactly in long arithmetic; else null, and every step of a
     * column that may overflow is added pair by pair.
     */
    private final int[] weightMagnitudes;
    private final int[] dataMagnitudes;
    /** Counts a product's events without placing them (blocks, and a policy that keeps going), else null. */
    private final PairCounter counter;
    /**
     * Whether the exact sums and their step extremes come from the vector kernels ({@link SerialVectorKernels}):
     * every sum of the layer is below 2^30 in magnitude.
     */
    private final boolean vectorSums;
    /**
     * The counter's data terms as ints when the vector kernels also count the events (an accumulator of at most 30
     * bits that wraps or saturates), else null.
     */
    private final int[] vectorTerms;
    private final RegisterTraffic registers;
    private long[] beatStart;
    private boolean[] foldStarts;
    private final long[] streamStarts;
    /** {@link Paths} of the last run, in its order. */
    private final long[] paths = new long[Paths.class.getRecordComponents().length];

    /**
     * How the last run added the steps of the columns that may overflow (the tests check that each way was taken).
     *
     * @param wholeSteps      group steps added whole: no running sum could leave the range
     * @param walkedSteps     group steps added product by product
     * @param countedProducts products of those whose events were counted ({@link PairCounter})
     * @param placedProducts  products of those added pair by pair with every event placed
     * @param vectorOutputs   outputs whose events the vector kernels counted
     */
    record Paths(long wholeSteps, long walkedSteps, long countedProducts, long placedProducts, long vectorOutputs) {}

    Paths paths() {
        return new Paths(paths[0], paths[1], paths[2], paths[3], paths[4]);
    }

    SerialFast(ArchConfig arch, SerialPe pe, Lowered layer, Mapping map, EngineOptions options) {
        this(arch, pe, layer, map, options, Vectors.enabled());
    }

    /** The engine, counting events of a wrapping accumulator on the vector kernels when {@code vectors}. */
    SerialFast(ArchConfig arch, SerialPe pe, Lowered layer, Mapping map, EngineOptions options, boolean vectors) {
        this.layer = layer;
        this.map = map;
        this.acc = arch.pe().accumulator();
        this.options = options;
        this.ops = pe.operands(layer);
        this.tpc = pe.pairsPerCycle();
        this.m = layer.form().m();
        this.n = layer.form().n();
        this.k = layer.form().k();
        this.groups = ops.groups.count();
        this.beats = map.computeCycles();
        this.maxDataTermSum = ops.maxDataTermMagnitude();
        this.accMin = acc.min();
        this.accMax = acc.max();
        // |value| < 2^61 and a step's addends sum in magnitude below 2^61: value + any running sum fits a long
        boolean blocks = acc.bits() <= 62 && (double) ops.maxWeightPartMagnitude() * maxDataTermSum * k < 0x1p61;
        int[] wm = blocks ? ops.weightMagnitudes() : null;
        int[] xm = wm != null ? ops.dataMagnitudes() : null;
        this.weightMagnitudes = xm != null ? wm : null;
        this.dataMagnitudes = xm;
        this.counter = xm != null ? PairCounter.of(ops, acc) : null;
        // a revealed weight is at most the sum of its parts' magnitudes, a truncated data value its terms'
        this.vectorSums = vectors && (double) ops.maxWeightPartMagnitude() * maxDataTermSum * k < SerialVectorKernels.OFF_STEP;
        this.vectorTerms = vectorSums && counter != null && acc.bits() <= 30 ? counter.intTerms() : null;
        this.streamStarts = map.streamStarts();
        this.registers = new RegisterTraffic(map, pe.registers(map.schedule(), layer.weightType().bits(),
                layer.dataType().bits()));
    }

    /** The beat of group step r of output (g, mm, nn) (no allocation: the hot path of the first pass). */
    private int beatOf(int g, int mm, int nn, int r) {
        int spread = map.spreadIndex(mm, nn);
        int row = map.rowIndex(mm, r);
        int fold = map.foldIndex(g, spread / map.cols(), row / map.rows());
        // Mapping.cycleOf, with the folds' stream starts looked up
        return (int) (streamStarts[fold] + map.stepIndex(mm, nn, r) + row % map.rows() + spread % map.cols());
    }

    /** The fold of group step r of output (g, mm, nn). */
    private int foldOf(int g, int mm, int nn, int r) {
        return map.foldIndex(g, map.spreadIndex(mm, nn) / map.cols(), map.rowIndex(mm, r) / map.rows());
    }

    ArrayRun run() {
        foldStarts = new boolean[(int) beats];
        for (long start : streamStarts) {
            foldStarts[(int) start] = true;
        }
        beatStart = new long[(int) beats + 1];
        long slots;
        if (ops.beatCycles > 0) { // budget-synchronous: every beat alike, every real group step gets k s slots
            for (int b = 0; b < beats; b++) {
                beatStart[b + 1] = beatStart[b] + (foldStarts[b] ? SerialPe.ENCODER_LATENCY_CYCLES : 0) + ops.beatCycles;
            }
            slots = (long) map.groups() * m * n * groups * ops.beatCycles * tpc;
        } else {
            int[] beatSteps = new int[(int) beats];
            AtomicLongArray realSteps = new AtomicLongArray((int) beats);
            countPairs(beatSteps, realSteps);
            slots = 0;
            for (int b = 0; b < beats; b++) {
                long steps = Math.max(1, beatSteps[b]);
                beatStart[b + 1] = beatStart[b] + (foldStarts[b] ? SerialPe.ENCODER_LATENCY_CYCLES : 0) + steps;
                slots += realSteps.get(b) * steps * tpc;
            }
        }
        List<Chunk> chunks = new ArrayList<>();
        for (int g = 0; g < map.groups(); g++) {
            Columns cols = new Columns(g);
            for (int m0 = 0; m0 < m; m0 += FastEngine.CHUNK_ROWS) {
                chunks.add(new Chunk(g, cols, m0, Math.min(m, m0 + FastEngine.CHUNK_ROWS)));
            }
        }
        FastEngine.runAll(chunks);
        OverflowLog log = new OverflowLog(options.eventLimit(), map.groups() * n);
        long overflowed = 0;
        long pairs = 0;
        long lo = 0;
        long hi = 0;
        long[] outputs = new long[Math.toIntExact(layer.form().outputs())];
        for (Chunk c : chunks) {
            log.addAll(c.log);
            overflowed += c.overflowed;
            pairs += c.pairs;
            lo = Math.min(lo, c.lo);
            hi = Math.max(hi, c.hi);
            c.copyOutputs(outputs);
            for (int i = 0; i < paths.length; i++) {
                paths[i] += c.paths[i];
            }
        }
        return ArrayRun.builder().computeCycles(beatStart[(int) beats]).macs(layer.form().macs())
                .overflow(OverflowSummary.of(log, overflowed, null)).outputs(outputs).streamStarts(streamStarts.clone())
                .registerWriteBits(registers.bitsThrough(beats - 1)).partialSums(lo, hi)
                .termCounts(new TermCounts(pairs, slots, beats)).arrayValues(ops.values.values()).build();
    }

    /** Pass 1, for data-dependent beats: the longest group step of every beat, and the real steps per beat. */
    private void countPairs(int[] beatSteps, AtomicLongArray realSteps) {
        AtomicIntegerArray longest = new AtomicIntegerArray(beatSteps.length);
        List<BeatPass> tasks = new ArrayList<>();
        for (int g = 0; g < map.groups(); g++) {
            int[] wc = ops.counts.weightColumns(g);
            for (int m0 = 0; m0 < m; m0 += FastEngine.CHUNK_ROWS) {
                tasks.add(new BeatPass(g, wc, m0, Math.min(m, m0 + FastEngine.CHUNK_ROWS), longest, realSteps));
            }
        }
        FastEngine.runAll(tasks);
        for (int b = 0; b < beatSteps.length; b++) {
            beatSteps[b] = longest.get(b);
        }
    }

    /**
     * Pass 1 over rows m0..m1 of one group. An output's steps come in time order (each needs the one before), so
     * the beats the rows touch lie between their outputs' first and last steps' beats; the task counts in arrays
     * of its own over that span and merges them once.
     */
    private final class BeatPass extends RecursiveAction {
        final int g;
        final int[] wc;
        final int m0;
        final int m1;
        final AtomicIntegerArray longest;
        final AtomicLongArray realSteps;

        BeatPass(int g, int[] wc, int m0, int m1, AtomicIntegerArray longest, AtomicLongArray realSteps) {
            this.g = g;
            this.wc = wc;
            this.m0 = m0;
            this.m1 = m1;
            this.longest = longest;
            this.realSteps = realSteps;
        }

        @Override
        protected void compute() {
            int first = Integer.MAX_VALUE;
            int last = 0;
            for (int mm = m0; mm < m1; mm++) {
                for (int nn = 0; nn < n; nn++) {
                    first = Math.min(first, beatOf(g, mm, nn, 0));
                    last = Math.max(last, beatOf(g, mm, nn, groups - 1));
                }
            }
            long steps = (long) (m1 - m0) * n * groups;
            if (last - first >= 4 * steps + 4096) { // spread thin (many folds): counted straight into the shared arrays
                first = 0;
                last = -1;
            }
            int[] most = new int[last - first + 1];
            int[] real = new int[most.length];
            int[] xc = new int[(m1 - m0) * k];
            ops.counts.dataRows(g, m0, m1, xc);
            for (int mm = m0; mm < m1; mm++) {
                for (int nn = 0; nn < n; nn++) {
                    for (int r = 0; r < groups; r++) {
                        int pairs = dot(xc, (mm - m0) * k, wc, nn * k, ops.groups.start(r), ops.groups.start(r + 1));
                        count(beatOf(g, mm, nn, r), (pairs + tpc - 1) / tpc, first, most, real);
                    }
                }
            }
            for (int b = 0; b < most.length; b++) {
                if (real[b] > 0) {
                    realSteps.addAndGet(first + b, real[b]);
                    longest.accumulateAndGet(first + b, most[b], Math::max);
                }
            }
        }

        /** One real step of a beat: into the task's arrays when they span it, else the shared ones. */
        private void count(int beat, int steps, int first, int[] most, int[] real) {
            int b = beat - first;
            if (b >= 0 && b < most.length) {
                real[b]++;
                most[b] = Math.max(most[b], steps);
            } else {
                realSteps.incrementAndGet(beat);
                longest.accumulateAndGet(beat, steps, Math::max);
            }
        }
    }

    private static int dot(int[] x, int xo, int[] w, int wo, int from, int to) {
        int s = 0;
        for (int i = from; i < to; i++) {
            s += x[xo + i] * w[wo + i];
        }
        return s;
    }

    /** One group's weights: values, term counts, part magnitudes, tensor indices, and which columns cannot overflow. */
    private final class Columns {
        final int[] values;
        final int[] counts;
        final int[] indices;
        /** Null when the steps are not bounded in blocks ({@link #weightMagnitudes}). */
        final int[] magnitudes;
        /** Each weight's parts ({@link SerialOperands#weightParts}), shared with the operands' table. */
        final long[][] parts;
        final boolean[] safe;
        /** Whether some column may overflow. */
        final boolean overflows;
        /** The most parts of a weight of the layer (at least 1). */
        final int depth = Math.max(1, ops.maxWeightParts());
        /**
         * For {@link SerialVectorKernels} (else null), by blocks of lanes columns from column n0, K-major: the
         * values, value j of column n0 + lane at {@code n0 * k + j * lanes + lane}, and the parts (for the events),
         * part a of it at {@code n0 * k * depth + (j * depth + a) * lanes + lane}, 0 past its last.
         */
        final int[] valueGrid;
        final int[] partGrid;
        /** Per K position, the sum of the columns' part counts (a chunk's pairs: {@link Chunk#chunkPairs}). */
        final long[] countSums = new long[k];

        Columns(int g) {
            indices = ops.indices.weightColumns(g); // one transposition; the rest looked up per element
            values = gather(indices, ops.values.values().weights().data(), 0);
            counts = gather(indices, ops.counts.values().weights().data(), 0);
            magnitudes = weightMagnitudes == null ? null : gather(indices, weightMagnitudes, 0);
            parts = new long[indices.length][];
            for (int j = 0; j < parts.length; j++) {
                parts[j] = ops.weightParts(indices[j]);
            }
            safe = new boolean[n];
            for (int nn = 0; nn < n; nn++) {
                long bound = 0;
                for (int kk = 0; kk < k && bound <= acc.max(); kk++) {
                    long mag = magnitudes != null ? magnitudes[nn * k + kk] : SerialOperands.magnitude(parts[nn * k + kk]);
                    bound += maxDataTermSum == 0 ? 0 : (mag > acc.max() / maxDataTermSum ? acc.max() + 1 : mag * maxDataTermSum);
                }
                safe[nn] = bound <= acc.max();
            }
            boolean some = false;
            for (boolean b : safe) {
                some |= !b;
            }
            overflows = some;
            for (int j = 0; j < counts.length; j++) {
                countSums[j % k] += counts[j];
            }
            valueGrid = vectorSums ? grid(1) : null;
            partGrid = vectorTerms != null && overflows ? grid(depth) : null;
        }

        /** The values ({@code per} = 1) or the parts ({@code per} = depth) in blocks of lanes columns, K-major. */
        private int[] grid(int per) {
            int lanes = SerialVectorKernels.lanes();
            int[] out = new int[Math.toIntExact((long) Mapping.ceilDiv(n, lanes) * lanes * k * per)];
            for (int nn = 0; nn < n; nn++) {
                int block = (nn - nn % lanes) * k * per;
                for (int j = 0; j < k; j++) {
                    long[] p = parts[nn * k + j];
                    for (int a = 0; a < (per == 1 ? 1 : p.length); a++) {
                        out[block + (j * per + a) * lanes + nn % lanes] = per == 1 ? values[nn * k + j] : (int) p[a];
                    }
                }
            }
            return out;
        }
    }

    /** {@code perElement[indices[j] - shift]} for every j; 0 where the index is below {@code shift} (padding). */
    private static int[] gather(int[] indices, int[] perElement, int shift) {
        int[] out = new int[indices.length];
        for (int j = 0; j < out.length; j++) {
            int i = indices[j] - shift;
            out[j] = i < 0 ? 0 : perElement[i];
        }
        return out;
    }

    /** Rows m0..m1 of one group's outputs. */
    private final class Chunk extends RecursiveAction {
        final int g;
        final Columns cols;
        final int m0;
        final int m1;
        final OverflowLog log = new OverflowLog(options.eventLimit(), map.groups() * n);
        final long[] out;
        final long[] paths = new long[SerialFast.this.paths.length];
        long overflowed;
        long pairs;
        long lo;
        long hi;
        /**
         * The chunk's data rows: tensor indices + 1 (0: padding), values, term counts, and for blocks term
         * magnitudes and {@link PairCounter#offset}s (else null).
         */
        private int[] xi;
        private int[] xv;
        private int[] xc;
        private int[] xm;
        private int[] xoff;
        /** Outputs (mm - m0) * n + nn whose events the vector kernels count ({@link #vectorTerms}), or null. */
        private boolean[] byVector;
        /** The output being computed: its events not kept in detail, and whether they may be (0: not yet known). */
        private final long[] unkept = new long[1];
        private int detail;
        /** The group step being walked pair by pair: its next pair, and its place once needed (else base -1). */
        private int pair;
        private long stepBase;
        private int stepFold;
        private int stepRow;
        private int stepCol;

        Chunk(int g, Columns cols, int m0, int m1) {
            this.g = g;
            this.cols = cols;
            this.m0 = m0;
            this.m1 = m1;
            this.out = new long[(m1 - m0) * n];
        }

        void copyOutputs(long[] outputs) {
            for (int mm = m0; mm < m1; mm++) {
                for (int nn = 0; nn < n; nn++) {
                    outputs[(int) layer.outputIndex(g, mm, nn)] = out[(mm - m0) * n + nn];
                }
            }
        }

        @Override
        protected void compute() {
            // one lowering (the indices); the rest is looked up per element
            xi = new int[(m1 - m0) * k];
            ops.indices.dataRows(g, m0, m1, xi);
            xv = gather(xi, ops.values.values().data().data(), 1);
            xc = gather(xi, ops.counts.values().data().data(), 1);
            xm = dataMagnitudes == null || !cols.overflows ? null : gather(xi, dataMagnitudes, 1);
            if (counter != null && cols.overflows) {
                xoff = new int[xi.length];
                for (int j = 0; j < xi.length; j++) {
                    xoff[j] = xi[j] == 0 ? 0 : counter.offset(ops.dataSlot(xi[j] - 1));
                }
            }
            pairs += chunkPairs();
            long[] sums = vectorSums ? vectorSums() : null;
            byVector = cols.partGrid == null ? null : new boolean[out.length];
            boolean vectored = false;
            for (int mm = m0; mm < m1; mm++) {
                for (int nn = 0; nn < n; nn++) {
                    int o = (mm - m0) * n + nn;
                    detail = 0;
                    if (sums != null && cols.safe[nn]) {
                        out[o] = sums[o];
                    } else if (byVector != null && !detailed(mm, nn)) {
                        out[o] = acc.wrappingAdd(0, sums[o]); // a saturating one's value comes with its events
                        byVector[o] = true;
                        vectored = true;
                        paths[4]++;
                    } else {
                        out[o] = output(mm, nn);
                    }
                }
            }
            if (vectored) {
                countByVector(sums);
            }
        }

        /** The chunk's pairs: the sum over its outputs of data counts times weight counts, K position by position. */
        private long chunkPairs() {
            long total = 0;
            for (int j = 0; j < k; j++) {
                long column = 0;
                for (int row = 0; row < m1 - m0; row++) {
                    column += xc[row * k + j];
                }
                total += column * cols.countSums[j];
            }
            return total;
        }

        /**
         * The exact sums of the chunk's outputs ({@code [(mm - m0) * n + nn]}) from the vector kernels, with the
         * extremes of the sums after every group step. A row's positions are its nonzero data values and the last
         * of every group (where the extremes are taken).
         */
        private long[] vectorSums() {
            int lanes = SerialVectorKernels.lanes();
            int[] bias = new int[k];
            java.util.Arrays.fill(bias, SerialVectorKernels.OFF_STEP);
            for (int r = 0; r < groups; r++) {
                bias[ops.groups.start(r + 1) - 1] = 0;
            }
            long[] sums = new long[out.length];
            int[] state = new int[SerialVectorKernels.stateLength()];
            int[] nz = new int[k];
            long[] extremes = {lo, hi};
            for (int row = 0; row < m1 - m0; row++) {
                int xo = row * k;
                int count = 0;
                for (int j = 0; j < k; j++) {
                    nz[count] = j;
                    count += xv[xo + j] != 0 || bias[j] == 0 ? 1 : 0;
                }
                for (int n0 = 0; n0 < n; n0 += lanes) {
                    SerialVectorKernels.stepSums(xv, xo, nz, count, bias, cols.valueGrid, n0 * k, state, extremes);
                    for (int nn = n0; nn < Math.min(n, n0 + lanes); nn++) {
                        sums[row * n + nn] = state[nn - n0];
                    }
                }
            }
            lo = extremes[0];
            hi = extremes[1];
            return sums;
        }

        /**
         * The events of the outputs marked {@link #byVector}, row by row, block of columns by block: the row's
         * pairs as {@link SerialVectorKernels} items (every part index up to the layer's most parts), then each
         * block's parts against them; with them whether each overflowed (its value against its exact sum), and a
         * saturating accumulator's value.
         */
        private void countByVector(long[] sums) {
            boolean saturate = acc.policy() == OverflowPolicy.SATURATE;
            int lanes = SerialVectorKernels.lanes();
            int[] items = new int[SerialVectorKernels.ITEM * k * cols.depth * counter.width()];
            int[] state = new int[SerialVectorKernels.stateLength()];
            for (int row = 0; row < m1 - m0; row++) {
                if (!anyByVector(row, 0, n)) {
                    continue;
                }
                int count = items(row, items);
                for (int n0 = 0; n0 < n; n0 += lanes) {
                    if (!anyByVector(row, n0, lanes)) {
                        continue;
                    }
                    SerialVectorKernels.events(items, count, cols.partGrid, n0 * k * cols.depth, acc.bits(), saturate, state);
                    for (int nn = n0; nn < Math.min(n, n0 + lanes); nn++) {
                        int o = row * n + nn;
                        if (byVector[o]) {
                            out[o] = saturate ? state[nn - n0] : out[o];
                            overflowed += out[o] != sums[o] ? 1 : 0;
                            log.count(g * n + nn, state[2 * lanes + nn - n0]);
                        }
                    }
                }
            }
        }

        /** A row's pairs as {@link SerialVectorKernels#events} items; returns how many. */
        private int items(int row, int[] items) {
            int xo = row * k;
            int depth = cols.depth;
            int lanes = SerialVectorKernels.lanes();
            int count = 0;
            for (int j = 0; j < k; j++) {
                int terms = xc[xo + j];
                int run = xoff[xo + j]; // the slot's terms
                for (int a = 0; a < depth && terms > 0; a++) {
                    for (int l = 0; l < terms; l++, count++) {
                        int at = SerialVectorKernels.ITEM * count;
                        items[at] = (j * depth + a) * lanes;
                        items[at + 1] = vectorTerms[run + l];
                    }
                }
            }
            return count;
        }

        private boolean anyByVector(int row, int n0, int lanes) {
            for (int nn = n0; nn < Math.min(n, n0 + lanes); nn++) {
                if (byVector[row * n + nn]) {
                    return true;
                }
            }
            return false;
        }

        /** Output (g, mm, nn), group step by group step, with its extremes and whether it overflowed. */
        private long output(int mm, int nn) {
            int xo = (mm - m0) * k;
            int wo = nn * k;
            boolean safe = cols.safe[nn];
            long value = 0;
            long exact = 0;
            for (int r = 0; r < groups; r++) {
                int from = ops.groups.start(r);
                int to = ops.groups.start(r + 1);
                long sum = 0;
                for (int i = from; i < to; i++) {
                    sum += (long) xv[xo + i] * cols.values[wo + i];
                }
                exact += sum;
                if (safe) {
                    value += sum;
                } else if (fitsWhole(value, sum, xo, wo, from, to)) {
                    value += sum;
                    paths[0]++;
                } else {
                    value = walk(value, xo, wo, from, to, mm, nn, r);
                    paths[1]++;
                }
                lo = Math.min(lo, exact);
                hi = Math.max(hi, exact);
            }
            if (value != exact) {
                overflowed++;
            }
            if (unkept[0] > 0) {
                log.count(g * n + nn, unkept[0]);
                unkept[0] = 0;
            }
            return value;
        }

        /**
         * Whether no addition of a group step can overflow: every running sum of its addends lies between value
         * plus the sum of its negative addends and value plus the sum of its positive ones, which are
         * (sum - magnitude) / 2 and (sum + magnitude) / 2 with magnitude the sum of |addend|.
         */
        private boolean fitsWhole(long value, long sum, int xo, int wo, int from, int to) {
            if (xm == null) {
                return false;
            }
            long magnitude = 0;
            for (int i = from; i < to; i++) {
                magnitude += (long) xm[xo + i] * cols.magnitudes[wo + i];
            }
            return fits(value, sum, magnitude);
        }

        private boolean fits(long value, long sum, long magnitude) {
            return value + ((sum + magnitude) >> 1) <= accMax && value + ((sum - magnitude) >> 1) >= accMin;
        }

        /**
         * A group step that may overflow, product by product in the PE's order ({@link SerialOperands#groupStep}):
         * a product whose running sums cannot leave the range is added whole, one whose events cannot be kept in
         * detail is counted ({@link PairCounter}), the others are added pair by pair.
         */
        private long walk(long before, int xo, int wo, int from, int to, int mm, int nn, int r) {
            long value = before;
            pair = 0;
            stepBase = -1;
            for (int i = from; i < to; i++) {
                int x = xi[xo + i];
                if (x == 0) {
                    continue; // padding: no terms
                }
                long[] parts = cols.parts[wo + i];
                if (xm != null) {
                    long product = (long) xv[xo + i] * cols.values[wo + i];
                    int count = xc[xo + i] * cols.counts[wo + i];
                    if (fits(value, product, (long) xm[xo + i] * cols.magnitudes[wo + i])) {
                        value += product;
                        pair += count;
                        continue;
                    }
                    if (counter != null && !detailed(mm, nn)) {
                        paths[2]++;
                        value = counter.add(value, product, parts, xoff[xo + i], unkept);
                        pair += count;
                        continue;
                    }
                }
                paths[3]++;
                value = pairs(value, parts, ops.dataTerms(x - 1), mm, nn, r, i);
            }
            return value;
        }

        /**
         * Whether an event of output (mm, nn) may be among the first ones the log keeps; decided at the output's
         * first product that may overflow, for the whole output: its steps come no earlier than its first (each
         * needs the one before), and a log that refuses a cycle refuses it from then on.
         */
        private boolean detailed(int mm, int nn) {
            if (detail == 0) {
                int beat = beatOf(g, mm, nn, 0);
                long start = beatStart[beat] + (foldStarts[beat] ? SerialPe.ENCODER_LATENCY_CYCLES : 0);
                detail = log.mayKeep(start) ? 1 : 2;
            }
            return detail == 1;
        }

        /** One product's pairs: each weight part times each data term, most significant first; events placed. */
        private long pairs(long before, long[] parts, long[] terms, int mm, int nn, int r, int kk) {
            long value = before;
            for (long part : parts) {
                for (long term : terms) {
                    long addend = part * term; // a term is a signed power of two: the part shifted
                    long sum = value + addend;
                    if (((value ^ sum) & (addend ^ sum)) < 0 || sum < accMin || sum > accMax) {
                        sum = acc.add(value, addend);
                        event(value, addend, sum, mm, nn, r, kk);
                    }
                    value = sum;
                    pair++;
                }
            }
            return value;
        }

        /** An overflow event of the walked step at its current pair: kept in detail when it may be among the first. */
        private void event(long before, long addend, long result, int mm, int nn, int r, int kk) {
            if (stepBase < 0) {
                int beat = beatOf(g, mm, nn, r);
                stepBase = beatStart[beat] + (foldStarts[beat] ? SerialPe.ENCODER_LATENCY_CYCLES : 0);
                stepFold = foldOf(g, mm, nn, r);
                stepRow = map.rowIndex(mm, r) % map.rows();
                stepCol = map.spreadIndex(mm, nn) % map.cols();
            }
            long cycle = stepBase + pair / tpc;
            if (!log.mayKeep(cycle)) {
                unkept[0]++;
                return;
            }
            log.add(new OverflowEvent(new OverflowEvent.Where(stepFold, stepRow, stepCol, 0, cycle),
                    new OverflowEvent.Product(g, mm, nn, kk, pair), new OverflowEvent.Sum(before, addend, result)), g * n + nn);
        }
    }
}
