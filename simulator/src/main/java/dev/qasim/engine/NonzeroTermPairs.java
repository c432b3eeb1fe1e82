package dev.qasim.engine;

import dev.qasim.terms.Encoding;
import dev.qasim.workload.IntTensor;
import dev.qasim.workload.Lowered;
import java.util.function.IntUnaryOperator;

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
        // the data's counts mapped once per layer (a grouped layer reads them once per group); the weights' looked
        // up as they are read, so that the largest weight tensors are never held twice
        IntTensor data = layer.values().data();
        IntUnaryOperator dataCounter = counter(encoding, data);
        int[] dataTerms = new int[data.size()];
        for (int i = 0; i < dataTerms.length; i++) {
            dataTerms[i] = dataCounter.applyAsInt(data.get(i));
        }
        IntUnaryOperator weightTerms = counter(encoding, layer.values().weights());
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
     * The number of terms of each value a tensor holds, from a table over its range (each value encoded once) when
     * the range is small.
     */
    private static IntUnaryOperator counter(Encoding encoding, IntTensor tensor) {
        int[] range = tensor.range();
        int lo = Math.min(0, range[0]);
        int hi = Math.max(0, range[1]);
        if ((long) hi - lo > 1 << 20) { // wide operands: encode each value as it comes
            return v -> encoding.encoder().count(v);
        }
        int[] table = new int[hi - lo + 1];
        for (int v = lo; v <= hi; v++) {
            table[v - lo] = encoding.encoder().count(v);
        }
        int min = lo;
        return v -> table[v - min];
    }

    /** The sum of two counts (layers, or batches of one layer). */
    public NonzeroTermPairs plus(NonzeroTermPairs other) {
        return new NonzeroTermPairs(Math.addExact(binary, other.binary), Math.addExact(hese, other.hese));
    }
}
