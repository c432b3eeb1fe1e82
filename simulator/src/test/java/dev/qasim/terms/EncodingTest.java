package dev.qasim.terms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EncodingTest {

    private static double meanTerms(Encoding e, int bits) {
        long total = 0;
        for (long m = 0; m < (1L << bits); m++) {
            total += e.encode(m).size();
        }
        return (double) total / (1L << bits);
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void termsDecodeToEveryValueOf16BitsAndComeMostSignificantFirst(Encoding e) {
        for (long v = -65535; v <= 65535; v++) {
            Terms t = e.encode(v);
            assertThat(t.sum()).as("%s(%d)", e, v).isEqualTo(v);
            assertThat(e.encoder().count(v)).isEqualTo(t.size());
            for (int i = 1; i < t.size(); i++) {
                assertThat(t.exponent(i)).isLessThan(t.exponent(i - 1));
            }
            if (v > 0) { // sign-magnitude: -v has the terms of v, negated
                assertThat(e.encode(-v).values()).containsExactly(java.util.Arrays.stream(t.values()).map(x -> -x).toArray());
                assertThat(t.negative(0)).isFalse();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void largeMagnitudesUpTo2To62Minus1DecodeExactly(Encoding e) {
        SplittableRandom random = new SplittableRandom(7);
        List<Long> values = new ArrayList<>(List.of(Terms.MAX_MAGNITUDE, -Terms.MAX_MAGNITUDE, (1L << 32) - 1, 1L << 32,
                -(1L << 31), 0x5555_5555_5555_555L, 0x3FFF_FFFF_FFFF_FFF0L));
        for (int i = 0; i < 20000; i++) {
            values.add(random.nextLong(-Terms.MAX_MAGNITUDE, Terms.MAX_MAGNITUDE + 1));
        }
        for (long v : values) {
            assertThat(e.encode(v).sum()).as("%s(%d)", e, v).isEqualTo(v);
            assertThat(e.encoder().count(v)).isEqualTo(e.encode(v).size());
        }
        assertThatThrownBy(() -> e.encode(Terms.MAX_MAGNITUDE + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> e.encode(Long.MIN_VALUE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void heseMatchesTheSpecsWorkedExamples() {
        assertThat(Encoding.HESE.encode(11).toString()).isEqualTo("+2^3 +2^2 -2^0");
        assertThat(Encoding.HESE.encode(7).toString()).isEqualTo("+2^3 -2^0");
        assertThat(Encoding.HESE.encode(13).toString()).isEqualTo("+2^4 -2^2 +2^0");
        assertThat(Encoding.HESE.encode(119).toString()).isEqualTo("+2^7 -2^4 +2^3 -2^0");
        assertThat(Encoding.HESE.encode(-3).toString()).isEqualTo("-2^2 +2^0");
        assertThat(Encoding.HESE.encode(85).toString()).isEqualTo("+2^6 +2^4 +2^2 +2^0");
        assertThat(Encoding.HESE.encode(0).size()).isZero();
    }

    @Test
    void nafOf11DiffersFromHeseWithTheSameTermCount() {
        assertThat(Encoding.NAF.encode(11).toString()).isEqualTo("+2^4 -2^2 -2^0");
        assertThat(Encoding.HESE.encode(11).size()).isEqualTo(Encoding.NAF.encode(11).size());
    }

    @Test
    void boothSplitsAnIsolatedOneIntoTwoTerms() {
        assertThat(Encoding.BOOTH.encode(1).toString()).isEqualTo("+2^1 -2^0");
        assertThat(Encoding.BOOTH.encode(7).toString()).isEqualTo("+2^3 -2^0");
        assertThat(Encoding.BINARY.encode(5).toString()).isEqualTo("+2^2 +2^0");
    }

    @Test
    void meanTermCountsOver4BitMagnitudesEqualTheSpecsFacts() {
        assertThat(meanTerms(Encoding.BINARY, 4)).isEqualTo(2.00);
        assertThat(meanTerms(Encoding.NAF, 4)).isEqualTo(1.75);
        assertThat(meanTerms(Encoding.HESE, 4)).isEqualTo(1.75);
        assertThat(meanTerms(Encoding.BOOTH, 4)).isEqualTo(2.50);
        for (long m = 0; m < 16; m++) {
            assertThat(Encoding.HESE.encode(m).size()).isEqualTo(Encoding.NAF.encode(m).size());
        }
    }

    @Test
    void meanTermCountsOver8BitMagnitudesEqualTheSpecsFacts() {
        assertThat(meanTerms(Encoding.BINARY, 8)).isEqualTo(4.000);
        assertThat(meanTerms(Encoding.NAF, 8)).isCloseTo(3.109, org.assertj.core.data.Offset.offset(0.0005));
        assertThat(meanTerms(Encoding.HESE, 8)).isEqualTo(3.250);
        assertThat(meanTerms(Encoding.BOOTH, 8)).isEqualTo(4.500);
    }

    @Test
    void heseNeverExceedsBinaryOrBoothAndExceedsNafOn35Of256Values() {
        List<Long> moreThanNaf = new ArrayList<>();
        for (long m = 0; m < 256; m++) {
            int hese = Encoding.HESE.encode(m).size();
            assertThat(hese).isLessThanOrEqualTo(Encoding.BINARY.encode(m).size());
            assertThat(hese).isLessThanOrEqualTo(Encoding.BOOTH.encode(m).size());
            assertThat(hese).isGreaterThanOrEqualTo(Encoding.NAF.encode(m).size());
            if (hese > Encoding.NAF.encode(m).size()) {
                moreThanNaf.add(m);
            }
        }
        assertThat(moreThanNaf).hasSize(35).startsWith(27L, 54L, 55L, 59L);
    }

    @Test
    void nafHasNoTwoAdjacentNonzeroDigits() {
        for (long m = 1; m < 1 << 16; m++) {
            Terms t = Encoding.NAF.encode(m);
            for (int i = 1; i < t.size(); i++) {
                assertThat(t.exponent(i - 1) - t.exponent(i)).isGreaterThanOrEqualTo(2);
            }
        }
    }
}
