package dev.qasim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qasim.workload.Conv2d;
import dev.qasim.workload.LoweredTest;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The footprint counted from the tile's rectangles of outputs and taps equals a brute-force count over the tile's
 * lowered entries ({@link DataFootprintOracle}), on random convolutions (strides, padding, dilation, groups, batches)
 * and random tiles, in both modes: distinct elements, and elements not fetched before.
 */
class DataFootprintTest {

    @Test
    void theRectangleCountEqualsTheBruteForceCountOnRandomConvolutionsAndTiles() {
        SplittableRandom r = new SplittableRandom(151);
        for (int trial = 0; trial < 400; trial++) {
            Conv2d conv = LoweredTest.randomConv(r, trial);
            DataFootprint fast = new DataFootprint(conv);
            DataFootprintOracle slow = new DataFootprintOracle(conv);
            assertThat(fast.tensorElements()).as("%s", conv).isEqualTo(slow.tensorElements());
            int m = conv.matrixForm().m();
            int k = conv.matrixForm().k();
            for (int tile = 0; tile < 25; tile++) {
                int g = r.nextInt(conv.groups());
                int m0 = r.nextInt(m);
                int m1 = m0 + 1 + r.nextInt(m - m0);
                int k0 = r.nextInt(k);
                int k1 = k0 + 1 + r.nextInt(k - k0);
                assertThat(fast.elements(g, m0, m1, k0, k1)).as("%s tile %d %d..%d %d..%d", conv, g, m0, m1, k0, k1)
                        .isEqualTo(slow.elements(g, m0, m1, k0, k1));
                assertThat(fast.fetch(g, m0, m1, k0, k1)).as("%s fetch %d %d..%d %d..%d", conv, g, m0, m1, k0, k1)
                        .isEqualTo(slow.fetch(g, m0, m1, k0, k1));
            }
        }
    }

    @Test
    void aTileFetchedAgainAfterOthersBringsOnlyWhatTheOthersDidNotAlreadyMark() {
        SplittableRandom r = new SplittableRandom(152);
        for (int trial = 0; trial < 200; trial++) {
            Conv2d conv = LoweredTest.randomConv(r, trial);
            if (trial % 4 == 0) { // rows of 130 to 259 pixels: runs of columns over several 64-bit words
                Conv2d.Axis w = conv.w();
                conv = new Conv2d(conv.spec(), conv.batch(), conv.channels(), conv.outChannels(), conv.h(),
                        new Conv2d.Axis(130 + r.nextInt(130), w.kernel(), w.stride(), w.pad(), w.dilation()), conv.groups());
            }
            DataFootprint fast = new DataFootprint(conv);
            DataFootprintOracle slow = new DataFootprintOracle(conv);
            int m = conv.matrixForm().m();
            int k = conv.matrixForm().k();
            java.util.List<int[]> seen = new java.util.ArrayList<>();
            for (int tile = 0; tile < 30; tile++) {
                int[] t;
                if (!seen.isEmpty() && r.nextInt(3) == 0) {
                    t = seen.get(r.nextInt(seen.size())); // as a later column fold fetches the same tile again
                } else {
                    int m0 = r.nextInt(m);
                    int k0 = r.nextInt(k);
                    t = new int[] {r.nextInt(conv.groups()), m0, m0 + 1 + r.nextInt(m - m0), k0, k0 + 1 + r.nextInt(k - k0)};
                    seen.add(t);
                }
                assertThat(fast.fetch(t[0], t[1], t[2], t[3], t[4])).as("%s fetch %s", conv, java.util.Arrays.toString(t))
                        .isEqualTo(slow.fetch(t[0], t[1], t[2], t[3], t[4]));
            }
        }
    }

    @Test
    void aRowMajorRangeIsAtMostThreeRectanglesCoveringExactlyIt() {
        for (int width = 1; width <= 6; width++) {
            for (int a = 0; a < 30; a++) {
                for (int b = a + 1; b <= 30; b++) {
                    boolean[] covered = new boolean[31];
                    var rects = DataFootprint.rectangles(a, b, width);
                    assertThat(rects.size()).isBetween(1, 3);
                    for (int[] rect : rects) {
                        for (int row = rect[0]; row <= rect[1]; row++) {
                            for (int col = rect[2]; col <= rect[3]; col++) {
                                int i = row * width + col;
                                assertThat(covered[i]).isFalse();
                                covered[i] = true;
                            }
                        }
                    }
                    for (int i = 0; i < covered.length; i++) {
                        assertThat(covered[i]).as("width %d [%d, %d) at %d", width, a, b, i).isEqualTo(i >= a && i < b);
                    }
                }
            }
        }
    }
}
