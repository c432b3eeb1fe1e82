package dev.qasim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The warm-up layer runs the path a run with values takes (its failures would otherwise go unseen on a daemon thread). */
class WarmUpTest {

    @Test
    void theWarmUpLayerRunsOnTheVectorKernelsPathWithItsOutputsCheckedExact() throws Exception {
        LayerResult r = WarmUp.layer();
        assertThat(r.output().checked()).isTrue();
        assertThat(r.output().bitExact()).isTrue();
        assertThat(r.macs()).isEqualTo(14L * 14 * 64 * 32 * 9);
    }
}
