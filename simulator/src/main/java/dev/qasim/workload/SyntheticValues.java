package dev.qasim.workload;

import dev.qasim.arith.Signedness;
import dev.qasim.arith.Vectors;
import java.util.stream.IntStream;

/**
 * Reproducible synthetic tensors (docs/workload-file.md states the exact procedure):
 * value = clamp(round_half_even(X * sigma), Qn, Qp) with X standard gaussian (sigma = Qp / 3) or standard
 * laplace (scale Qp / 4), |X| for unsigned operands. One {@link SplittableRandom} per layer, seeded with
 * {@code seed * 0x9E3779B97F4A7C15 + name.hashCode()} (64-bit wrap-around), draws the weights and then the data,
 * each in row-major order. Uniforms are open, u = ((nextLong() >>> 11) + 0.5) * 2^-53; a gaussian pair is
 * Box-Muller (r = sqrt(-2 ln u1), r cos(2 pi u2) then r sin(2 pi u2)), a tensor of odd size drops the last
 * pair's second value; a laplace value is ln(2u) for u &lt; 1/2 and -ln(2 - 2u) otherwise. The values are those
 * of StrictMath's functions, so every JVM gives the same ones (computed faster, with the same results: see
 * {@link #nearHalf}). Large tensors are drawn in parallel pieces, each starting at its position in the
 * generator's sequence, with the same bits as one pass.
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
        Draws draws = new Draws(layerSeed(source.seed(), layer.name()));
        IntTensor weights = tensor(layer.weightShape(), layer.spec().weights(), source.distribution(), draws, 0);
        long after = draws(weights.size(), source.distribution());
        IntTensor data = tensor(layer.dataShape(), layer.spec().data(), source.distribution(), draws, after);
        return new LayerValues(weights, data);
    }

    /** How many draws a tensor of {@code count} values takes: a gaussian pair two for every two values. */
    private static long draws(long count, ValueSource.Distribution distribution) {
        return distribution == ValueSource.Distribution.GAUSSIAN ? 2 * ((count + 1) / 2) : count;
    }

    /** Values per parallel piece of a tensor (an even number, so that no gaussian pair is split). */
    private static final int PIECE = 1 << 16;
    /**
     * A thread's array for the piece it draws, which the builder copies (VGG-16's values, 2,250 pieces, had allocated
     * a new one each: 590 MB of arrays).
     */
    private static final ThreadLocal<int[]> PIECES = ThreadLocal.withInitial(() -> new int[PIECE]);

    /**
     * The tensor whose first value takes draw {@code first}; compact ({@link IntTensor#builder}) when large, so a
     * large layer's values are never held as ints: each piece is drawn into its own small array and stored.
     */
    static IntTensor tensor(int[] shape, Operand type, ValueSource.Distribution distribution, Draws draws, long first) {
        long size = 1;
        for (int d : shape) {
            size *= d;
        }
        return tensor(shape, type, distribution, draws, first, Vectors.enabled() && size >= VECTOR_VALUES);
    }

    /**
     * Values from which a tensor's functions run on the Vector API ({@link SyntheticVector}, when the JVM has it): its
     * loops run interpreted until HotSpot has compiled them, which costs more than a small tensor saves.
     */
    static final int VECTOR_VALUES = IntTensor.COMPACT_VALUES;

    /** The same, the functions on the Vector API if {@code vectors} (tests take both). */
    static IntTensor tensor(int[] shape, Operand type, ValueSource.Distribution distribution, Draws draws, long first,
                            boolean vectors) {
        if (type.max() > Integer.MAX_VALUE) { // u32: Qp = 2^32 - 1 would be cut to 2^31 - 1 by the int cast
            throw new IllegalArgumentException(type + " values do not fit the 32-bit signed integers of a tensor");
        }
        IntTensor.Builder values = IntTensor.builder(shape, type.min(), type.max());
        int size = values.size();
        // every value is a function of its draws' positions, so pieces are drawn in parallel with the same bits
        IntStream.range(0, (size + PIECE - 1) / PIECE).parallel().forEach(piece -> {
            int from = piece * PIECE;
            int count = Math.min(size, from + PIECE) - from;
            int[] part = PIECES.get();
            fill(part, 0, count, type, distribution, draws, first + from, vectors);
            values.put(from, part, 0, count);
        });
        return values.build();
    }

    /** Values a batch of {@link #fill} computes at a time (its working arrays stay in the caches). */
    private static final int BATCH = 1024;

    /**
     * Values from .. to of a tensor (from even), the first taking draw {@code at}. The values are those of the
     * documented procedure with StrictMath's functions; they are computed a batch at a time with Math's (intrinsics,
     * faster than StrictMath's native calls on JDK 17: ResNet-18's 13.9 M values took 340 ms on two cores, now 140),
     * or for a large tensor with the Vector API's functions of the same accuracy ({@link SyntheticVector}), and
     * recomputed with StrictMath's where that could round differently ({@link #nearHalf}).
     */
    private static void fill(int[] values, int from, int to, Operand type, ValueSource.Distribution distribution,
                             Draws draws, long at, boolean vectors) {
        if (distribution == ValueSource.Distribution.GAUSSIAN) {
            gaussian(values, from, to, type, draws, at, vectors);
        } else {
            laplace(values, from, to, type, draws, at, vectors);
        }
    }

    private static void gaussian(int[] values, int from, int to, Operand type, Draws draws, long at, boolean vectors) {
        Quantizer q = Quantizer.of(type, 3); // sigma = Qp / 3
        double[] u1 = new double[BATCH];
        double[] angle = new double[BATCH];
        double[] first = new double[BATCH];
        double[] second = new double[BATCH];
        for (int i0 = from; i0 < to; i0 += 2 * BATCH) {
            int pairs = Math.min(BATCH, (to - i0 + 1) / 2);
            long z = draws.gammaSum(at + (i0 - from));
            for (int p = 0; p < pairs; p++, z += 2 * Draws.GOLDEN_GAMMA) {
                u1[p] = Draws.open01Of(Draws.mix64(z));
                angle[p] = 2 * StrictMath.PI * Draws.open01Of(Draws.mix64(z + Draws.GOLDEN_GAMMA));
            }
            for (int p = vectors ? SyntheticVector.boxMuller(u1, angle, first, second, pairs) : 0; p < pairs; p++) {
                double r = Math.sqrt(-2 * Math.log(u1[p]));
                first[p] = r * Math.cos(angle[p]);
                second[p] = r * Math.sin(angle[p]);
            }
            for (int p = 0; p < pairs; p++) {
                double f = q.scaled(first[p]);
                double s = q.scaled(second[p]);
                double rf = Math.rint(f);
                double rs = Math.rint(s);
                if (nearHalf(f, rf) || nearHalf(s, rs)) {
                    double r = StrictMath.sqrt(-2 * StrictMath.log(u1[p]));
                    rf = Math.rint(q.scaled(r * StrictMath.cos(angle[p])));
                    rs = Math.rint(q.scaled(r * StrictMath.sin(angle[p])));
                }
                int i = i0 + 2 * p;
                values[i] = q.clamp(rf);
                if (i + 1 < to) {
                    values[i + 1] = q.clamp(rs);
                }
            }
        }
    }

    private static void laplace(int[] values, int from, int to, Operand type, Draws draws, long at, boolean vectors) {
        Quantizer q = Quantizer.of(type, 4); // b = Qp / 4
        double[] arg = new double[BATCH];
        double[] sign = new double[BATCH];
        double[] x = new double[BATCH];
        for (int i0 = from; i0 < to; i0 += BATCH) {
            int count = Math.min(BATCH, to - i0);
            long z = draws.gammaSum(at + (i0 - from));
            for (int j = 0; j < count; j++, z += Draws.GOLDEN_GAMMA) { // ln(2u) for u < 1/2, else -ln(2 - 2u)
                double u = Draws.open01Of(Draws.mix64(z));
                arg[j] = u < 0.5 ? 2 * u : 2 - 2 * u;
                sign[j] = u < 0.5 ? 1 : -1;
            }
            for (int j = vectors ? SyntheticVector.log(arg, x, count) : 0; j < count; j++) {
                x[j] = Math.log(arg[j]);
            }
            for (int j = 0; j < count; j++) {
                double v = q.scaled(sign[j] * x[j]);
                double rv = Math.rint(v);
                if (nearHalf(v, rv)) {
                    rv = Math.rint(q.scaled(sign[j] * StrictMath.log(arg[j])));
                }
                values[i0 + j] = q.clamp(rv);
            }
        }
    }

    /**
     * How a draw becomes a value of an operand type: X' (|X| for an unsigned operand) times the scale (Qp / 3 or
     * Qp / 4), and the value rounded clamped to [Qn, Qp].
     */
    private record Quantizer(double scale, int qn, int qp, boolean magnitude) {
        static Quantizer of(Operand type, double parts) {
            return new Quantizer(type.max() / parts, Math.toIntExact(type.min()), Math.toIntExact(type.max()),
                    type.signedness() == Signedness.UNSIGNED);
        }

        double scaled(double x) {
            return (magnitude ? Math.abs(x) : x) * scale;
        }

        /**
         * A value rounded half to even (Math.rint), clamped to [qn, qp]: in ints, the cast saturating at the int range,
         * which holds [qn, qp], so the result is the clamped double's (a double min and max cost more than the rest of
         * the rounding).
         */
        int clamp(double rounded) {
            return Math.max(qn, Math.min(qp, (int) rounded));
        }
    }

    /**
     * Whether a value computed with Math's functions (or the Vector API's, as accurate) lies so near a rounding
     * boundary (a half-integer) that the value StrictMath's give could round to another integer. Both are within 1 ulp
     * of the exact ln, sin and cos
     * (their specifications), sqrt is correctly rounded in both, and the rest is the same arithmetic, so the two
     * values r cos(angle) s (or ln(..) s) differ by less than 2^-49 of their magnitude: one farther than 2^-40 of
     * its magnitude from every half-integer rounds the same either way. From 2^52 on (far beyond any operand's
     * range) every double is an integer, and such a value is always recomputed.
     */
    static boolean nearHalf(double v) {
        return nearHalf(v, Math.rint(v));
    }

    /** {@link #nearHalf(double)} given {@code rint(v)}: v's distance to the nearest integer is at least 1/2 - margin. */
    private static boolean nearHalf(double v, double rint) {
        double a = Math.abs(v);
        return a >= 0x1p52 || Math.abs(v - rint) >= 0.5 - 0x1p-40 * a;
    }

    /**
     * The outputs of {@code new SplittableRandom(seed).nextLong()} by position: the i-th (from 0) is
     * mix64(seed + (i + 1) * gamma) with SplittableRandom's golden gamma and its mixing function, as the JDK
     * implements it. SplittableRandom itself can only be drawn in order; by position the pieces of a large tensor
     * are drawn in parallel. SyntheticValuesTest checks the two sequences equal.
     */
    static final class Draws {
        static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
        private final long seed;

        Draws(long seed) {
            this.seed = seed;
        }

        long nextLong(long i) {
            return mix64(gammaSum(i));
        }

        /**
         * What draw i mixes: seed + (i + 1) gamma (wrapping, as longs do); draw i + 1's is this plus gamma, so a run of
         * draws adds gamma instead of multiplying.
         */
        long gammaSum(long i) {
            return seed + (i + 1) * GOLDEN_GAMMA;
        }

        /** SplittableRandom's mixing function (Stafford's variant 13 of MurmurHash3's finalizer). */
        static long mix64(long z) {
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            return z ^ (z >>> 31);
        }

        /** The open uniform in (0, 1) a draw's bits give: their top 53 bits and a half, times 2^-53. */
        static double open01Of(long bits) {
            return ((bits >>> 11) + 0.5) * 0x1.0p-53;
        }
    }
}
