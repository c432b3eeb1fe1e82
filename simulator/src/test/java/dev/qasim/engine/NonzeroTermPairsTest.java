package dev.qasim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qasim.terms.Encoding;
import dev.qasim.workload.Layer;
import dev.qasim.workload.Lowered;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NonzeroTermPairsTest {

    /** The definition, literally: every product of the lowered matrices, its weight's terms times its data's. */
    private static long bruteForce(Lowered l, Encoding e) {
        var form = l.form();
        long total = 0;
        for (int g = 0; g < form.groups(); g++) {
            int[] w = l.weightColumns(g);
            int[] x = new int[form.m() * form.k()];
            l.dataRows(g, 0, form.m(), x);
            for (int m = 0; m < form.m(); m++) {
                for (int n = 0; n < form.n(); n++) {
                    for (int k = 0; k < form.k(); k++) {
                        total += (long) e.encoder().count(w[n * form.k() + k]) * e.encoder().count(x[m * form.k() + k]);
                    }
                }
            }
        }
        return total;
    }

    @Test
    void pairsEqualTheSumOverEveryProductOfItsTwoTermCounts() {
        SplittableRandom r = new SplittableRandom(404);
        for (int trial = 0; trial < 200; trial++) {
            Layer layer = TestLayers.random(r, "p" + trial); // convs with padding, strides, dilation and groups
            Lowered l = TestLayers.lowered(layer);
            NonzeroTermPairs pairs = NonzeroTermPairs.of(l);
            assertThat(pairs.binary()).as(layer.toString()).isEqualTo(bruteForce(l, Encoding.BINARY));
            assertThat(pairs.hese()).as(layer.toString()).isEqualTo(bruteForce(l, Encoding.HESE));
        }
    }

    @Test
    void aSingleProductCountsItsTermsInBothEncodings() {
        // 119 = 1110111b: 6 one-bits, HESE +2^7 -2^4 +2^3 -2^0: 4 terms; 3 = 11b: 2 one-bits, HESE +2^2 -2^0: 2 terms
        var w = new dev.qasim.workload.IntTensor(new int[] {1, 1}, new int[] {3});
        var x = new dev.qasim.workload.IntTensor(new int[] {1, 1}, new int[] {119});
        Layer fc = new dev.qasim.workload.FullyConnected(new dev.qasim.workload.LayerSpec("fc", dev.qasim.workload.Operand.signed(8),
                dev.qasim.workload.Operand.unsigned(8), true, new dev.qasim.workload.ValueSource.Given(w, x)), 1, 1, 1);
        NonzeroTermPairs pairs = NonzeroTermPairs.of(new Lowered(fc, dev.qasim.workload.LayerValues.checked(fc, w, x)));
        assertThat(pairs).isEqualTo(new NonzeroTermPairs(12, 8));
    }
}
