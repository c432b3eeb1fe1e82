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
    /** Tasks a convolution is split into at least: rows of output pixels, and parts of their channels where rows are few. */
    private static final int MIN_TASKS = 16;
    /** Output pixels whose taps a task lists at a time (bounds the lists of a wide image with many taps). */
    private static final int SEGMENT = 64;

    private ReferenceVector() {}

    /** Exact outputs of the convolution, in the output tensor's order; the caller proved every sum fits int. */
    static long[] conv(Conv2d c, int[] x, int[] w) {
        int oh = c.outHeight();
        int ow = c.outWidth();
        int perGroup = c.outChannels() / c.groups();
        int blocks = (perGroup + BLOCK - 1) / BLOCK;
        int taps = c.groupChannels() * c.h().kernel() * c.w().kernel();
        int[] wt = blocked(c, w, perGroup, blocks, taps);
        long[] out = new long[c.batch() * c.outChannels() * oh * ow];
        // a task is a row of output pixels of one group, and a part of its blocks where there are few rows (ResNet's
        // last stage has 7): the taps of up to SEGMENT pixels are listed once, then each block's weights serve them all
        int rows = c.batch() * oh * c.groups();
        int parts = Math.min(blocks, (MIN_TASKS + rows - 1) / rows);
        IntStream.range(0, rows * parts).parallel().forEach(task -> {
            int part = task % parts;
            int g = task / parts % c.groups();
            int row = task / parts / c.groups();
            int b = row / oh;
            int ho = row % oh;
            int span = Math.min(ow, SEGMENT);
            int[] inputs = new int[span * (taps + 1)];
            int[] tapIndex = new int[span * (taps + 1)];
            int[] counts = new int[span];
            int[] sums = new int[BLOCK];
            for (int w0 = 0; w0 < ow; w0 += span) {
                int w1 = Math.min(ow, w0 + span);
                for (int wo = w0; wo < w1; wo++) {
                    counts[wo - w0] = listTaps(c, x, b, g, ho, wo, inputs, tapIndex, (wo - w0) * (taps + 1));
                }
                for (int blk = blocks * part / parts; blk < blocks * (part + 1) / parts; blk++) {
                    int c0 = blk * BLOCK;
                    for (int wo = w0; wo < w1; wo++) {
                        block(x, inputs, tapIndex, (wo - w0) * (taps + 1), counts[wo - w0], wt, (g * blocks + blk) * taps * BLOCK, sums);
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
     * The weights by blocks of {@link #BLOCK} output channels, the channel fastest:
     * {@code wt[((g * blocks + blk) * taps + tap) * BLOCK + i]} for channel {@code blk * BLOCK + i} of group g, tap =
     * (ci, kh, kw) in the weight tensor's order, channels past the group's zero. A block's taps are contiguous: with
     * all of a group's channels in one row per tap, a power-of-two channel count put a block's rows into a few
     * cache sets.
     */
    private static int[] blocked(Conv2d c, int[] w, int perGroup, int blocks, int taps) {
        int[] wt = new int[c.groups() * blocks * taps * BLOCK];
        for (int co = 0; co < c.outChannels(); co++) {
            int g = co / perGroup;
            int i = co % perGroup;
            int base = (g * blocks + i / BLOCK) * taps * BLOCK + i % BLOCK;
            for (int t = 0; t < taps; t++) {
                wt[base + t * BLOCK] = w[co * taps + t];
            }
        }
        return wt;
    }

    /**
     * The taps of output pixel (b, g, ho, wo) that read a nonzero input inside the image: their input indices and
     * tap indices, from {@code at0} on; returns how many (the arrays need one place more than there are taps).
     */
    private static int listTaps(Conv2d c, int[] x, int b, int g, int ho, int wo, int[] inputs, int[] tapIndex, int at0) {
        Conv2d.Axis ys = c.h();
        Conv2d.Axis xs = c.w();
        int kernelW = xs.kernel();
        // the kernel columns whose input column lies inside the image: kw in [lo, hi)
        int first = xs.at(wo, 0);
        int lo = xs.firstInside(first, xs.dilation(), kernelW);
        int hi = xs.endInside(first, xs.dilation(), kernelW);
        int count = at0;
        for (int ci = 0; ci < c.groupChannels(); ci++) {
            int plane = (b * c.channels() + g * c.groupChannels() + ci) * ys.size();
            for (int kh = 0; kh < ys.kernel(); kh++) {
                int y = ys.at(ho, kh);
                if (!ys.inside(y)) {
                    continue;
                }
                int row = (plane + y) * xs.size() + first;
                int tap = (ci * ys.kernel() + kh) * kernelW;
                for (int kw = lo; kw < hi; kw++) {
                    int at = row + kw * xs.dilation();
                    inputs[count] = at;
                    tapIndex[count] = tap + kw;
                    count += x[at] != 0 ? 1 : 0;
                }
            }
        }
        return count - at0;
    }

    /** sums[i] = sum over the listed taps t (from {@code at0} on) of x[inputs[t]] * wt[base + tapIndex[t] * BLOCK + i]. */
    private static void block(int[] x, int[] inputs, int[] tapIndex, int at0, int count, int[] wt, int base, int[] sums) {
        IntVector a0 = IntVector.broadcast(SPECIES, 0);
        IntVector a1 = a0;
        IntVector a2 = a0;
        IntVector a3 = a0;
        // each addition's receiver the product made in this step, not the carried sum (engine.VectorKernels says why)
        for (int t = at0; t < at0 + count; t++) {
            int xv = x[inputs[t]];
            int at = base + tapIndex[t] * BLOCK;
            a0 = IntVector.fromArray(SPECIES, wt, at).mul(xv).add(a0);
            a1 = IntVector.fromArray(SPECIES, wt, at + LANES).mul(xv).add(a1);
            a2 = IntVector.fromArray(SPECIES, wt, at + 2 * LANES).mul(xv).add(a2);
            a3 = IntVector.fromArray(SPECIES, wt, at + 3 * LANES).mul(xv).add(a3);
        }
        a0.intoArray(sums, 0);
        a1.intoArray(sums, LANES);
        a2.intoArray(sums, 2 * LANES);
        a3.intoArray(sums, 3 * LANES);
    }
}
