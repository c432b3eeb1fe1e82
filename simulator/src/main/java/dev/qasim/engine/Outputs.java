package dev.qasim.engine;

import java.util.Arrays;

/**
 * A layer's outputs as the array left them, in the output tensor's row-major order. Takes ownership of the array
 * it is given (the engine hands it over and never writes to it again), so a layer's outputs are not copied;
 * equal when every output is.
 */
public final class Outputs {
    private final long[] values;

    private Outputs(long[] values) {
        this.values = values;
    }

    /** Wraps an array the caller hands over and never writes to again. */
    static Outputs handOver(long[] values) {
        return new Outputs(values);
    }

    public int size() {
        return values.length;
    }

    public long get(int i) {
        return values[i];
    }

    /** A copy of the outputs. */
    public long[] toArray() {
        return values.clone();
    }

    /** The outputs for reading in place; callers must not write to them. */
    long[] view() {
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Outputs other && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return values.length <= 16 ? Arrays.toString(values) : values.length + " outputs";
    }
}
