package dev.qasim.engine;

import dev.qasim.terms.Encoder;
import dev.qasim.terms.TermRevealing;
import dev.qasim.terms.Terms;
import dev.qasim.workload.Conv2d;
import dev.qasim.workload.FullyConnected;
import dev.qasim.workload.Gemm;
import dev.qasim.workload.IntTensor;
import dev.qasim.workload.Layer;
import dev.qasim.workload.LayerValues;
import dev.qasim.workload.Lowered;
import java.util.stream.IntStream;

/**
 * A layer's operands as a serial PE sees them (docs/term-revealing.md, docs/timing.md): each weight split into
 * the parts the PE multiplies by (its kept terms, or the whole weight for a bit-parallel weight), each data value
 * into the terms it is processed by (its kept terms, or its one-bits), and both kept with their values. A PE adds
 * one shifted addend per (weight part, data term) pair: {@code ±part << e}.
 *
 * <p>Weights are term-revealed offline per group (g consecutive input channels at one kernel position of one
 * output channel; g consecutive input features of one row for fc and gemm; the last group of a run may be short
 * and keeps the budget) when a budget is given; data are truncated to their leading terms by the encoders at the
 * array's edge when a limit is given. The layer's groups in K order ({@link #groups}) never straddle a kernel
 * position.
 */
final class SerialOperands {
    /** The array's operand values: revealed weights and truncated data (what the products are taken of). */
    final Lowered values;
    /** Part counts, lowered the same way (the pairs of a group step are the dot product of counts). */
    final Lowered counts;
    /** Tensor element indices, lowered the same way: weights as is, data + 1 (0 for padding). */
    final Lowered indices;
    /** The layer's groups in K order. */
    final GroupStarts groups;
    /** Cycles of a fixed-length beat, or 0 for data-dependent beats. */
    final int beatCycles;
    private final IntTensor originalWeights;
    private final IntTensor originalData;
    private final byte[] weightKept;
    private final byte[] dataKept;
    /** The parts of every (value, kept count) the layer holds, computed once: the engines look them up per step. */
    private final PartTable weightTable;
    private final PartTable dataTable;

    /**
     * How a serial PE splits a layer's operands.
     *
     * @param groupSize     g: values per group step
     * @param weightEncoder how weights split into terms, or null for weights taken whole (bit-parallel)
     * @param weightBudget  k: weight terms kept per group (term revealing), or null for every term
     * @param dataEncoder   how data split into terms
     * @param dataLimit     s: terms kept per data value, or null for every term
     * @param beatCycles    cycles of a fixed-length beat, or 0 for data-dependent beats
     */
    record Split(int groupSize, Encoder weightEncoder, Integer weightBudget, Encoder dataEncoder, Integer dataLimit,
                 int beatCycles) {}

    SerialOperands(Lowered layer, Split split) {
        Layer l = layer.layer();
        IntTensor w = layer.values().weights();
        IntTensor x = layer.values().data();
        this.originalWeights = w;
        this.originalData = x;
        this.weightKept = new byte[w.size()];
        Encodings we = split.weightEncoder() == null ? null : new Encodings(w, split.weightEncoder());
        int[] revealedW = we == null ? whole(w, weightKept) : reveal(l, w, split.groupSize(), split.weightBudget(), we, weightKept);
        this.dataKept = new byte[x.size()];
        Encodings de = new Encodings(x, split.dataEncoder());
        int[] truncatedX = new int[x.size()];
        IntStream.range(0, x.size()).parallel().forEach(i -> {
            int v = x.get(i);
            int all = de.of(v).size();
            int kept = split.dataLimit() == null ? all : Math.min(split.dataLimit(), all);
            dataKept[i] = (byte) kept;
            truncatedX[i] = (int) de.kept(v, kept);
        });
        this.values = new Lowered(l, new LayerValues(new IntTensor(w.shape(), revealedW), new IntTensor(x.shape(), truncatedX)));
        this.counts = new Lowered(l, new LayerValues(new IntTensor(w.shape(), widen(weightKept)),
                new IntTensor(x.shape(), widen(dataKept))));
        this.indices = new Lowered(l, new LayerValues(new IntTensor(w.shape(), sequence(w.size(), 0)),
                new IntTensor(x.shape(), sequence(x.size(), 1))));
        this.groups = Mapping.groupStarts(l, split.groupSize());
        this.beatCycles = split.beatCycles();
        this.weightTable = new PartTable(w, weightKept, (v, kept) -> we == null ? new long[] {v} : we.of(v).prefix(kept).values());
        this.dataTable = new PartTable(x, dataKept, (v, kept) -> de.of(v).prefix(kept).values());
    }

