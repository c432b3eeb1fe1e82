package dev.qasim.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qasim.arith.Rounding;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Synthetic values are a format (docs/workload-file.md): the same seed must give the same tensors in every version. */
class SyntheticValuesTest {

    /** A gemm M=2, N=4, K=3 named "golden", seed 1: weights (K x N) = 12 values, data (M x K) = 6 values. */
    private static LayerValues golden(ValueSource.Distribution d, Operand data) {
        Gemm layer = new Gemm(new LayerSpec("golden", Operand.signed(8), data, true, new ValueSource.Synthetic(d, 1)), 2, 4, 3);
        return SyntheticValues.generate(layer, (ValueSource.Synthetic) layer.spec().values());
    }

    @Test
    void gaussianValuesOfSeedOneArePinned() {
        LayerValues signed = golden(ValueSource.Distribution.GAUSSIAN, Operand.signed(8));
        assertThat(signed.weights().data()).containsExactly(-6, -27, 28, -6, 16, -121, -14, -3, -9, -64, 60, 22);
        assertThat(signed.data().data()).containsExactly(-24, 19, 68, 62, 58, -69);
        LayerValues unsigned = golden(ValueSource.Distribution.GAUSSIAN, Operand.unsigned(8));
        assertThat(unsigned.weights().data()).containsExactly(signed.weights().data());
        assertThat(unsigned.data().data()).containsExactly(48, 37, 136, 125, 117, 139);
    }

    @Test
    void laplaceValuesOfSeedOneArePinned() {
        LayerValues signed = golden(ValueSource.Distribution.LAPLACE, Operand.signed(8));
        assertThat(signed.weights().data()).containsExactly(30, 18, 28, 87, -109, 25, 71, 2, -15, 19, -14, -70);
        assertThat(signed.data().data()).containsExactly(25, -7, -53, -46, -50, 41);
        LayerValues unsigned = golden(ValueSource.Distribution.LAPLACE, Operand.unsigned(8));
        assertThat(unsigned.data().data()).containsExactly(51, 15, 107, 92, 101, 82);
    }

