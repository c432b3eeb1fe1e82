package dev.qasim.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.qasim.arith.AccumulatorSpec;
import dev.qasim.arith.OverflowPolicy;
import dev.qasim.workload.FullyConnected;
import dev.qasim.workload.IntTensor;
import dev.qasim.workload.LayerSpec;
import dev.qasim.workload.LayerValues;
import dev.qasim.workload.Lowered;
import dev.qasim.workload.Operand;
import dev.qasim.workload.ValueSource;
import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AccumulatorBoundsTest {

    @Test
    void fourBitWeightsAndDataWithK273FitSixteenBitsWhileA2qAsksForSeventeen() {
        Operand w = Operand.signed(4);
        Operand x = Operand.unsigned(4);
        assertThat(AccumulatorBounds.worstCase(w, x, 273)).isEqualTo(BigInteger.valueOf(32760));
        assertThat(AccumulatorBounds.exactBits(w, x, 273)).isEqualTo(16);
        assertThat(AccumulatorBounds.exactBits(w, x, 274)).isEqualTo(17); // 8 * 15 * 274 = 32880
        assertThat(AccumulatorBounds.a2qDataTypeBits(273, 4, 4, false)).isEqualTo(17);
    }

    @Test
    void a2qLimitForSixteenBitAccumulatorsAndUnsignedEightBitDataIs127point996() {
        assertThat(AccumulatorBounds.a2qL1Limit(16, 8, false)).isCloseTo(127.996, within(0.001));
        assertThat(AccumulatorBounds.a2qL1Limit(16, 8, true)).isCloseTo(255.992, within(0.001));
        // a channel at the limit needs P = 16: a = log2(127) + 8 = 14.99
        assertThat(AccumulatorBounds.a2qWeightBits(127, 8, false)).isEqualTo(16);
        assertThat(AccumulatorBounds.a2qWeightBits(0, 8, false)).isEqualTo(2);
    }

    @Test
    void signedTimesSignedWorstCaseIsThePositiveCorner() {
        // (-8) * (-8) * 4 = 256 needs 10 bits; the negative corner -8 * 7 * 4 = -224 needs 9
        assertThat(AccumulatorBounds.exactBits(Operand.signed(4), Operand.signed(4), 4)).isEqualTo(10);
    }

    @Test
    void staticBoundIsTheL1NormTimesTheLargestDataMagnitude() {
        assertThat(AccumulatorBounds.staticBoundHolds(128, Operand.unsigned(8), 16)).isTrue();  // 128 * 255 = 32640
        assertThat(AccumulatorBounds.staticBoundHolds(129, Operand.unsigned(8), 16)).isFalse(); // 32895
        assertThat(AccumulatorBounds.staticBoundHolds(255, Operand.signed(8), 16)).isTrue();    // 255 * 128 = 32640
    }

    @Test
    void observedSumsFollowTheKOrderOfEachOutput() {
        // one output: x = [100, 100, -1 ...] w = [1, 1, -100]: prefixes 100, 200, 300; a second row dips negative
        FullyConnected fc = new FullyConnected(new LayerSpec("fc", Operand.signed(8), Operand.signed(8), true,
                new ValueSource.Synthetic(ValueSource.Distribution.GAUSSIAN, 1)), 2, 3, 1);
        Lowered l = new Lowered(fc, new LayerValues(new IntTensor(new int[] {1, 3}, new int[] {1, 1, -100}),
                new IntTensor(new int[] {2, 3}, new int[] {100, 100, -1, -100, 0, 1})));
        AccumulatorBounds.SumRange r = AccumulatorBounds.observed(l);
        assertThat(r).isEqualTo(new AccumulatorBounds.SumRange(-200, 300, -200, 300));
        assertThat(r.safe(AccumulatorSpec.of(10, OverflowPolicy.WRAP))).isTrue();
        assertThat(r.safe(AccumulatorSpec.of(9, OverflowPolicy.WRAP))).isFalse();
        Lowered dip = new Lowered(fc, new LayerValues(new IntTensor(new int[] {1, 3}, new int[] {1, 1, -1}),
                new IntTensor(new int[] {2, 3}, new int[] {100, 100, 127, 0, 0, 0})));
        AccumulatorBounds.SumRange d = AccumulatorBounds.observed(dip);
        assertThat(d.maxPrefix()).isEqualTo(200);
        assertThat(d.maxFinal()).isEqualTo(73);
        assertThat(d.safe(AccumulatorSpec.of(8, OverflowPolicy.WRAP))).isTrue();
        assertThat(d.safe(AccumulatorSpec.of(8, OverflowPolicy.SATURATE))).isFalse();
        AccumulatorBounds.LayerBounds b = AccumulatorBounds.of(dip);
        assertThat(b.observedWrapBits()).isEqualTo(8);
        assertThat(b.observedSaturateBits()).isEqualTo(9);
        assertThat(b.exactBits()).isEqualTo(AccumulatorBounds.exactBits(Operand.signed(8), Operand.signed(8), 3));
    }

    @Test
    void fitsAnswersAsTheObservedRangeDoesForEveryPolicyAndWidth() {
        SplittableRandom random = new SplittableRandom(8);
        for (int trial = 0; trial < 200; trial++) {
            int m = 1 + random.nextInt(6);
            int k = 1 + random.nextInt(40);
            int n = 1 + random.nextInt(5);
            int[] w = random.ints((long) n * k, -128, 128).toArray();
            int[] x = random.ints((long) m * k, -128, 128).toArray();
            FullyConnected fc = new FullyConnected(new LayerSpec("fc", Operand.signed(8), Operand.signed(8), true,
                    new ValueSource.Synthetic(ValueSource.Distribution.GAUSSIAN, 1)), m, k, n);
            Lowered l = new Lowered(fc, new LayerValues(new IntTensor(new int[] {n, k}, w), new IntTensor(new int[] {m, k}, x)));
            AccumulatorBounds.SumRange r = AccumulatorBounds.observed(l);
            for (OverflowPolicy policy : OverflowPolicy.values()) {
                for (int bits = 2; bits <= 24; bits++) {
                    AccumulatorSpec acc = AccumulatorSpec.of(bits, policy);
                    assertThat(AccumulatorBounds.fits(l, acc)).as("trial %d, %s", trial, acc).isEqualTo(r.safe(acc));
                }
            }
        }
    }
}
