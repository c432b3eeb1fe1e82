package dev.qasim.arith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AccumulatorTest {

    @Test
    void saturatingAccumulatorClampsAtMaxAndCountsEveryClampedAddition() {
        Accumulator acc = new Accumulator(AccumulatorSpec.of(8, OverflowPolicy.SATURATE));
        assertThat(acc.add(100)).isNull();
        OverflowEvent first = acc.add(100);
        assertThat(first).isEqualTo(new OverflowEvent(100, 100, 127));
        OverflowEvent second = acc.add(1);
        assertThat(second).isEqualTo(new OverflowEvent(127, 1, 127));
        assertThat(acc.value()).isEqualTo(127);
        assertThat(acc.events()).isEqualTo(2);
        assertThat(acc.additions()).isEqualTo(3);
    }

    @Test
    void wrappingAccumulatorEndsExactWhenTheFinalSumFitsDespiteIntermediateEvents() {
        Accumulator acc = new Accumulator(AccumulatorSpec.of(8, OverflowPolicy.WRAP));
        acc.add(120);
        acc.add(120); // exact 240 wraps to -16
        assertThat(acc.value()).isEqualTo(-16);
        acc.add(-200); // exact 40: the wrap cancels
        assertThat(acc.value()).isEqualTo(40);
        assertThat(acc.events()).isEqualTo(2);
    }

    @Test
    void trappingAccumulatorKeepsItsValueAndRefusesFurtherAdditions() {
        Accumulator acc = new Accumulator(AccumulatorSpec.of(8, OverflowPolicy.TRAP));
        acc.add(127);
        OverflowEvent e = acc.add(1);
        assertThat(e).isEqualTo(new OverflowEvent(127, 1, 127));
        assertThat(acc.trapped()).isTrue();
        assertThat(acc.value()).isEqualTo(127);
        assertThatThrownBy(() -> acc.add(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void loadRejectsAValueOutsideTheRegister() {
        Accumulator acc = new Accumulator(AccumulatorSpec.of(8, OverflowPolicy.WRAP));
        acc.load(-128);
        assertThat(acc.value()).isEqualTo(-128);
        assertThatThrownBy(() -> acc.load(128)).isInstanceOf(IllegalArgumentException.class);
    }
}
