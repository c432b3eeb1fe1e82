package dev.qasim.energy;

import java.util.Arrays;

/**
 * A piecewise-linear function through table points, sorted by x: linear between neighbouring points; beyond the
 * last point the last segment is extended; below the first point the first segment is extended, or the first
 * value held ({@code holdBelow}); one point alone scales proportionally with x (or is held).
 */
final class Curve {
    private final double[] x;
    private final double[] y;
    private final boolean holdBelow;

    Curve(double[] x, double[] y, boolean holdBelow) {
        if (x.length == 0 || x.length != y.length) {
            throw new IllegalArgumentException("a curve needs at least one point");
        }
        Integer[] order = new Integer[x.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
        this.x = new double[x.length];
        this.y = new double[x.length];
        for (int i = 0; i < order.length; i++) {
            this.x[i] = x[order[i]];
            this.y[i] = y[order[i]];
        }
        this.holdBelow = holdBelow;
    }

    /** The points and the rule below the first, e.g. {@code Curve[x=[8.0, 16.0], y=[0.03, 0.05], holdBelow=false]}. */
    @Override
    public String toString() {
        return "Curve[x=" + Arrays.toString(x) + ", y=" + Arrays.toString(y) + ", holdBelow=" + holdBelow + "]";
    }

    /** The points' x values, sorted. */
    double[] xs() {
        return x.clone();
    }

    /** The points' values, in the order of {@link #xs()}. */
    double[] ys() {
        return y.clone();
    }

    /** The value at {@code at}, never negative (an extension below zero is cut at zero). */
    double at(double at) {
        int n = x.length;
        if (n == 1) {
            return holdBelow && at < x[0] ? y[0] : Math.max(0, y[0] * at / x[0]);
        }
        if (at <= x[0] && holdBelow) {
            return y[0];
        }
        int i = 1;
        while (i < n - 1 && at > x[i]) {
            i++;
        }
        double slope = (y[i] - y[i - 1]) / (x[i] - x[i - 1]);
        return Math.max(0, y[i - 1] + (at - x[i - 1]) * slope);
    }
}
