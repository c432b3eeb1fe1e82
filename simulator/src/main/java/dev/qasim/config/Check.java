package dev.qasim.config;

/** Invariant checks of the records' constructors (the loader reports user errors before these can fire). */
final class Check {
    private Check() {}

    static void range(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be " + min + ".." + max + ", got " + value);
        }
    }

    static void positive(String key, double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException(key + " must be > 0, got " + value);
        }
    }
}
