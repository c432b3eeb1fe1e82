package dev.qasim.engine;

import dev.qasim.config.TermsConfig;
import dev.qasim.terms.Encoder;
import dev.qasim.terms.Revealed;
import dev.qasim.terms.TermRevealing;
import dev.qasim.terms.TermStatistics;
import dev.qasim.terms.Terms;
import dev.qasim.workload.Conv2d;
import dev.qasim.workload.FullyConnected;
import dev.qasim.workload.Gemm;
import dev.qasim.workload.IntTensor;
import dev.qasim.workload.Layer;
import dev.qasim.workload.LayerValues;
import dev.qasim.workload.Lowered;

/**
 * A layer's operands as a term-serial array sees them (term-revealing.md, timing.md): weights term-revealed
 * offline per group (g consecutive input channels at one kernel position of one output channel; g consecutive
 * input features of one row for fc and gemm; the last group of a run may be short and keeps the budget),
 * data truncated to s terms by the encoders at the array's edge, each value kept with its terms. The layer's
 * groups in K order ({@link #groupStart}) never straddle a kernel position. A layer marked
 * {@code termRevealing: false}, or an architecture without a budget, keeps every term.
 */
final class TermOperands {
    /** The revealed weights and truncated data, as values (what the array computes with). */
    final Lowered values;
    /** Term counts of those values, lowered the same way (pairs of a group = dot product of counts). */
    final Lowered counts;
    /** Tensor element indices, lowered the same way: weights as is, data + 1 (0 for padding). */
    final Lowered indices;
    /** The layer's original values whose leading terms were kept. */
    private final IntTensor originalWeights;
    private final IntTensor originalData;
    /** Terms kept of every weight and every data tensor element (the leading ones of its encoding). */
    private final byte[] weightKept;
    private final byte[] dataKept;
    /** The kept terms of every (value, kept count) the layer holds, encoded once: the arrays look them up per MAC. */
    private final KeptTerms weightTable;
    private final KeptTerms dataTable;
    /** The K index where group r starts; groupStart[G] = K. */
    final int[] groupStart;
    /** Weight terms kept per group (k) and data terms per value (s), or null when every term is kept. */
    final Integer budget;
    final Integer dataTermLimit;
    /** Cycles of a budget-synchronous beat, ceil(k * s / termPairsPerCycle), or 0 for data-dependent beats. */
    final int beatCycles;

    TermOperands(Lowered layer, TermsConfig terms) {
        Layer l = layer.layer();
        boolean reveal = l.spec().termRevealing() && terms.hasBudget();
        this.budget = reveal ? terms.groupBudget() : null;
        Integer s = l.spec().termRevealing() ? terms.dataTerms() : null;
        this.dataTermLimit = s;
        IntTensor w = layer.values().weights();
        IntTensor x = layer.values().data();
        Encoder weightEncoder = terms.encoding().encoder();
        Encoder dataEncoder = terms.dataEncoding().encoder();
        this.originalWeights = w;
        this.originalData = x;
        this.weightKept = new byte[w.size()];
        int[] revealedW = reveal(l, w, terms.groupSize(), budget, weightEncoder, weightKept);
        this.dataKept = new byte[x.size()];
        int[] truncatedX = new int[x.size()];
        for (int i = 0; i < x.size(); i++) {
            Terms all = dataEncoder.encode(x.get(i));
            int kept = s == null ? all.size() : Math.min(s, all.size());
            dataKept[i] = (byte) kept;
            truncatedX[i] = (int) all.prefix(kept).sum();
        }
        this.values = new Lowered(l, new LayerValues(new IntTensor(w.shape(), revealedW), new IntTensor(x.shape(), truncatedX)));
        int[] wCounts = new int[w.size()];
        int[] wIndex = new int[w.size()];
        for (int i = 0; i < wCounts.length; i++) {
            wCounts[i] = weightKept[i];
            wIndex[i] = i;
        }
        int[] xCounts = new int[x.size()];
        int[] xIndex = new int[x.size()];
        for (int i = 0; i < xCounts.length; i++) {
            xCounts[i] = dataKept[i];
            xIndex[i] = i + 1;
        }
        this.counts = new Lowered(l, new LayerValues(new IntTensor(w.shape(), wCounts), new IntTensor(x.shape(), xCounts)));
        this.indices = new Lowered(l, new LayerValues(new IntTensor(w.shape(), wIndex), new IntTensor(x.shape(), xIndex)));
        this.groupStart = Mapping.termGroupStarts(l, terms.groupSize());
        this.beatCycles = budgetBeatCycles(l, terms);
        this.weightTable = new KeptTerms(w, weightKept, weightEncoder);
        this.dataTable = new KeptTerms(x, dataKept, dataEncoder);
    }

    /**
     * The kept terms of each (value, kept count) pair a tensor holds, encoded once: a table over the tensor's value
     * range (a few thousand entries for 8-bit operands). Immutable once built, so the engines' threads share it.
     */
    private static final class KeptTerms {
        private final int min;
        private final int width;
        private final Terms[] table;
        private final long maxMagnitude;

