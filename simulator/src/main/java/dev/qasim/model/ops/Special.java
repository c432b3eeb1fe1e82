package dev.qasim.model.ops;

/** Special functions Java's Math lacks. */
final class Special {
    private Special() {}

    /**
     * The error function to about 1e-13 absolute: its Maclaurin series below |x| = 3, the continued fraction of
     * erfc (Lentz's method) from 3 to 6, and +-1 beyond (erfc(6) is 2e-17).
     */
    static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double a = Math.abs(x);
        double r;
        if (a < 3) {
            double term = a;
            double sum = a;
            double x2 = a * a;
            for (int n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
                term *= -x2 / n;
                sum += term / (2 * n + 1);
            }
            r = 2 / Math.sqrt(Math.PI) * sum;
        } else if (a < 6) {
            r = 1 - erfcContinuedFraction(a);
        } else {
            r = 1;
        }
        return Math.copySign(r, x);
    }

    /** erfc(x) = e^-x^2 / sqrt(pi) * 1 / (x + (1/2) / (x + 1 / (x + (3/2) / (x + ...)))), for x >= 3. */
    private static double erfcContinuedFraction(double x) {
        double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0;
        for (int k = 1; k < 500; k++) {
            double ak = k / 2.0;
            d = x + ak * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = x + ak / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
    }
}
