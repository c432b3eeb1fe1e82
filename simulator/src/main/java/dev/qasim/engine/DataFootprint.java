package dev.qasim.engine;

import dev.qasim.workload.Conv2d;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    /**
     * Elements of the input tensor fetched so far (the whole-tensor mode of the memory model, used only when the
     * tensor fits half the ifmap buffer), one bit per element in 64-bit words; made at the first fetch.
     */
    private long[] fetched;
    /**
     * The tiles fetched so far: every element of such a tile is marked, so fetching it again finds nothing new
     * (the column folds of a layer fetch the same data tiles again, in ws one per row fold, in os one per row
     * range) and need not walk its elements.
     */
    private final Set<Tile> fetchedTiles = new HashSet<>();

    /** A tile: group, output rows [m0, m1), K indices [k0, k1). */
    private record Tile(int g, int m0, int m1, int k0, int k1) {}

    DataFootprint(Conv2d conv) {
        this.conv = conv;
        this.cg = conv.groupChannels();
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
        if (fetched == null) {
            long elements = (long) conv.batch() * conv.channels() * conv.h().size() * conv.w().size();
            fetched = new long[Math.toIntExact((elements + 63) >>> 6)];
        }
        return fetchedTiles.add(new Tile(g, m0, m1, k0, k1)) ? count(g, m0, m1, k0, k1, true) : 0;
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
        Arrays.sort(cuts);
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

    /**
     * Channels c0..c1 of group g under taps lo..hi, for output rows m0..m1, batch by batch. The output positions of a
     * batch are a row-major range of (ho, wo), so at most three rectangles (a partial first row, whole rows, a partial
     * last row), and the taps a row-major range of (kh, kw), at most three more. A pair of rectangles reads the
     * input rows Y x the input columns X it reaches (inside the image), so the tile's pixels are a union of at most
     * nine such products: counted input row by input row, from the sorted rows and columns of each product, in time
     * that grows with the tile's rows and columns, never with the whole plane or the lowered matrix.
     */
    private long channels(int g, int m0, int m1, int lo, int hi, int c0, int c1, boolean mark) {
        int hw = conv.outHeight() * conv.outWidth();
        long total = 0;
        for (int b = m0 / hw; b <= (m1 - 1) / hw; b++) {
            int from = Math.max(m0, b * hw) - b * hw;
            int to = Math.min(m1, (b + 1) * hw) - b * hw;
            List<int[]> outs = rectangles(from, to, conv.outWidth());
            List<int[]> taps = rectangles(lo, hi + 1, conv.w().kernel());
            List<int[]> rows = new ArrayList<>();
            List<int[]> cols = new ArrayList<>();
            for (int[] o : outs) {
                for (int[] t : taps) {
                    rows.add(reached(conv.h(), o[0], o[1], t[0], t[1]));
                    cols.add(reached(conv.w(), o[2], o[3], t[2], t[3]));
                }
            }
            total += union(rows, cols, mark ? plane(b, g) : -1, c0, c1);
        }
        return total;
    }

    /** The flat index of channel 0 of group g, batch b, pixel (0, 0) in the input tensor. */
    private long plane(int b, int g) {
        return ((long) b * conv.channels() + (long) g * cg) * conv.h().size() * conv.w().size();
    }

    /**
     * The pixels of the union of the products rows[i] x cols[i], times channels c0..c1; with {@code plane} not -1, only
     * those not fetched before, which are then marked fetched. A row's columns are taken as runs of adjacent columns,
     * marked a 64-bit word at a time.
     */
    private long union(List<int[]> rows, List<int[]> cols, long plane, int c0, int c1) {
        int n = rows.size();
        int[] at = new int[n];
        Map<Integer, int[]> runsOf = new HashMap<>(); // the columns of a set of products, by its bit mask, as runs
        long total = 0;
        int hw = conv.h().size() * conv.w().size();
        while (true) {
            int y = Integer.MAX_VALUE;
            for (int i = 0; i < n; i++) {
                if (at[i] < rows.get(i).length) {
                    y = Math.min(y, rows.get(i)[at[i]]);
                }
            }
            if (y == Integer.MAX_VALUE) {
                return total;
            }
            int mask = 0;
            for (int i = 0; i < n; i++) {
                if (at[i] < rows.get(i).length && rows.get(i)[at[i]] == y) {
                    mask |= 1 << i;
                    at[i]++;
                }
            }
            int[] runs = runsOf.computeIfAbsent(mask, m -> runs(merged(cols, m)));
            if (plane < 0) {
                total += (long) runs[0] * (c1 - c0);
                continue;
            }
            for (int c = c0; c < c1; c++) {
                int row = Math.toIntExact(plane + (long) c * hw + (long) y * conv.w().size());
                for (int r = 1; r < runs.length; r += 2) {
                    total += mark(row + runs[r], row + runs[r + 1]);
                }
            }
        }
    }

    /** Sorted distinct columns as {count, start0, end0, start1, end1, ...}: runs of adjacent columns, ends exclusive. */
    private static int[] runs(int[] xs) {
        int[] runs = new int[1 + 2 * xs.length];
        runs[0] = xs.length;
        int k = 1;
        for (int i = 0; i < xs.length; i++) {
            if (i == 0 || xs[i] != xs[i - 1] + 1) {
                runs[k++] = xs[i];
                runs[k++] = xs[i] + 1;
            } else {
                runs[k - 1]++;
            }
        }
        return Arrays.copyOf(runs, k);
    }

    /** Marks tensor elements [from, to) fetched; returns how many were not before. */
    private long mark(int from, int to) {
        int first = from >>> 6;
        int last = (to - 1) >>> 6;
        long added = 0;
        for (int w = first; w <= last; w++) {
            long bits = -1L;
            if (w == first) {
                bits &= -1L << (from & 63);
            }
            if (w == last) {
                bits &= -1L >>> (63 - ((to - 1) & 63));
            }
            added += Long.bitCount(bits & ~fetched[w]);
            fetched[w] |= bits;
        }
        return added;
    }

    /** The sorted union of the column lists the mask selects. */
    private static int[] merged(List<int[]> cols, int mask) {
        int size = 0;
        for (int i = 0; i < cols.size(); i++) {
            size += (mask >> i & 1) == 1 ? cols.get(i).length : 0;
        }
        int[] all = new int[size];
        int k = 0;
        for (int i = 0; i < cols.size(); i++) {
            if ((mask >> i & 1) == 1) {
                System.arraycopy(cols.get(i), 0, all, k, cols.get(i).length);
                k += cols.get(i).length;
            }
        }
        return distinct(all);
    }

    /** The input positions inside the image that outputs out0..out1 reach under taps tap0..tap1 of one axis, sorted. */
    private static int[] reached(Conv2d.Axis axis, int out0, int out1, int tap0, int tap1) {
        int[] all = new int[(out1 - out0 + 1) * (tap1 - tap0 + 1)];
        int k = 0;
        for (int o = out0; o <= out1; o++) {
            for (int t = tap0; t <= tap1; t++) {
                int p = axis.at(o, t);
                if (axis.inside(p)) {
                    all[k++] = p;
                }
            }
        }
        return distinct(Arrays.copyOf(all, k));
    }

    private static int[] distinct(int[] values) {
        Arrays.sort(values);
        int k = 0;
        for (int i = 0; i < values.length; i++) {
            if (i == 0 || values[i] != values[i - 1]) {
                values[k++] = values[i];
            }
        }
        return Arrays.copyOf(values, k);
    }

    /**
     * A row-major range [a, b) of a grid {@code width} wide as at most three rectangles {row0, row1, col0, col1}
     * (inclusive): the rest of the first row, the whole rows, the start of the last row.
     */
    static List<int[]> rectangles(int a, int b, int width) {
        int r0 = a / width;
        int c0 = a % width;
        int r1 = (b - 1) / width;
        int c1 = (b - 1) % width;
        if (r0 == r1) {
            return List.of(new int[] {r0, r0, c0, c1});
        }
        List<int[]> out = new ArrayList<>();
        if (c0 > 0) {
            out.add(new int[] {r0, r0, c0, width - 1});
        }
        int first = c0 > 0 ? r0 + 1 : r0;
        int last = c1 < width - 1 ? r1 - 1 : r1;
        if (first <= last) {
            out.add(new int[] {first, last, 0, width - 1});
        }
        if (c1 < width - 1) {
            out.add(new int[] {r1, r1, 0, c1});
        }
        return out;
    }
}
