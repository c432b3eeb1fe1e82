package dev.qasim.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class IntTensorTest {

    /** Every value of [lo, lo + span) once, in a scrambled order (so that neighbours differ), as a 2-D tensor. */
    private static IntTensor every(int lo, int span) {
        int[] values = new int[span];
        for (int i = 0; i < span; i++) {
            values[i] = lo + (int) ((i * 40_503L) % span); // 40503 is odd, so i -> 40503 i mod 2^b permutes any power of two
        }
        return new IntTensor(new int[] {span / 16, 16}, values);
    }

    /** The compact copy of {@code ints} gives every value back through every accessor. */
    private static void assertSameThroughEveryAccessor(IntTensor ints, IntTensor compact) {
        assertThat(compact.isCompact()).isTrue();
        assertThat(compact.shape()).isEqualTo(ints.shape());
        assertThat(compact.size()).isEqualTo(ints.size());
        for (int i = 0; i < ints.size(); i++) {
            assertThat(compact.get(i)).isEqualTo(ints.get(i));
        }
        assertThat(compact.range()).isEqualTo(ints.range());
        // ranges of every length at odd places, into an array at an offset
        for (int from = 0; from < ints.size(); from += 997) {
            int count = Math.min(ints.size() - from, 1 + from % 3001);
            int[] got = new int[count + 5];
            compact.copyTo(from, got, 5, count);
            assertThat(Arrays.copyOfRange(got, 5, 5 + count)).isEqualTo(Arrays.copyOfRange(ints.data(), from, from + count));
        }
        assertThat(compact.materializations()).isZero();
        assertThat(compact.data()).isEqualTo(ints.data());
        assertThat(compact.materializations()).isOne();
        assertThat(compact).isEqualTo(ints);
        assertThat(ints).isEqualTo(compact);
        assertThat(compact.hashCode()).isEqualTo(ints.hashCode());
        assertThat(compact.expanded().isCompact()).isFalse();
        assertThat(compact.expanded().data()).isEqualTo(ints.data());
    }

    @Test
    void everyEightBitValueComesBackFromBytesThroughEveryAccessor() {
        // signed and unsigned 8-bit operands, 4-bit ones, and windows of 256 values at the ends of the int range
        for (int lo : new int[] {-128, 0, -8, 1000, Integer.MIN_VALUE, Integer.MAX_VALUE - 255}) {
            int span = lo == -8 ? 16 : 256;
            IntTensor ints = every(lo, span);
            IntTensor compact = ints.compacted();
            assertThat(compact.toString()).as("storage of [%d, %d]", lo, lo + span - 1).endsWith("(bytes)");
            assertSameThroughEveryAccessor(ints, compact);
        }
    }

    @Test
    void everySixteenBitValueComesBackFromShortsThroughEveryAccessor() {
        for (int lo : new int[] {-32_768, 0, -5, Integer.MIN_VALUE, Integer.MAX_VALUE - 65_535}) {
            IntTensor ints = every(lo, 65_536);
            IntTensor compact = ints.compacted();
            assertThat(compact.toString()).as("storage of [%d, %d]", lo, lo + 65_535).endsWith("(shorts)");
            assertSameThroughEveryAccessor(ints, compact);
        }
        // 257 values need shorts
        assertThat(new IntTensor(new int[] {2}, new int[] {-128, 128}).compacted().toString()).endsWith("(shorts)");
    }

    @Test
    void valuesSpanningMoreThanSixteenBitsStayInts() {
        IntTensor wide = new IntTensor(new int[] {2}, new int[] {0, 65_536});
        assertThatThrownBy(wide::compacted).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 65536]");
        int[] shape = {IntTensor.COMPACT_VALUES};
        assertThat(IntTensor.builder(shape, 0, 65_536).build().isCompact()).isFalse();
        assertThat(IntTensor.builder(shape, -1L << 31, (1L << 31) - 1).build().isCompact()).isFalse();
    }

    @Test
    void theBuilderStoresCompactlyFromTheThresholdOnly() {
        int[] small = {IntTensor.COMPACT_VALUES - 1};
        int[] large = {2, IntTensor.COMPACT_VALUES / 2};
        assertThat(IntTensor.builder(small, -128, 127).build().isCompact()).isFalse();
        IntTensor.Builder b = IntTensor.builder(large, 0, 255);
        int[] piece = IntStream.range(0, 1000).map(i -> i % 256).toArray();
        b.put(IntTensor.COMPACT_VALUES - 1000, piece, 0, 1000);
        IntTensor t = b.build();
        assertThat(t.toString()).endsWith("(bytes)");
        assertThat(t.get(IntTensor.COMPACT_VALUES - 1)).isEqualTo(999 % 256);
        assertThat(IntTensor.builder(large, -1000, 1000).build().toString()).endsWith("(shorts)");
    }

    @Test
    void aBuilderWhosePutsCoverEveryPositionOnceKnowsTheRangeOfItsValuesAndOtherwiseScansThem() {
        int size = IntTensor.COMPACT_VALUES + 10;
        int[] shape = {size};
        int[] values = IntStream.range(0, size).map(i -> i % 97 - 40).toArray(); // -40 .. 56
        IntTensor.Builder whole = IntTensor.builder(shape, -128, 127);
        for (int quarter : new int[] {3, 0, 1, 2}) { // out of order, as parallel pieces come
            int from = quarter * size / 4;
            whole.put(from, values, from, (quarter + 1) * size / 4 - from);
        }
        IntTensor built = whole.build();
        assertThat(built.range()).containsExactly(-40, 56);
        assertThat(built).isEqualTo(new IntTensor(shape, values));
        // a gap: the position never put holds the storage's start (bytes: the middle of the range, 108) and counts
        IntTensor.Builder gap = IntTensor.builder(shape, -20, 235);
        int[] high = IntStream.range(0, size).map(i -> 150 + i % 50).toArray();
        gap.put(0, high, 0, size - 1);
        assertThat(gap.build().range()).containsExactly(gap.build().get(size - 1), 199);
        // as many values as positions, but one position twice and another never
        IntTensor.Builder twice = IntTensor.builder(shape, -20, 235);
        twice.put(0, high, 0, size - 1);
        twice.put(0, high, 0, 1);
        assertThat(twice.build().range()[0]).isEqualTo(twice.build().get(size - 1)).isLessThan(150);
    }

    @Test
    void theBuilderRefusesAValueOutsideItsRange() {
        IntTensor.Builder b = IntTensor.builder(new int[] {IntTensor.COMPACT_VALUES}, -128, 127);
        assertThatThrownBy(() -> b.put(7, new int[] {5, 128}, 0, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("value 128 at 8 outside [-128, 127]");
    }

    @Test
    void anIntTensorsDataIsItsOwnArrayAndCountsNoMaterialization() {
        int[] values = {3, -1, 4};
        IntTensor t = new IntTensor(new int[] {3}, values);
        assertThat(t.data()).isSameAs(values);
        assertThat(t.expanded()).isSameAs(t);
        assertThat(t.materializations()).isZero();
        IntTensor c = t.compacted();
        assertThat(c.compacted()).isSameAs(c);
        assertThat(c.data()).isNotSameAs(c.data());
        assertThat(c.materializations()).isEqualTo(2);
    }

    @Test
    void copiesOutsideTheTensorFailLikeArrayCopies() {
        IntTensor c = every(-128, 256).compacted();
        assertThatThrownBy(() -> c.copyTo(250, new int[10], 0, 10)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> c.copyTo(0, new int[10], 5, 6)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
