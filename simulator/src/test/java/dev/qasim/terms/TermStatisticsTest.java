package dev.qasim.terms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TermStatisticsTest {

    @Test
    void meanTermsGiveTheSourcesFactsAtFourAndEightBits() {
        assertThat(TermStatistics.meanTerms(Encoding.BINARY, 4)).isEqualTo(2.00);
        assertThat(TermStatistics.meanTerms(Encoding.NAF, 4)).isEqualTo(1.75);
        assertThat(TermStatistics.meanTerms(Encoding.HESE, 4)).isEqualTo(1.75);
        assertThat(TermStatistics.meanTerms(Encoding.BOOTH, 4)).isEqualTo(2.50);
        assertThat(TermStatistics.meanTerms(Encoding.BINARY, 8)).isEqualTo(4.000);
        assertThat(TermStatistics.meanTerms(Encoding.NAF, 8)).isCloseTo(3.109, within(0.0005));
        assertThat(TermStatistics.meanTerms(Encoding.HESE, 8)).isEqualTo(3.250);
        assertThat(TermStatistics.meanTerms(Encoding.BOOTH, 8)).isEqualTo(4.500);
        assertThat(TermStatistics.meanTerms(Encoding.BINARY, 1)).isEqualTo(0.5); // 0 and 1
    }

    @Test
    void meanTermsRefusesWidthsOutsideOneTo24() {
        assertThatThrownBy(() -> TermStatistics.meanTerms(Encoding.HESE, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TermStatistics.meanTerms(Encoding.HESE, 25)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void heseUsesMoreTermsThanNafOn35EightBitMagnitudesAndNeverFewer() {
        assertThat(TermStatistics.moreTermsThan(Encoding.HESE, Encoding.NAF, 8)).isEqualTo(35);
        assertThat(TermStatistics.moreTermsThan(Encoding.NAF, Encoding.HESE, 8)).isZero();
        assertThat(TermStatistics.moreTermsThan(Encoding.BINARY, Encoding.HESE, 3)).isEqualTo(1); // 7 = 111b against +8 -1
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void maxTermsIsTheLargestCountOverEveryMagnitudeUpToTheBound(Encoding e) {
        for (long bound : new long[] {0, 1, 2, 7, 8, 15, 100, 127, 128, 255, 256, 4095}) {
            int most = 0;
            for (long m = 0; m <= bound; m++) {
                most = Math.max(most, e.encoder().count(m));
            }
            assertThat(TermStatistics.maxTerms(e, bound)).as(e + " up to " + bound).isEqualTo(most);
        }
        // beyond the exhaustive range: one term per bit position plus one, never exceeded
        long big = (1L << 40) - 1;
        assertThat(TermStatistics.maxTerms(e, big)).isEqualTo(41).isGreaterThanOrEqualTo(e.encoder().count(big));
    }

    @Test
    void unsignedEightBitHeseValuesHaveAtMostSixTermsAndSignedAtMostFive() {
        assertThat(TermStatistics.maxTerms(Encoding.HESE, 255)).isEqualTo(6);
        assertThat(TermStatistics.maxTerms(Encoding.HESE, 128)).isEqualTo(5);
    }
}
