package dev.qasim.engine;

import dev.qasim.arith.AccumulatorSpec;
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
 * long as its busiest group step (a first pass finds them). A column whose bound sum_k |parts of w| *
 * max_x |terms of x| fits the accumulator cannot overflow at any pair, so its groups are plain dot products; the
 * others are added pair by pair through {@link SerialOperands#groupStep}, each event placed at its PE and cycle.
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
    private final RegisterTraffic registers;
    private long[] beatStart;
    private boolean[] foldStarts;

    SerialFast(ArchConfig arch, SerialPe pe, Lowered layer, Mapping map, EngineOptions options) {
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
        this.registers = new RegisterTraffic(map, pe.registers(map.schedule(), layer.weightType().bits(),
                layer.dataType().bits()));
    }

    /** The beat of group step r of output (g, mm, nn) (no allocation: the hot path of the first pass). */
    private int beatOf(int g, int mm, int nn, int r) {
        return (int) map.cycleOf(foldOf(g, mm, nn, r), map.stepIndex(mm, nn, r), map.rowIndex(mm, r) % map.rows(),
                map.spreadIndex(mm, nn) % map.cols());
    }

    /** The fold of group step r of output (g, mm, nn). */
    private int foldOf(int g, int mm, int nn, int r) {
        return map.foldIndex(g, map.spreadIndex(mm, nn) / map.cols(), map.rowIndex(mm, r) / map.rows());
    }

    ArrayRun run() {
        foldStarts = new boolean[(int) beats];
        for (int f = 0; f < map.folds(); f++) {
            foldStarts[(int) map.streamStart(f)] = true;
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
        }
        long[] starts = map.streamStarts();
        return ArrayRun.builder().computeCycles(beatStart[(int) beats]).macs(layer.form().macs())
                .overflow(OverflowSummary.of(log, overflowed, null)).outputs(outputs).streamStarts(starts)
                .registerWriteBits(registers.bitsThrough(beats - 1)).partialSums(lo, hi)
                .termCounts(new TermCounts(pairs, slots, beats)).arrayValues(ops.values.values()).build();
    }

    /** Pass 1, for data-dependent beats: the longest group step of every beat, and the real steps per beat. */
    private void countPairs(int[] beatSteps, AtomicLongArray realSteps) {
        AtomicIntegerArray longest = new AtomicIntegerArray(beatSteps.length);
        List<RecursiveAction> tasks = new ArrayList<>();
        for (int g = 0; g < map.groups(); g++) {
            int group = g;
            int[] wc = ops.counts.weightColumns(g);
            for (int m0 = 0; m0 < m; m0 += FastEngine.CHUNK_ROWS) {
                int from = m0;
                int to = Math.min(m, m0 + FastEngine.CHUNK_ROWS);
                tasks.add(new RecursiveAction() {
                    @Override
                    protected void compute() {
                        int[] xc = new int[(to - from) * k];
                        ops.counts.dataRows(group, from, to, xc);
                        for (int mm = from; mm < to; mm++) {
                            for (int nn = 0; nn < n; nn++) {
                                for (int r = 0; r < groups; r++) {
                                    int b = beatOf(group, mm, nn, r);
                                    realSteps.incrementAndGet(b);
                                    int pairs = dot(xc, (mm - from) * k, wc, nn * k, ops.groups.start(r), ops.groups.start(r + 1));
                                    int steps = (pairs + tpc - 1) / tpc;
                                    int seen = longest.get(b);
                                    while (steps > seen && !longest.compareAndSet(b, seen, steps)) {
                                        seen = longest.get(b);
                                    }
                                }
                            }
                        }
                    }
                });
            }
        }
        FastEngine.runAll(tasks);
        for (int b = 0; b < beatSteps.length; b++) {
            beatSteps[b] = longest.get(b);
        }
    }

    private static int dot(int[] x, int xo, int[] w, int wo, int from, int to) {
        int s = 0;
        for (int i = from; i < to; i++) {
            s += x[xo + i] * w[wo + i];
        }
        return s;
    }

    /** One group's weights: values, term counts, tensor indices, and which columns cannot overflow. */
    private final class Columns {
        final int[] values;
        final int[] counts;
        final int[] indices;
        final boolean[] safe;

        Columns(int g) {
            values = ops.values.weightColumns(g);
            counts = ops.counts.weightColumns(g);
            indices = ops.indices.weightColumns(g);
            safe = new boolean[n];
            for (int nn = 0; nn < n; nn++) {
                long bound = 0;
                for (int kk = 0; kk < k && bound <= acc.max(); kk++) {
                    long mag = SerialOperands.magnitude(ops.weightParts(indices[nn * k + kk]));
                    bound += maxDataTermSum == 0 ? 0 : (mag > acc.max() / maxDataTermSum ? acc.max() + 1 : mag * maxDataTermSum);
                }
                safe[nn] = bound <= acc.max();
            }
        }
    }

    /** Rows m0..m1 of one group's outputs. */
    private final class Chunk extends RecursiveAction {
        final int g;
        final Columns cols;
        final int m0;
        final int m1;
        final OverflowLog log = new OverflowLog(options.eventLimit(), map.groups() * n);
        final long[] out;
        final int[] pairCount = new int[1];
        long overflowed;
        long pairs;
        long lo;
        long hi;

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
            int rowsIn = m1 - m0;
            int[] xv = new int[rowsIn * k];
            int[] xc = new int[rowsIn * k];
            int[] xi = new int[rowsIn * k];
            ops.values.dataRows(g, m0, m1, xv);
            ops.counts.dataRows(g, m0, m1, xc);
            ops.indices.dataRows(g, m0, m1, xi);
            for (int mm = m0; mm < m1; mm++) {
                int xo = (mm - m0) * k;
                for (int nn = 0; nn < n; nn++) {
                    int wo = nn * k;
                    long value = 0;
                    long exact = 0;
                    for (int r = 0; r < groups; r++) {
                        int from = ops.groups.start(r);
                        int to = ops.groups.start(r + 1);
                        pairs += dot(xc, xo, cols.counts, wo, from, to);
                        if (cols.safe[nn]) {
                            long part = 0;
                            for (int i = from; i < to; i++) {
                                part += (long) xv[xo + i] * cols.values[wo + i];
                            }
                            value += part;
                            exact += part;
                        } else {
                            value = groupStep(value, xi, xo, wo, from, to, g, mm, nn, r);
                            for (int i = from; i < to; i++) {
                                exact += (long) xv[xo + i] * cols.values[wo + i];
                            }
                        }
                        lo = Math.min(lo, exact);
                        hi = Math.max(hi, exact);
                    }
                    if (value != exact) {
                        overflowed++;
                    }
                    out[(mm - m0) * n + nn] = value;
                }
            }
        }

        /** One group step pair by pair, as the PE adds them; events placed at their cycle. */
        private long groupStep(long before, int[] xi, int xo, int wo, int from, int to, int g, int mm, int nn, int r) {
            int fold = foldOf(g, mm, nn, r);
            int beat = beatOf(g, mm, nn, r);
            int row = map.rowIndex(mm, r) % map.rows();
            int col = map.spreadIndex(mm, nn) % map.cols();
            long base = beatStart[beat] + (foldStarts[beat] ? SerialPe.ENCODER_LATENCY_CYCLES : 0);
            return ops.groupStep(before, cols.indices, wo, xi, xo, from, to, (value, addend, kk, pair) -> {
                if (!acc.overflows(value, addend)) {
                    return value + addend;
                }
                long result = acc.add(value, addend);
                log.add(new OverflowEvent(new OverflowEvent.Where(fold, row, col, 0, base + pair / tpc),
                        new OverflowEvent.Product(g, mm, nn, kk, pair), new OverflowEvent.Sum(value, addend, result)), g * n + nn);
                return result;
            }, pairCount);
        }
    }
}
