package dev.qasim.workload;

import java.util.stream.IntStream;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Reference}'s direct convolution on the Java Vector API, for layers whose sums fit 32 bits: the lanes
 * hold output channels. For every output pixel the kernel taps inside the image with a nonzero input are listed
 * first (input index and tap index), then every block of output channels sums weight vectors times the listed
 * inputs. It reads the input tensor and the weights by the convolution's own indices (no lowered matrix), in
 * the order input channel, kernel row, kernel column; rows of output pixels run in parallel.
 *
 * <p>Loaded only when the JVM has {@code jdk.incubator.vector} ({@link dev.qasim.arith.Vectors}); the loop has
 * no branch and its accumulators stay in registers, as HotSpot's JDK 17 intrinsics need.
 */
final class ReferenceVector {
    private static final VectorSpecies<Integer> SPECIES = IntVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** Output channels per block: four vectors. */
    private static final int BLOCK = 4 * LANES;

    private ReferenceVector() {}

    /** Exact outputs of the convolution, in the output tensor's order; the caller proved every sum fits int. */
    static long[] conv(Conv2d c, int[] x, int[] w) {
        int oh = c.outHeight();
        int ow = c.outWidth();
        int perGroup = c.outChannels() / c.groups();
        int stride = (perGroup + BLOCK - 1) / BLOCK * BLOCK;
        int[] wt = tapMajor(c, w, perGroup, stride);
        long[] out = new long[c.batch() * c.outChannels() * oh * ow];
        IntStream.range(0, c.batch() * oh).parallel().forEach(row -> {
            int taps = c.groupChannels() * c.h().kernel() * c.w().kernel();
            int[] inputs = new int[taps + 1];
            int[] tapIndex = new int[taps + 1];
            int[] sums = new int[BLOCK];
            int b = row / oh;
            int ho = row % oh;
            for (int g = 0; g < c.groups(); g++) {
                for (int wo = 0; wo < ow; wo++) {
                    int count = listTaps(c, x, b, g, ho, wo, inputs, tapIndex);
                    for (int c0 = 0; c0 < perGroup; c0 += BLOCK) {
                        block(x, inputs, tapIndex, count, wt, (g * taps) * stride, stride, c0, sums);
                        for (int co = c0; co < Math.min(perGroup, c0 + BLOCK); co++) {
                            out[((b * c.outChannels() + g * perGroup + co) * oh + ho) * ow + wo] = sums[co - c0];
                        }
                    }
                }
            }
        });
        return out;
    }

    /**
     * The weights with the output channel fastest: {@code wt[((g * taps) + tap) * stride + co]}, tap = (ci, kh, kw)
     * in the weight tensor's order, co within the group, channels past the group's zero.
     */
    private static int[] tapMajor(Conv2d c, int[] w, int perGroup, int stride) {
        int taps = c.groupChannels() * c.h().kernel() * c.w().kernel();
        int[] wt = new int[c.groups() * taps * stride];
        for (int co = 0; co < c.outChannels(); co++) {
            int g = co / perGroup;
            int base = (g * taps) * stride + co % perGroup;
            for (int t = 0; t < taps; t++) {
                wt[base + t * stride] = w[co * taps + t];
            }
        }
        return wt;
    }

    /**
     * The taps of output pixel (b, g, ho, wo) that read a nonzero input inside the image: their input indices and
     * tap indices; returns how many (the arrays need one place more than there are taps).
     */
    private static int listTaps(Conv2d c, int[] x, int b, int g, int ho, int wo, int[] inputs, int[] tapIndex) {
        Conv2d.Axis ys = c.h();
        Conv2d.Axis xs = c.w();
        int count = 0;
        int tap = 0;
        for (int ci = 0; ci < c.groupChannels(); ci++) {
            int plane = (b * c.channels() + g * c.groupChannels() + ci) * ys.size();
            for (int kh = 0; kh < ys.kernel(); kh++) {
                int y = ys.at(ho, kh);
                for (int kw = 0; kw < xs.kernel(); kw++, tap++) {
                    int col = xs.at(wo, kw);
                    if (ys.inside(y) && xs.inside(col)) {
                        int at = (plane + y) * xs.size() + col;
                        inputs[count] = at;
                        tapIndex[count] = tap;
                        count += x[at] != 0 ? 1 : 0;
                    }
                }
            }
        }
        return count;
    }

    /** sums[i] = sum over the listed taps t of x[inputs[t]] * wt[base + tapIndex[t] * stride + c0 + i]. */
    private static void block(int[] x, int[] inputs, int[] tapIndex, int count, int[] wt, int base, int stride, int c0,
                              int[] sums) {
        IntVector a0 = IntVector.broadcast(SPECIES, 0);
        IntVector a1 = a0;
        IntVector a2 = a0;
        IntVector a3 = a0;
        for (int t = 0; t < count; t++) {
            int xv = x[inputs[t]];
            int at = base + tapIndex[t] * stride + c0;
            a0 = a0.add(IntVector.fromArray(SPECIES, wt, at).mul(xv));
            a1 = a1.add(IntVector.fromArray(SPECIES, wt, at + LANES).mul(xv));
            a2 = a2.add(IntVector.fromArray(SPECIES, wt, at + 2 * LANES).mul(xv));
            a3 = a3.add(IntVector.fromArray(SPECIES, wt, at + 3 * LANES).mul(xv));
        }
        a0.intoArray(sums, 0);
        a1.intoArray(sums, LANES);
        a2.intoArray(sums, 2 * LANES);
        a3.intoArray(sums, 3 * LANES);
    }
}
