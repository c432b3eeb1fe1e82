package dev.qasim.explore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Pareto fronts, every objective minimized: a point is on the front when no other point is at least as good in
 * every objective and better in one. Points with equal objectives are all on the front or all off it.
 */
final class Pareto {
    private Pareto() {}

    /**
     * The indexes of the points on the front, ascending.
     *
     * @param objectives one row per point, one column per objective (finite numbers)
     */
    static List<Integer> front(double[][] objectives) {
        Integer[] order = new Integer[objectives.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // A point can only be dominated by one before it in lexicographic order; it is then dominated by a point
        // of the front found so far (domination is transitive), so each point is compared with the front alone.
        Arrays.sort(order, Comparator.comparing((Integer i) -> objectives[i], Arrays::compare));
        List<Integer> front = new ArrayList<>();
        for (int i : order) {
            boolean dominated = false;
            for (int j : front) {
                if (dominates(objectives[j], objectives[i])) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) {
                front.add(i);
            }
        }
        front.sort(Integer::compare);
        return front;
    }

    /** Whether {@code a} is no worse than {@code b} in every objective and better in at least one. */
    static boolean dominates(double[] a, double[] b) {
        boolean better = false;
        for (int k = 0; k < a.length; k++) {
            if (a[k] > b[k]) {
                return false;
            }
            better |= a[k] < b[k];
        }
        return better;
    }
}
