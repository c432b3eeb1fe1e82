package dev.qasim.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ParetoTest {
    @Test
    void theFrontKeepsThePointsNoOtherBeatsInEveryObjective() {
        double[][] points = {{1, 9}, {2, 2}, {9, 1}, {3, 3}, {2, 2}, {5, 5}, {1, 10}};
        // (3,3) and (5,5) are beaten by (2,2); (1,10) by (1,9); the two (2,2) tie and both stay
        assertThat(Pareto.front(points)).containsExactly(0, 1, 2, 4);
    }

    @Test
    void theFrontEqualsTheDefinitionCheckedPairByPairOnRandomPoints() {
        SplittableRandom random = new SplittableRandom(11);
        for (int trial = 0; trial < 50; trial++) {
            int n = 1 + random.nextInt(60);
            int k = 1 + random.nextInt(4);
            double[][] points = new double[n][k];
            for (double[] p : points) {
                for (int j = 0; j < k; j++) {
                    p[j] = random.nextInt(6); // few distinct values: many ties
                }
            }
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                boolean dominated = false;
                for (int j = 0; j < n; j++) {
                    dominated |= Pareto.dominates(points[j], points[i]);
                }
                if (!dominated) {
                    expected.add(i);
                }
            }
            assertThat(Pareto.front(points)).as("trial %d", trial).isEqualTo(expected);
        }
    }

    @Test
    void dominanceNeedsOneStrictlyBetterObjectiveAndNoWorseOne() {
        assertThat(Pareto.dominates(new double[] {1, 2}, new double[] {1, 3})).isTrue();
        assertThat(Pareto.dominates(new double[] {1, 3}, new double[] {1, 3})).isFalse();
        assertThat(Pareto.dominates(new double[] {0, 4}, new double[] {1, 3})).isFalse();
    }
}