    @Test
    void theFirstWeightFollowsTheDocumentedProcedureStepByStep() {
        // docs/workload-file.md, restated: seed * 0x9E3779B97F4A7C15 + name.hashCode(), open uniforms, Box-Muller
        SplittableRandom random = new SplittableRandom(1 * 0x9E3779B97F4A7C15L + "golden".hashCode());
        double u1 = ((random.nextLong() >>> 11) + 0.5) * 0x1.0p-53;
        double u2 = ((random.nextLong() >>> 11) + 0.5) * 0x1.0p-53;
        double x = StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * StrictMath.PI * u2);
        long expected = Math.max(-128, Math.min(127, Rounding.halfEven(x * 127 / 3.0)));
        assertThat(golden(ValueSource.Distribution.GAUSSIAN, Operand.signed(8)).weights().get(0)).isEqualTo((int) expected);
    }

    @Test
    void largeTensorsHaveTheDocumentedSpreadAndUnsignedDataIsNeverNegative() {
        Gemm layer = new Gemm(new LayerSpec("big", Operand.signed(8), Operand.unsigned(8), true,
                new ValueSource.Synthetic(ValueSource.Distribution.GAUSSIAN, 5)), 200, 200, 100);
        LayerValues v = SyntheticValues.generate(layer, (ValueSource.Synthetic) layer.spec().values());
        double[] w = Arrays.stream(v.weights().data()).asDoubleStream().toArray();
        double mean = Arrays.stream(w).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(w).map(a -> (a - mean) * (a - mean)).average().orElseThrow());
        assertThat(mean).isBetween(-1.0, 1.0);
        assertThat(sd).isBetween(127 / 3.0 - 1, 127 / 3.0 + 1); // sigma = Qp / 3
        assertThat(v.data().range()[0]).isGreaterThanOrEqualTo(0);
        assertThat(v.data().range()[1]).isLessThanOrEqualTo(255);
    }

    @Test
    void theSameSeedAndNameGiveTheSameValuesAndAnotherNameOthers() {
        LayerValues a = golden(ValueSource.Distribution.GAUSSIAN, Operand.signed(8));
        LayerValues b = golden(ValueSource.Distribution.GAUSSIAN, Operand.signed(8));
        assertThat(a.weights().data()).containsExactly(b.weights().data());
        Gemm other = new Gemm(new LayerSpec("golden2", Operand.signed(8), Operand.signed(8), true,
                new ValueSource.Synthetic(ValueSource.Distribution.GAUSSIAN, 1)), 2, 4, 3);
        LayerValues c = SyntheticValues.generate(other, (ValueSource.Synthetic) other.spec().values());
        assertThat(c.weights().data()).isNotEqualTo(a.weights().data());
    }

    @Test
    void unsigned32BitDataIsRefusedRatherThanCutTo31Bits() {
        Gemm layer = new Gemm(new LayerSpec("u32", Operand.signed(8), Operand.unsigned(32), true,
                new ValueSource.Synthetic(ValueSource.Distribution.GAUSSIAN, 1)), 1, 1, 1);
        assertThatThrownBy(() -> SyntheticValues.generate(layer, (ValueSource.Synthetic) layer.spec().values()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("u32");
        Gemm s32 = new Gemm(new LayerSpec("s32", Operand.signed(32), Operand.signed(32), true,
                new ValueSource.Synthetic(ValueSource.Distribution.LAPLACE, 1)), 4, 4, 4);
        LayerValues v = SyntheticValues.generate(s32, (ValueSource.Synthetic) s32.spec().values());
        assertThat(v.data().range()[1] - (long) v.data().range()[0]).isGreaterThan(1L << 31);
    }

    @Test
    void drawsByPositionAreSplittableRandomsSequence() {
        for (long seed : new long[] {0, 1, -7, SyntheticValues.layerSeed(1, "conv1"), Long.MIN_VALUE}) {
            SplittableRandom random = new SplittableRandom(seed);
            SyntheticValues.Draws draws = new SyntheticValues.Draws(seed);
            for (int i = 0; i < 10_000; i++) {
                assertThat(draws.nextLong(i)).as("seed %d draw %d", seed, i).isEqualTo(random.nextLong());
            }
        }
    }

    @Test
    void tensorsDrawnInParallelPiecesEqualOneSequentialPass() {
        // odd and even sizes, more than one piece, weights followed by data from the same generator
        for (int k : new int[] {1, 3, 4_097, 70_001}) {
            for (ValueSource.Distribution d : ValueSource.Distribution.values()) {
                for (Operand data : new Operand[] {Operand.signed(8), Operand.unsigned(4)}) {
                    Gemm layer = new Gemm(new LayerSpec("p" + k, Operand.signed(8), data, true, new ValueSource.Synthetic(d, 3)),
                            3, 1, k);
                    LayerValues v = SyntheticValues.generate(layer, (ValueSource.Synthetic) layer.spec().values());
                    SplittableRandom random = new SplittableRandom(SyntheticValues.layerSeed(3, layer.name()));
                    assertThat(v.weights().data()).as("%s weights, K %d", d, k).isEqualTo(sequential(k, Operand.signed(8), d, random));
                    assertThat(v.data().data()).as("%s %s data, K %d", d, data, k).isEqualTo(sequential(3 * k, data, d, random));
                }
            }
        }
    }

    @Test
    void aLargeTensorIsDrawnIntoCompactStorageWithTheSameValues() {
        // 8-bit weights in bytes, 12-bit data in shorts; an odd count, so the last gaussian pair is cut
        int k = IntTensor.COMPACT_VALUES + 1;
        Gemm layer = new Gemm(new LayerSpec("big", Operand.signed(8), Operand.signed(12), true,
                new ValueSource.Synthetic(ValueSource.Distribution.GAUSSIAN, 4)), 1, 1, k);
        LayerValues v = SyntheticValues.generate(layer, (ValueSource.Synthetic) layer.spec().values());
        SplittableRandom random = new SplittableRandom(SyntheticValues.layerSeed(4, layer.name()));
        assertThat(v.weights().toString()).endsWith("(bytes)");
        assertThat(v.data().toString()).endsWith("(shorts)");
        assertThat(v.weights().data()).isEqualTo(sequential(k, Operand.signed(8), ValueSource.Distribution.GAUSSIAN, random));
        assertThat(v.data().data()).isEqualTo(sequential(k, Operand.signed(12), ValueSource.Distribution.GAUSSIAN, random));
    }

    @Test
    void valuesOfEveryOperandWidthEqualTheStrictMathProcedure() {
        // the values are computed with Math's functions and recomputed with StrictMath's near a rounding boundary;
        // wide operands put many values near one (a 31-bit value's margin is about 1/128), narrow ones few; 32-bit
        // weights (the widest a tensor holds) have values beyond the int range before they are clamped
        for (int bits = 1; bits <= 32; bits++) {
            for (ValueSource.Distribution d : ValueSource.Distribution.values()) {
                Operand data = Operand.unsigned(Math.min(bits, 31));
                Operand weights = Operand.signed(Math.max(2, bits));
                Gemm layer = new Gemm(new LayerSpec("w" + bits, weights, data, true, new ValueSource.Synthetic(d, 7)), 25, 1, 1_001);
                LayerValues v = SyntheticValues.generate(layer, (ValueSource.Synthetic) layer.spec().values());
                SplittableRandom random = new SplittableRandom(SyntheticValues.layerSeed(7, layer.name()));
                assertThat(v.weights().data()).as("%s %s", d, weights).isEqualTo(sequential(1_001, weights, d, random));
                int[] want = sequential(25 * 1_001, data, d, random);
                assertThat(v.data().data()).as("%s %s", d, data).isEqualTo(want);
                // the Vector API's functions, which large tensors take (when the JVM has them; the build's tests do)
                SyntheticValues.Draws draws = new SyntheticValues.Draws(SyntheticValues.layerSeed(7, layer.name()));
                long after = d == ValueSource.Distribution.GAUSSIAN ? 1_002 : 1_001; // the weights' draws: pairs, or one each
                IntTensor onVectors = SyntheticValues.tensor(layer.dataShape(), data, d, draws, after, true);
                assertThat(onVectors.data()).as("%s %s on the Vector API", d, data).isEqualTo(want);
            }
        }
    }

    @Test
    void valuesWithin2ToTheMinus40OfTheirMagnitudeFromAHalfIntegerAreRecomputed() {
        for (double h : new double[] {0.5, 1.5, 42.5, 127.5, 32_767.5, 1e9 + 0.5}) {
            for (double sign : new double[] {1, -1}) {
                double v = sign * h;
                assertThat(SyntheticValues.nearHalf(v)).as("%s", v).isTrue();
                assertThat(SyntheticValues.nearHalf(Math.nextUp(v))).as("next up %s", v).isTrue();
                assertThat(SyntheticValues.nearHalf(Math.nextDown(v))).as("next down %s", v).isTrue();
                assertThat(SyntheticValues.nearHalf(v + v * 0x1p-41)).as("%s + 2^-41", v).isTrue();
                assertThat(SyntheticValues.nearHalf(v - v * 0x1p-41)).as("%s - 2^-41", v).isTrue();
                assertThat(SyntheticValues.nearHalf(v + v * 0x1p-38)).as("%s + 2^-38", v).isFalse();
                assertThat(SyntheticValues.nearHalf(v - v * 0x1p-38)).as("%s - 2^-38", v).isFalse();
                assertThat(SyntheticValues.nearHalf(v - sign * 0.5)).as("the integer below %s", v).isFalse();
            }
        }
        assertThat(SyntheticValues.nearHalf(0)).isFalse();
        assertThat(SyntheticValues.nearHalf(0.25)).isFalse();
        assertThat(SyntheticValues.nearHalf(0x1p52)).as("from 2^52 every double is an integer").isTrue();
        assertThat(SyntheticValues.nearHalf(-0x1p60)).isTrue();
    }

    /** The procedure of docs/workload-file.md in one pass over one generator: the oracle of the parallel pieces. */
    private static int[] sequential(int count, Operand type, ValueSource.Distribution d, SplittableRandom random) {
        int[] out = new int[count];
        boolean magnitude = type.signedness() == dev.qasim.arith.Signedness.UNSIGNED;
        double qp = type.max();
        for (int i = 0; i < count; i++) {
            double x;
            double scale;
            if (d == ValueSource.Distribution.GAUSSIAN) {
                double r = StrictMath.sqrt(-2 * StrictMath.log(uniform(random)));
                double angle = 2 * StrictMath.PI * uniform(random);
                x = r * StrictMath.cos(angle);
                double second = r * StrictMath.sin(angle);
                scale = qp / 3;
                if (i + 1 < count) {
                    out[i + 1] = clampRound(second, scale, magnitude, type);
                }
                out[i] = clampRound(x, scale, magnitude, type);
                i++;
                continue;
            }
            double u = uniform(random);
            x = u < 0.5 ? StrictMath.log(2 * u) : -StrictMath.log(2 - 2 * u);
            out[i] = clampRound(x, qp / 4, magnitude, type);
        }
        return out;
    }

    private static double uniform(SplittableRandom random) {
        return ((random.nextLong() >>> 11) + 0.5) * 0x1.0p-53;
    }

    private static int clampRound(double x, double scale, boolean magnitude, Operand type) {
        double v = (magnitude ? Math.abs(x) : x) * scale;
        return (int) Math.max(type.min(), Math.min(type.max(), Rounding.halfEven(v)));
    }
}
