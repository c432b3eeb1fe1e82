package dev.qasim.engine;

import dev.qasim.workload.Conv2d;
import java.util.BitSet;

/**
 * The oracle of {@link DataFootprintTest}: a tile's input elements by brute force, lowered entry by lowered entry
 * from the definition of X_g (row m = (b, ho, wo), column k = (kh, kw, c) with c fastest), each element that lies
 * inside the image marked in a bit set over the input tensor.
 */
final class DataFootprintOracle {
    private final Conv2d conv;
    private final BitSet fetched = new BitSet();

    DataFootprintOracle(Conv2d conv) {
        this.conv = conv;
    }

    long tensorElements() {
        long total = 0;
        for (int g = 0; g < conv.groups(); g++) {
            total += tile(g, 0, conv.matrixForm().m(), 0, conv.matrixForm().k()).cardinality();
        }
        return total;
    }

    long elements(int g, int m0, int m1, int k0, int k1) {
        return tile(g, m0, m1, k0, k1).cardinality();
    }

    long fetch(int g, int m0, int m1, int k0, int k1) {
        BitSet fresh = tile(g, m0, m1, k0, k1);
        fresh.andNot(fetched);
        fetched.or(fresh);
        return fresh.cardinality();
    }

    private BitSet tile(int g, int m0, int m1, int k0, int k1) {
        BitSet tile = new BitSet();
        int cg = conv.groupChannels();
        int ow = conv.outWidth();
        int hw = conv.outHeight() * ow;
        for (int m = m0; m < m1; m++) {
            int b = m / hw;
            int ho = m % hw / ow;
            int wo = m % ow;
            for (int k = k0; k < k1; k++) {
                int tap = k / cg;
                int y = conv.h().at(ho, tap / conv.w().kernel());
                int x = conv.w().at(wo, tap % conv.w().kernel());
                if (conv.h().inside(y) && conv.w().inside(x)) {
                    tile.set(((b * conv.channels() + g * cg + k % cg) * conv.h().size() + y) * conv.w().size() + x);
                }
            }
        }
        return tile;
    }
}
