package dev.qasim.engine;

import dev.qasim.workload.Conv2d;
import java.util.BitSet;

/**
 * Which elements of a convolution's input tensor a tile of its lowered data matrix reads. The lowered matrix
 * repeats every input pixel once per kernel tap that covers it (im2col), but hardware fetches the tensor and forms
 * the windows on chip: a tile costs the distinct input elements under it, its rows with the halo its windows
 * need, and positions over the padding cost nothing (the padding is made on chip). A tile is
 * (group, output rows m0..m1, K indices k0..k1) of X_g, K in (kh, kw, c) order with c fastest.
 */
final class DataFootprint {
    private final Conv2d conv;
    private final int cg;
    private final boolean[] pixel;
    /** Elements of the input tensor fetched so far (the whole-tensor mode of the memory model). */
    private final BitSet fetched;

    DataFootprint(Conv2d conv) {
        this.conv = conv;
        this.cg = conv.groupChannels();
        this.pixel = new boolean[conv.h().size() * conv.w().size()];
        this.fetched = new BitSet();
    }

    /** Distinct input elements any window of the layer reads (every group, every output position). */
    long tensorElements() {
        long total = 0;
        for (int g = 0; g < conv.groups(); g++) {
            total += count(g, 0, conv.matrixForm().m(), 0, conv.matrixForm().k(), false);
        }
        return total;
    }

    /** Distinct input elements the tile reads. */
    long elements(int g, int m0, int m1, int k0, int k1) {
        return count(g, m0, m1, k0, k1, false);
    }

    /** Marks the tile's elements fetched; returns how many of them had not been fetched before. */
    long fetch(int g, int m0, int m1, int k0, int k1) {
        return count(g, m0, m1, k0, k1, true);
    }

    /**
     * Counts the tile's distinct elements (or, when {@code mark}, its elements not fetched before, marking them).
     * Channels are taken in runs that see the same kernel taps: the tile's K range covers taps k0 / cg ..
     * (k1 - 1) / cg, all channels of the inner taps and a channel range of the first and the last.
     */
    private long count(int g, int m0, int m1, int k0, int k1, boolean mark) {
        if (k0 >= k1 || m0 >= m1) {
            return 0;
        }
        int first = k0 / cg;
        int last = (k1 - 1) / cg;
        int[] cuts = {0, k0 % cg, (k1 - 1) % cg + 1, cg};
        java.util.Arrays.sort(cuts);
        long total = 0;
        for (int i = 0; i + 1 < cuts.length; i++) {
            int c0 = cuts[i];
            int c1 = cuts[i + 1];
            if (c0 == c1) {
                continue;
            }
            // taps p in first..last whose channel range holds [c0, c1)
            int lo = c0 >= k0 % cg ? first : first + 1;
            int hi = c1 <= (k1 - 1) % cg + 1 ? last : last - 1;
            if (lo > hi) {
                continue;
            }
            total += channels(g, m0, m1, lo, hi, c0, c1, mark);
        }
        return total;
    }

    /** Channels c0..c1 of group g under taps lo..hi, for output rows m0..m1, batch by batch. */
    private long channels(int g, int m0, int m1, int lo, int hi, int c0, int c1, boolean mark) {
        int hw = conv.outHeight() * conv.outWidth();
        Conv2d.Axis ys = conv.h();
        Conv2d.Axis xs = conv.w();
        int h = ys.size();
        int w = xs.size();
        long total = 0;
        for (int b = m0 / hw; b <= (m1 - 1) / hw; b++) {
            int from = Math.max(m0, b * hw) - b * hw;
            int to = Math.min(m1, (b + 1) * hw) - b * hw;
            java.util.Arrays.fill(pixel, false);
            int pixels = 0;
            for (int p = lo; p <= hi; p++) {
                int kh = p / xs.kernel();
                int kw = p % xs.kernel();
                for (int o = from; o < to; o++) {
                    int y = ys.at(o / conv.outWidth(), kh);
                    int x = xs.at(o % conv.outWidth(), kw);
                    if (ys.inside(y) && xs.inside(x) && !pixel[y * w + x]) {
                        pixel[y * w + x] = true;
                        pixels++;
                    }
                }
            }
            if (!mark) {
                total += (long) pixels * (c1 - c0);
                continue;
            }
            for (int c = c0; c < c1; c++) {
                long plane = ((long) b * conv.channels() + (long) g * cg + c) * h * w;
                for (int i = 0; i < pixel.length; i++) {
                    if (pixel[i] && !fetched.get(Math.toIntExact(plane + i))) {
                        fetched.set(Math.toIntExact(plane + i));
                        total++;
                    }
                }
            }
        }
        return total;
    }
}
