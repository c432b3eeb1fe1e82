package dev.qasim.workload;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SyntheticValues}' Box-Muller and laplace logarithms on the Java Vector API, for large tensors: lane-wise LOG,
 * SQRT, COS and SIN, whose specification is Math's accuracy (within 1 ulp; SQRT correctly rounded), so SyntheticValues'
 * recomputation near a rounding boundary keeps StrictMath's values. Whole vectors of an array; the caller computes the
 * rest. Loaded only when the JVM has {@code jdk.incubator.vector} ({@link dev.qasim.arith.Vectors}).
 */
final class SyntheticVector {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;

    private SyntheticVector() {}

    /**
     * first[i] = sqrt(-2 ln u[i]) cos(angle[i]) and second[i] the same with sin, for the whole vectors below n;
     * returns how many it computed.
     */
    static int boxMuller(double[] u, double[] angle, double[] first, double[] second, int n) {
        int bound = SPECIES.loopBound(n);
        for (int i = 0; i < bound; i += SPECIES.length()) {
            DoubleVector r = DoubleVector.fromArray(SPECIES, u, i).lanewise(VectorOperators.LOG).mul(-2)
                    .lanewise(VectorOperators.SQRT);
            DoubleVector a = DoubleVector.fromArray(SPECIES, angle, i);
            r.mul(a.lanewise(VectorOperators.COS)).intoArray(first, i);
            r.mul(a.lanewise(VectorOperators.SIN)).intoArray(second, i);
        }
        return bound;
    }

    /** out[i] = ln x[i] for the whole vectors below n; returns how many it computed. */
    static int log(double[] x, double[] out, int n) {
        int bound = SPECIES.loopBound(n);
        for (int i = 0; i < bound; i += SPECIES.length()) {
            DoubleVector.fromArray(SPECIES, x, i).lanewise(VectorOperators.LOG).intoArray(out, i);
        }
        return bound;
    }
}
