package dev.qasim.engine;

import dev.qasim.quant.AccumulatorBounds;
import dev.qasim.arith.Signedness;
import dev.qasim.workload.Layer;
import dev.qasim.workload.Lowered;
import dev.qasim.workload.Operand;

/**
 * How wide a layer's accumulator must be, four ways side by side (docs/quantization.md), so a user sees how tight
 * each bound is: the exact worst case from the operand types (max|w| max|x| K), A2Q's width from the data types,
 * the l1 bound from the actual weights (the largest output channel's ||w||_1 times the data type's max|x|) with
 * A2Q's weight-level width, and the partial sums actually observed (null when the layer trapped). Widths are
 * two's-complement bits. The weight-level and observed parts are null when no values were simulated.
 */
public record PartialSumBounds(long dataTypeWorstCase, int dataTypeBits, int a2qDataTypeBits, Long maxChannelL1,
                               Long l1Bound, Integer l1Bits, Integer a2qWeightBits, Long observedMin, Long observedMax,
                               Integer observedBits) {

    /** The data-type bounds of a layer whose values were not simulated. */
    public static PartialSumBounds ofTypes(Layer layer) {
        Operand w = layer.spec().weights();
        Operand x = layer.spec().data();
        int k = layer.matrixForm().k();
        long worst = AccumulatorBounds.dataTypeWorstCase(w.maxMagnitude(), x.maxMagnitude(), k);
        return new PartialSumBounds(worst, AccumulatorBounds.bitsFor(-worst, worst),
                AccumulatorBounds.a2qDataTypeBits(k, x.bits(), w.bits(), x.signedness() == Signedness.SIGNED),
                null, null, null, null, null, null, null);
    }

    /** The bounds of a lowered layer and what its run observed. */
    public static PartialSumBounds of(Lowered layer, ArrayRun run) {
        return of(layer, run, java.util.Arrays.stream(AccumulatorBounds.columnL1Norms(layer)).max().orElse(0));
    }

    /** The same with the largest column L1 norm of the layer's weights given (a sweep computes it once per layer). */
    static PartialSumBounds of(Lowered layer, ArrayRun run, long l1) {
        Operand w = layer.weightType();
        Operand x = layer.dataType();
        int k = layer.form().k();
        long worst = AccumulatorBounds.dataTypeWorstCase(w.maxMagnitude(), x.maxMagnitude(), k);
        long l1Bound = Math.multiplyExact(l1, x.maxMagnitude());
        boolean signed = x.signedness() == Signedness.SIGNED;
        ArrayRun.PartialSumRange range = run.partialSums();
        Long min = range == null ? null : range.min();
        Long max = range == null ? null : range.max();
        Integer observedBits = range == null ? null : AccumulatorBounds.bitsFor(min, max);
        return new PartialSumBounds(worst, AccumulatorBounds.bitsFor(-worst, worst),
                AccumulatorBounds.a2qDataTypeBits(k, x.bits(), w.bits(), signed), l1, l1Bound,
                AccumulatorBounds.bitsFor(-l1Bound, l1Bound), AccumulatorBounds.a2qWeightBits(l1, x.bits(), signed),
                min, max, observedBits);
    }
}
