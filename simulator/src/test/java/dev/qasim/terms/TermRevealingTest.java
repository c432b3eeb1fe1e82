package dev.qasim.terms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TermRevealingTest {

    @Test
    void specExampleKeepsTheFourLargestTermsOfTheGroup() {
        Revealed r = TermRevealing.revealGroup(new long[] {13, 5, -3, 2}, 4, Encoding.HESE.encoder());
        assertThat(r.revealed()).containsExactly(12, 4, -4, 0);
        assertThat(r.kept()).containsExactly(new long[] {16, -4}, new long[] {4}, new long[] {-4}, new long[] {});
        assertThat(TermRevealing.revealGroup(new long[] {13, 5, -3, 2}, 3, Encoding.HESE.encoder()).revealed())
                .containsExactly(12, 4, 0, 0);
    }

    @Test
    void aBudgetAtLeastTheGroupsTermCountReturnsTheValuesUnchanged() {
        SplittableRandom random = new SplittableRandom(11);
        for (Encoding e : Encoding.values()) {
            for (int trial = 0; trial < 500; trial++) {
                long[] group = random.longs(1 + random.nextInt(16), -255, 256).toArray();
                int total = 0;
                for (long v : group) {
                    total += e.encode(v).size();
                }
                assertThat(TermRevealing.revealGroup(group, total + random.nextInt(3), e.encoder()).revealed()).containsExactly(group);
            }
        }
    }

    @Test
    void keptTermsAreExactlyTheKLargestOfTheGroupWithLowestIndexWinningTies() {
        record Candidate(int index, int position, int exponent, long term) {}
        SplittableRandom random = new SplittableRandom(42);
        for (Encoding e : Encoding.values()) {
            for (int trial = 0; trial < 3000; trial++) {
                int g = 1 + random.nextInt(16);
                long[] group = random.longs(g, -255, 256).toArray();
                int k = random.nextInt(40);
                // brute force: every term of the group, sorted by magnitude (desc) then index (asc)
                List<Candidate> all = new ArrayList<>();
                for (int j = 0; j < g; j++) {
                    Terms t = e.encode(group[j]);
                    for (int p = 0; p < t.size(); p++) {
                        all.add(new Candidate(j, p, t.exponent(p), t.term(p)));
                    }
                }
                all.sort(Comparator.comparingInt(Candidate::exponent).reversed().thenComparingInt(Candidate::index));
                long[] expected = new long[g];
                List<List<Long>> expectedKept = new ArrayList<>();
                for (int j = 0; j < g; j++) {
                    expectedKept.add(new ArrayList<>());
                }
                for (Candidate c : all.subList(0, Math.min(k, all.size()))) {
                    expected[c.index()] += c.term();
                    expectedKept.get(c.index()).add(c.term());
                }
                Revealed r = TermRevealing.revealGroup(group, k, e.encoder());
                assertThat(r.revealed()).as("%s k=%d %s", e, k, java.util.Arrays.toString(group)).containsExactly(expected);
                assertThat(r.keptCount()).isEqualTo(Math.min(k, all.size()));
                for (int j = 0; j < g; j++) {
                    assertThat(r.kept().get(j)).containsExactly(expectedKept.get(j).stream().mapToLong(Long::longValue).toArray());
                }
            }
        }
    }

    @Test
    void groupsAreTakenInOrderAndTheLastMayBeShortWithTheSameBudget() {
        List<Revealed> groups = TermRevealing.reveal(new long[] {13, 5, -3, 2, 7, 1}, 4, 2, Encoding.HESE.encoder());
        assertThat(groups).hasSize(2);
        assertThat(groups.get(0).revealed()).containsExactly(12, 0, 0, 0); // -4 of 13 beats +4 of 5: lowest index wins the tie
        assertThat(groups.get(1).revealed()).containsExactly(7, 0); // -1 of 7 beats +1 of 1
    }

    @Test
    void truncationKeepsTheTopSTermsOfEachValue() {
        assertThat(TermRevealing.truncate(119, 2, Encoding.HESE.encoder())).isEqualTo(112);
        assertThat(TermRevealing.truncate(-119, 3, Encoding.HESE.encoder())).isEqualTo(-120);
        assertThat(TermRevealing.truncate(119, 0, Encoding.HESE.encoder())).isZero();
        for (long v = -255; v <= 255; v++) {
            assertThat(TermRevealing.truncate(v, 2, Encoding.NAF.encoder()))
                    .isEqualTo(TermRevealing.revealGroup(new long[] {v}, 2, Encoding.NAF.encoder()).revealed()[0]);
        }
    }

    @Test
    void invalidGroupSizeOrBudgetIsRejected() {
        assertThatThrownBy(() -> TermRevealing.reveal(new long[] {1}, 0, 1, Encoding.HESE.encoder()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TermRevealing.revealGroup(new long[] {1}, -1, Encoding.HESE.encoder()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @org.junit.jupiter.api.Test
    void revealingCutsValuesIntoWholeGroupsOfGAndAShortLastOne() {
        long[] values = {13, 5, -3, 2, 7};
        org.assertj.core.api.Assertions.assertThat(TermRevealing.reveal(values, 2, 16, Encoding.HESE.encoder())).hasSize(3);
        org.assertj.core.api.Assertions.assertThat(TermRevealing.reveal(java.util.Arrays.copyOf(values, 4), 2, 16, Encoding.HESE.encoder()))
                .hasSize(2);
        org.assertj.core.api.Assertions.assertThat(TermRevealing.reveal(values, 1, 1, Encoding.HESE.encoder())).hasSize(5)
                .extracting(r -> r.revealed()[0]).containsExactly(16L, 4L, -4L, 2L, 8L);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TermRevealing.reveal(values, 0, 1, Encoding.HESE.encoder()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
