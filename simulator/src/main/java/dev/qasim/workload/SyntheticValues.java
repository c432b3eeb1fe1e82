package dev.qasim.workload;

import dev.qasim.arith.Rounding;
import dev.qasim.arith.Signedness;
import java.util.SplittableRandom;

/**
 * Reproducible synthetic tensors (docs/workload-file.md states the exact procedure):
 * value = clamp(round_half_even(X * sigma), Qn, Qp) with X standard gaussian (sigma = Qp / 3) or standard
 * laplace (scale Qp / 4), |X| for unsigned operands. One {@link SplittableRandom} per layer, seeded with
 * {@code seed * 0x9E3779B97F4A7C15 + name.hashCode()} (64-bit wrap-around), draws the weights and then the data,
 * each in row-major order. Uniforms are open, u = ((nextLong() >>> 11) + 0.5) * 2^-53; a gaussian pair is
 * Box-Muller (r = sqrt(-2 ln u1), r cos(2 pi u2) then r sin(2 pi u2)), a tensor of odd size drops the last
 * pair's second value; a laplace value is ln(2u) for u &lt; 1/2 and -ln(2 - 2u) otherwise. StrictMath
 * everywhere, so every JVM gives the same bits.
 */
public final class SyntheticValues {
    private SyntheticValues() {}

    /** The seed of a layer's generator. */
    public static long layerSeed(long seed, String layerName) {
        return seed * 0x9E3779B97F4A7C15L + layerName.hashCode();
    }

    /**
     * The layer's weights and then data, drawn from one generator as above.
     *
     * @throws IllegalArgumentException for unsigned 32-bit operands, whose values a tensor cannot hold
     */
    public static LayerValues generate(Layer layer, ValueSource.Synthetic source) {
        SplittableRandom random = new SplittableRandom(layerSeed(source.seed(), layer.name()));
        IntTensor weights = tensor(layer.weightShape(), layer.spec().weights(), source.distribution(), random);
        IntTensor data = tensor(layer.dataShape(), layer.spec().data(), source.distribution(), random);
        return new LayerValues(weights, data);
    }

    static IntTensor tensor(int[] shape, Operand type, ValueSource.Distribution distribution, SplittableRandom random) {
        if (type.max() > Integer.MAX_VALUE) { // u32: Qp = 2^32 - 1 would be cut to 2^31 - 1 by the int cast
            throw new IllegalArgumentException(type + " values do not fit the 32-bit signed integers of a tensor");
        }
        long count = 1;
        for (int d : shape) {
            count *= d;
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensor too large: " + count + " values");
        }
        int[] values = new int[(int) count];
        double qp = type.max();
        double qn = type.min();
        boolean magnitude = type.signedness() == Signedness.UNSIGNED;
        if (distribution == ValueSource.Distribution.GAUSSIAN) {
            double sigma = qp / 3;
            for (int i = 0; i < values.length; i += 2) {
                double r = StrictMath.sqrt(-2 * StrictMath.log(open01(random)));
                double angle = 2 * StrictMath.PI * open01(random);
                values[i] = quantize(r * StrictMath.cos(angle), sigma, magnitude, qn, qp);
                if (i + 1 < values.length) {
                    values[i + 1] = quantize(r * StrictMath.sin(angle), sigma, magnitude, qn, qp);
                }
            }
        } else {
            double scale = qp / 4;
            for (int i = 0; i < values.length; i++) {
                double u = open01(random);
                double x = u < 0.5 ? StrictMath.log(2 * u) : -StrictMath.log(2 - 2 * u);
                values[i] = quantize(x, scale, magnitude, qn, qp);
            }
        }
        return new IntTensor(shape, values);
    }

    private static double open01(SplittableRandom random) {
        return ((random.nextLong() >>> 11) + 0.5) * 0x1.0p-53;
    }

    private static int quantize(double x, double scale, boolean magnitude, double qn, double qp) {
        double v = (magnitude ? Math.abs(x) : x) * scale;
        return (int) Math.max(qn, Math.min(qp, Rounding.halfEven(v)));
    }
}
