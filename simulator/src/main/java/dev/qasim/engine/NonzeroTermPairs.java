package dev.qasim.engine;

import dev.qasim.terms.Encoding;
import dev.qasim.workload.IntTensor;
import dev.qasim.workload.Lowered;

/**
 * The nonzero term pairs a layer's products hold, counted the same way for every PE kind (docs/reports.md): for
 * every product the array performs, the nonzero terms of its weight times the nonzero terms of its data value,
 * under the binary encoding (the one-bits) and under HESE, of the operands the array computes with (after any
 * term revealing or truncation the hardware applies). This is the work a PE that skips zero terms would do, so
 * it compares a MAC array's operands with a term-serial array's on one measure; the cost model (b_w b_a per MAC,
 * or k s / g with a budget) is a different measure, reported apart.
 *
 * @param binary pairs of one-bits
 * @param hese   pairs of HESE terms
 */
public record NonzeroTermPairs(long binary, long hese) {

    /** No pairs (an empty sum). */
    public static final NonzeroTermPairs NONE = new NonzeroTermPairs(0, 0);

    /**
     * The pairs of a lowered layer's values: per group, sum over K of (terms of the data in column k, summed over
     * the rows) times (terms of the weights in row k, summed over the columns), which equals the sum over every
     * product of its two term counts.
     */
    public static NonzeroTermPairs of(Lowered layer) {
        return new NonzeroTermPairs(count(layer, Encoding.BINARY), count(layer, Encoding.HESE));
    }

    private static long count(Lowered layer, Encoding encoding) {
        int[] dataTerms = terms(encoding, layer.values().data());
        int[] weightTerms = terms(encoding, layer.values().weights());
        long total = 0;
        for (int g = 0; g < layer.form().groups(); g++) {
            long[] x = layer.dataColumnSums(g, dataTerms);
            long[] w = layer.weightRowSums(g, weightTerms);
            for (int k = 0; k < x.length; k++) {
                total = Math.addExact(total, Math.multiplyExact(x[k], w[k]));
            }
        }
        return total;
    }

    /**
     * The number of terms of every value of a tensor, from a table over its range (each value encoded once) when
     * the range is small.
     */
    private static int[] terms(Encoding encoding, IntTensor tensor) {
        int[] values = tensor.data();
        int lo = 0;
        int hi = 0;
        for (int v : values) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        int[] out = new int[values.length];
        if ((long) hi - lo > 1 << 20) { // wide operands: encode each value as it comes
            for (int i = 0; i < values.length; i++) {
                out[i] = encoding.encoder().count(values[i]);
            }
            return out;
        }
        int[] table = new int[hi - lo + 1];
        for (int v = lo; v <= hi; v++) {
            table[v - lo] = encoding.encoder().count(v);
        }
        for (int i = 0; i < values.length; i++) {
            out[i] = table[values[i] - lo];
        }
        return out;
    }

    /** The sum of two counts (layers, or batches of one layer). */
    public NonzeroTermPairs plus(NonzeroTermPairs other) {
        return new NonzeroTermPairs(Math.addExact(binary, other.binary), Math.addExact(hese, other.hese));
    }
}