        KeptTerms(IntTensor values, byte[] kept, Encoder encoder) {
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
            this.table = new Terms[Math.toIntExact((long) (hi - lo + 1) * width)];
            long max = 0;
            for (int i = 0; i < values.size(); i++) {
                int at = (values.get(i) - lo) * width + kept[i];
                if (table[at] == null) {
                    table[at] = encoder.encode(values.get(i)).prefix(kept[i]);
                    max = Math.max(max, termMagnitude(table[at]));
                }
            }
            this.maxMagnitude = max;
        }

        Terms of(int value, int kept) {
            return table[(value - min) * width + kept];
        }
    }

    /**
     * Cycles of a budget-synchronous beat for a layer, ceil(k s / termPairsPerCycle) (s: the data terms, or the
     * most terms a data value of the layer's type can have); 0 when its beats are data-dependent (no budget, or
     * a layer that keeps every term).
     */
    static int budgetBeatCycles(Layer l, TermsConfig terms) {
        if (!l.spec().termRevealing() || !terms.hasBudget()) {
            return 0;
        }
        return Math.max(1, Mapping.ceilDiv(terms.groupBudget() * dataTermsBound(l, terms), terms.termPairsPerCycle()));
    }

    /** s: the data terms kept per value, or the most terms a data value of the layer's type can have. */
    static int dataTermsBound(Layer l, TermsConfig terms) {
        return terms.dataTerms() != null ? terms.dataTerms()
                : TermStatistics.maxTerms(terms.dataEncoding(), l.spec().data().maxMagnitude());
    }

    /** The kept terms of weight tensor element i. */
    Terms weightTerms(int i) {
        return weightTable.of(originalWeights.get(i), weightKept[i]);
    }

    /** The kept terms of data tensor element i. */
    Terms dataTerms(int i) {
        return dataTable.of(originalData.get(i), dataKept[i]);
    }

    /** The largest sum of term magnitudes any data element keeps (bounds a term pair's partial sums). */
    long maxDataTermMagnitude() {
        return dataTable.maxMagnitude;
    }

    /** The sum of the magnitudes of a value's terms (at least |value|). */
    static long termMagnitude(Terms t) {
        long s = 0;
        for (int i = 0; i < t.size(); i++) {
            s += 1L << t.exponent(i);
        }
        return s;
    }

    /** Groups per output column (the rows of a ws/is fold, the stream of an os one). */
    int groups() {
        return groupStart.length - 1;
    }

    /**
     * Reveals the weight tensor group by group (or keeps every term when budget is null); fills {@code kept} with
     * each element's kept terms and returns the revealed values.
     */
    private static int[] reveal(Layer l, IntTensor w, int g, Integer budget, Encoder encoder, byte[] kept) {
        int[] out = new int[w.size()];
        // the weight tensor's groups: index of element j of group (outer, chunk) = base + j * stride
        int outer;
        int runLength;
        int stride;
        int positions; // kernel positions (or 1)
        if (l instanceof Conv2d c) {
            outer = c.outChannels();
            runLength = c.groupChannels();
            positions = c.kernelH() * c.kernelW();
            stride = positions;
        } else if (l instanceof FullyConnected f) {
            outer = f.outFeatures();
            runLength = f.inFeatures();
            positions = 1;
            stride = 1;
        } else { // gemm weights are K x N per group: a run of K at fixed (group, n), stride N
            Gemm gemm = (Gemm) l;
            outer = gemm.groups() * gemm.n();
            runLength = gemm.k();
            positions = 1;
            stride = gemm.n();
        }
        long[] group = new long[g];
        int[] where = new int[g];
        for (int o = 0; o < outer; o++) {
            for (int p = 0; p < positions; p++) {
                for (int start = 0; start < runLength; start += g) {
                    int size = Math.min(g, runLength - start);
                    for (int j = 0; j < size; j++) {
                        int idx = l instanceof Conv2d ? (o * runLength + start + j) * positions + p
                                : l instanceof FullyConnected ? o * runLength + start + j
                                : (o / stride) * runLength * stride + (start + j) * stride + o % stride;
                        where[j] = idx;
                        group[j] = w.get(idx);
                    }
                    long[] values = java.util.Arrays.copyOf(group, size);
                    if (budget == null) {
                        for (int j = 0; j < size; j++) {
                            kept[where[j]] = (byte) encoder.count(values[j]);
                            out[where[j]] = (int) values[j];
                        }
                    } else {
                        Revealed r = TermRevealing.revealGroup(values, budget, encoder);
                        var keptTerms = r.kept(); // copies: taken once per group
                        long[] revealed = r.revealed();
                        for (int j = 0; j < size; j++) {
                            kept[where[j]] = (byte) keptTerms.get(j).length;
                            out[where[j]] = (int) revealed[j];
                        }
                    }
                }
            }
        }
        return out;
    }

}
