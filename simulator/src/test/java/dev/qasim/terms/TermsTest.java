package dev.qasim.terms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TermsTest {

    @Test
    void aValuesTermsReadBackAsSignedPowersMostSignificantFirst() {
        Terms t = Encoding.HESE.encode(119); // +2^7 -2^4 +2^3 -2^0
        assertThat(t.size()).isEqualTo(4);
        assertThat(t.values()).containsExactly(128, -16, 8, -1);
        assertThat(t.term(1)).isEqualTo(-16);
        assertThat(t.exponent(2)).isEqualTo(3);
        assertThat(t.negative(3)).isTrue();
        assertThat(t.negative(0)).isFalse();
        assertThat(t.sum()).isEqualTo(119);
        assertThat(t).hasToString("+2^7 -2^4 +2^3 -2^0");
        assertThat(Encoding.HESE.encode(0)).hasToString("0");
    }

    @Test
    void aPrefixKeepsTheLeadingTermsAndEveryLengthFromNoneToAllIsAllowed() {
        Terms t = Encoding.HESE.encode(119);
        assertThat(t.prefix(4)).isSameAs(t);
        assertThat(t.prefix(2).values()).containsExactly(128, -16);
        assertThat(t.prefix(2).sum()).isEqualTo(112);
        assertThat(t.prefix(0).size()).isZero();
        assertThat(t.prefix(0).sum()).isZero();
        assertThatThrownBy(() -> t.prefix(5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> t.prefix(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void termsAreEqualExactlyWhenTheirSignedPowersAre() {
        assertThat(Encoding.HESE.encode(11)).isEqualTo(Encoding.HESE.encode(11)).hasSameHashCodeAs(Encoding.HESE.encode(11));
        assertThat(Encoding.HESE.encode(11)).isNotEqualTo(Encoding.NAF.encode(11)); // +8 +4 -1 against +16 -4 -1
        assertThat(Encoding.HESE.encode(3)).isNotEqualTo(Encoding.HESE.encode(-3)); // same exponents, other signs
        assertThat(Encoding.HESE.encode(3)).isNotEqualTo(List.of(4L, -1L));
    }

    @Test
    void exponentsMustStrictlyDecrease() {
        assertThatThrownBy(() -> Terms.of(2, new int[] {1, 1}, new boolean[] {false, false}))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Terms.of(2, new int[] {1, 3}, new boolean[] {false, false}))
                .isInstanceOf(IllegalStateException.class);
        assertThat(Terms.of(2, new int[] {3, 1}, new boolean[] {false, true}).sum()).isEqualTo(6);
    }
}