    /**
     * Every value of a tensor's range encoded once, with the values its leading terms keep (as {@link PartTable}, a
     * table over the range): a layer's elements repeat a few hundred values, and encoding allocates. Immutable,
     * so threads share it.
     */
    private static final class Encodings {
        private final int min;
        private final Terms[] terms;
        /** {@code kept[v - min][n]}: the sum of the n leading terms of v. */
        private final long[][] kept;

        Encodings(IntTensor values, Encoder encoder) {
            int[] range = values.range();
            this.min = range[0];
            this.terms = new Terms[range[1] - range[0] + 1];
            this.kept = new long[terms.length][];
            for (int i = 0; i < terms.length; i++) {
                terms[i] = encoder.encode(min + i);
                kept[i] = new long[terms[i].size() + 1];
                for (int n = 1; n < kept[i].length; n++) {
                    kept[i][n] = terms[i].prefixSum(n);
                }
            }
        }

        Terms of(int value) {
            return terms[value - min];
        }

        /** The value the n leading terms of value keep. */
        long kept(int value, int n) {
            return kept[value - min][n];
        }
    }

    private static int[] widen(byte[] counts) {
        int[] out = new int[counts.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = counts[i];
        }
        return out;
    }

    private static int[] sequence(int size, int first) {
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = i + first;
        }
        return out;
    }

    /** Weights taken whole: one part each (a zero weight too: the PE still adds it). */
    private static int[] whole(IntTensor w, byte[] kept) {
        java.util.Arrays.fill(kept, (byte) 1);
        return w.data().clone();
    }

    /**
     * The parts of each (value, kept count) pair a tensor holds, computed once: a table over the tensor's value
     * range (a few thousand entries for 8-bit operands). Immutable once built, so the engines' threads share it.
     */
    private static final class PartTable {
        private final int min;
        private final int width;
        private final long[][] table;
        private final long maxMagnitude;

        interface Parts {
            long[] of(int value, int kept);
        }

        PartTable(IntTensor values, byte[] kept, Parts parts) {
            int lo = 0;
            int hi = 0;
            int most = 0;
            for (int i = 0; i < values.size(); i++) {
                lo = Math.min(lo, values.get(i));
                hi = Math.max(hi, values.get(i));
                most = Math.max(most, kept[i]);
            }
            this.min = lo;
            this.width = most + 1;
            this.table = new long[Math.toIntExact((long) (hi - lo + 1) * width)][];
            long max = 0;
            for (int i = 0; i < values.size(); i++) {
                int at = (values.get(i) - lo) * width + kept[i];
                if (table[at] == null) {
                    table[at] = parts.of(values.get(i), kept[i]);
                    max = Math.max(max, magnitude(table[at]));
                }
            }
            this.maxMagnitude = max;
        }

        long[] of(int value, int kept) {
            return table[slot(value, kept)];
        }

        int slot(int value, int kept) {
            return (value - min) * width + kept;
        }
    }

    /** The parts of weight tensor element i: its kept terms (±2^e), or the whole weight. */
    long[] weightParts(int i) {
        return weightTable.of(originalWeights.get(i), weightKept[i]);
    }

    /** The kept terms of data tensor element i (±2^e, most significant first). */
    long[] dataTerms(int i) {
        return dataTable.of(originalData.get(i), dataKept[i]);
    }

    /**
     * The slot of data tensor element i in the table of distinct (value, kept count) pairs: elements of one slot
     * have the same terms, {@link #dataTermsAt}. Slots run from 0 to {@link #dataSlots()} - 1.
     */
    int dataSlot(int i) {
        return dataTable.slot(originalData.get(i), dataKept[i]);
    }

    int dataSlots() {
        return dataTable.table.length;
    }

    /** The terms of a data slot, or null when no element has it. */
    long[] dataTermsAt(int slot) {
        return dataTable.table[slot];
    }

    /** The most parts any weight element has. */
    int maxWeightParts() {
        return weightTable.width - 1;
    }

    /** The most terms any data element keeps. */
    int maxDataTerms() {
        return dataTable.width - 1;
    }

    /** One accumulator addition of a pair's addend, with the accumulator's policy applied. */
    interface PairAdder {
        /**
         * @param k    the pair's K index
         * @param pair the pair's index within its group step
         * @return the accumulator's new value
         */
        long add(long value, long addend, int k, int pair);
    }

    /**
     * One group step as the PE adds it, the stepped engine's loop (the fast engine adds in the same order, in
     * blocks where no event can happen): value by value in K order (kk from {@code from} to {@code to}), each
     * weight part times each data term, most significant first, {@code ±part << e} added through {@code adder}.
     * Padding (data handle 0) has no terms.
     *
     * @param weights weight element indices, {@code weights[wo + kk]}
     * @param data    data element indices + 1, {@code data[xo + kk]}
     * @param pairs   receives the number of pairs added, in {@code pairs[0]}
     * @return the accumulator's value after the step
     */
    long groupStep(long before, int[] weights, int wo, int[] data, int xo, int from, int to, PairAdder adder, int[] pairs) {
        long value = before;
        int pair = 0;
        for (int kk = from; kk < to; kk++) {
            int x = data[xo + kk];
            if (x == 0) {
                continue;
            }
            long[] parts = weightParts(weights[wo + kk]);
            long[] dts = dataTerms(x - 1);
            for (long part : parts) {
                for (long dt : dts) {
                    long addend = dt < 0 ? -part << Long.numberOfTrailingZeros(-dt) : part << Long.numberOfTrailingZeros(dt);
                    value = adder.add(value, addend, kk, pair);
                    pair++;
                }
            }
        }
        pairs[0] = pair;
        return value;
    }

    /** The largest sum of term magnitudes any data element keeps (bounds a pair's partial sums). */
    long maxDataTermMagnitude() {
        return dataTable.maxMagnitude;
    }

    /** The largest sum of part magnitudes any weight element keeps. */
    long maxWeightPartMagnitude() {
        return weightTable.maxMagnitude;
    }

    /**
     * The sum of the magnitudes of every weight element's parts, by tensor index: a pair's addend is part times
     * data term, so a product's addends sum in magnitude to this times {@link #dataMagnitudes()}'s entry. Null
     * when one exceeds an int.
     */
    int[] weightMagnitudes() {
        return magnitudes(originalWeights.size(), this::weightParts);
    }

    /** The sum of the magnitudes of every data element's kept terms, by tensor index; null when one exceeds an int. */
    int[] dataMagnitudes() {
        return magnitudes(originalData.size(), this::dataTerms);
    }

    private static int[] magnitudes(int size, java.util.function.IntFunction<long[]> parts) {
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            long m = magnitude(parts.apply(i));
            if (m > Integer.MAX_VALUE) {
                return null;
            }
            out[i] = (int) m;
        }
        return out;
    }

    /** The sum of the magnitudes of parts (at least |value| of their sum). */
    static long magnitude(long[] parts) {
        long s = 0;
        for (long p : parts) {
            s += Math.abs(p);
        }
        return s;
    }

    /**
     * Reveals the weight tensor group by group (or keeps every term when budget is null); fills {@code kept} with
     * each element's kept terms and returns the revealed values. Output channels (or columns) in parallel: their
     * groups are disjoint.
     */
    private static int[] reveal(Layer l, IntTensor w, int g, Integer budget, Encodings encodings, byte[] kept) {
        int[] out = new int[w.size()];
        Runs runs = Runs.of(l);
        IntStream.range(0, runs.outer()).parallel().forEach(o -> {
            Terms[] group = new Terms[g];
            int[] head = new int[g];
            int[] where = new int[g];
            for (int p = 0; p < runs.positions(); p++) {
                for (int start = 0; start < runs.length(); start += g) {
                    int size = Math.min(g, runs.length() - start);
                    for (int j = 0; j < size; j++) {
                        where[j] = runs.index(l, o, p, start + j);
                        group[j] = encodings.of(w.get(where[j]));
                        head[j] = budget == null ? group[j].size() : 0;
                    }
                    if (budget != null) {
                        TermRevealing.keep(group, size, budget, head);
                    }
                    for (int j = 0; j < size; j++) {
                        kept[where[j]] = (byte) head[j];
                        out[where[j]] = (int) encodings.kept(w.get(where[j]), head[j]);
                    }
                }
            }
        });
        return out;
    }

    /**
     * The weight tensor's runs of K values that groups split: per outer index (output channel, or gemm column) and
     * kernel position (or 1), {@code length} values {@code stride} apart.
     */
    private record Runs(int outer, int length, int stride, int positions) {
        static Runs of(Layer l) {
            if (l instanceof Conv2d c) {
                int positions = c.h().kernel() * c.w().kernel();
                return new Runs(c.outChannels(), c.groupChannels(), positions, positions);
            }
            if (l instanceof FullyConnected f) {
                return new Runs(f.outFeatures(), f.inFeatures(), 1, 1);
            }
            Gemm gemm = (Gemm) l; // weights K x N per group: a run of K at fixed (group, n), stride N
            return new Runs(gemm.groups() * gemm.n(), gemm.k(), gemm.n(), 1);
        }

        /** The tensor index of value i of the run of outer index o at kernel position p. */
        int index(Layer l, int o, int p, int i) {
            if (l instanceof Conv2d) {
                return (o * length + i) * positions + p;
            }
            return l instanceof FullyConnected ? o * length + i : (o / stride) * length * stride + i * stride + o % stride;
        }
    }
}
