package dev.qasim.arith;

/**
 * One accumulator register: a mutable value plus its event count, as a PE holds it while a layer runs.
 * Under {@link OverflowPolicy#TRAP} the first overflow leaves the value unchanged, marks the register
 * trapped, and any further addition is refused.
 */
public final class Accumulator {
    private final AccumulatorSpec spec;
    private long value;
    private long additions;
    private long events;
    private boolean trapped;

    public Accumulator(AccumulatorSpec spec) {
        this.spec = spec;
    }

    /**
     * Adds {@code addend} under the spec's policy.
     *
     * @return the overflow event, or {@code null} when the exact sum fits
     * @throws IllegalStateException when the register has trapped already
     */
    public OverflowEvent add(long addend) {
        if (trapped) {
            throw new IllegalStateException("the accumulator has trapped; no addition may follow");
        }
        additions++;
        long before = value;
        boolean overflow = spec.overflows(before, addend);
        value = spec.add(before, addend);
        if (!overflow) {
            return null;
        }
        events++;
        trapped = spec.policy() == OverflowPolicy.TRAP;
        return new OverflowEvent(before, addend, value);
    }

    public long value() {
        return value;
    }

    /** Loads a value (a partial sum entering from a neighbour); it must fit the register. */
    public void load(long v) {
        if (!spec.fits(v)) {
            throw new IllegalArgumentException(v + " does not fit a " + spec.bits() + "-bit accumulator");
        }
        value = v;
    }

    public long additions() {
        return additions;
    }

    public long events() {
        return events;
    }

    public boolean trapped() {
        return trapped;
    }

    public AccumulatorSpec spec() {
        return spec;
    }
}
