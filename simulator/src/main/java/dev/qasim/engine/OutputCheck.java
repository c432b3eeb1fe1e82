package dev.qasim.engine;

/**
 * Outputs compared with the exact result (docs/reports.md {@code output}).
 *
 * @param checked     whether a comparison was made (false when the layer trapped or checking was off)
 * @param bitExact    every output equals the reference of the semantics in force (null when not checked)
 * @param maxAbsError the largest |output - exact| (null when not checked)
 * @param sqnrDb      10 log10(sum exact^2 / sum error^2); null when the error is zero or nothing was checked
 * @param signal      sum exact^2 (so SQNRs of several layers can be combined); 0 when not checked
 * @param noise       sum error^2; 0 when not checked
 */
public record OutputCheck(boolean checked, Boolean bitExact, Long maxAbsError, Double sqnrDb, double signal, double noise) {

    public static OutputCheck notChecked() {
        return new OutputCheck(false, null, null, null, 0, 0);
    }

    /** 10 log10(signal / noise) of several checks together; null when they have no error. */
    public static Double combinedSqnrDb(java.util.List<OutputCheck> checks) {
        double signal = 0;
        double noise = 0;
        for (OutputCheck c : checks) {
            signal += c.signal;
            noise += c.noise;
        }
        return noise == 0 ? null : 10 * Math.log10(signal / noise);
    }

    /** Compares outputs with the exact values, index by index; {@code expected} is also the reference here. */
    public static OutputCheck compare(long[] outputs, long[] exact) {
        return compare(outputs, exact, exact);
    }

    /**
     * @param reference the reference of the semantics in force (bit-exactness)
     * @param exact     the exact, untruncated result (error and SQNR)
     */
    public static OutputCheck compare(long[] outputs, long[] reference, long[] exact) {
        if (outputs.length != exact.length || outputs.length != reference.length) {
            throw new IllegalArgumentException("output and reference lengths differ");
        }
        boolean bitExact = true;
        long maxAbs = 0;
        double signal = 0;
        double noise = 0;
        for (int i = 0; i < outputs.length; i++) {
            bitExact &= outputs[i] == reference[i];
            double err = (double) outputs[i] - (double) exact[i];
            maxAbs = Math.max(maxAbs, Math.abs(outputs[i] - exact[i]));
            signal += (double) exact[i] * exact[i];
            noise += err * err;
        }
        Double sqnr = noise == 0 ? null : 10 * Math.log10(signal / noise);
        return new OutputCheck(true, bitExact, maxAbs, sqnr, signal, noise);
    }
}
