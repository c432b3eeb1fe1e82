package dev.qasim.arith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class MultiplierSpecTest {

    @Test
    void int8MultiplierTakesSignedWeightsTimesUnsignedDataExhaustively() {
        MultiplierSpec m = MultiplierSpec.of(8);
        for (long w = -128; w <= 127; w++) {
            for (long x = 0; x <= 255; x++) {
                long expected = BigInteger.valueOf(w).multiply(BigInteger.valueOf(x)).longValueExact();
                assertThat(m.multiply(w, Signedness.SIGNED, x, Signedness.UNSIGNED)).isEqualTo(expected);
            }
        }
    }

    @Test
    void operandsOutsideTheirOwnSignednessAreRejectedNotTruncated() {
        MultiplierSpec m = MultiplierSpec.of(8);
        assertThatThrownBy(() -> m.multiply(128, Signedness.SIGNED, 1, Signedness.UNSIGNED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[-128, 127]");
        assertThatThrownBy(() -> m.multiply(1, Signedness.SIGNED, 256, Signedness.UNSIGNED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 255]");
        assertThatThrownBy(() -> m.multiply(1, Signedness.SIGNED, -1, Signedness.UNSIGNED))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(m.accepts(255, Signedness.UNSIGNED)).isTrue();
        assertThat(m.accepts(255, Signedness.SIGNED)).isFalse();
    }

    @Test
    void widest32BitSignedProductsAreExact() {
        MultiplierSpec m = MultiplierSpec.of(32);
        long min = Integer.MIN_VALUE;
        assertThat(m.multiply(min, Signedness.SIGNED, min, Signedness.SIGNED)).isEqualTo(1L << 62);
        assertThat(m.multiply(min, Signedness.SIGNED, 0xFFFF_FFFFL, Signedness.UNSIGNED))
                .isEqualTo(BigInteger.valueOf(min).multiply(BigInteger.valueOf(0xFFFF_FFFFL)).longValueExact());
    }

    @Test
    void signednessRangesAndWidths() {
        assertThat(Signedness.SIGNED.min(4)).isEqualTo(-8);
        assertThat(Signedness.SIGNED.max(4)).isEqualTo(7);
        assertThat(Signedness.UNSIGNED.max(4)).isEqualTo(15);
        assertThat(Signedness.SIGNED.maxMagnitude(4)).isEqualTo(8);
        assertThat(Signedness.UNSIGNED.maxMagnitude(4)).isEqualTo(15);
        for (long v = -300; v <= 300; v++) {
            int b = Signedness.SIGNED.bitsNeeded(v);
            assertThat(Signedness.SIGNED.fits(v, b)).isTrue();
            if (b > 1) {
                assertThat(Signedness.SIGNED.fits(v, b - 1)).isFalse();
            }
            if (v >= 0) {
                int u = Signedness.UNSIGNED.bitsNeeded(v);
                assertThat(Signedness.UNSIGNED.fits(v, u)).isTrue();
                if (u > 1) {
                    assertThat(Signedness.UNSIGNED.fits(v, u - 1)).isFalse();
                }
            }
        }
    }

    @Test
    void operandWidthsOutsideOneTo63AreRefused() {
        for (Signedness s : Signedness.values()) {
            assertThatThrownBy(() -> s.max(0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> s.min(64)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
