package dev.qasim.engine;

/**
 * A count of one kind of arithmetic a layer did on the array, and the hardware unit that did it: what the
 * energy model prices ({@code count} times the unit's energy from a table). Each PE kind says which operations
 * its work consists of ({@link ProcessingElement#operations}).
 *
 * @param name      the event's name in reports ({@code multiply}, {@code termPairAccumulate}, ...)
 * @param component the energy component it adds to ({@code multipliers}, {@code accumulators}, ...)
 * @param count     how many operations
 * @param unit      the unit that performs one
 */
public record Operation(String name, String component, long count, Unit unit) {

    /** An arithmetic unit of a PE, priced and sized by an energy table. */
    public sealed interface Unit permits Adder, Multiplier, Shifter {
        /** What one operation of this unit is, in a report ("16-bit additions"). */
        String describe();
    }

    /** A two's-complement adder of {@code bits}. */
    public record Adder(int bits) implements Unit {
        @Override
        public String describe() {
            return bits + "-bit additions";
        }
    }

    /** An array multiplier of a {@code aBits} by {@code bBits} product (by 1: a row of AND gates). */
    public record Multiplier(int aBits, int bBits) implements Unit {
        @Override
        public String describe() {
            return aBits + "x" + bBits + "-bit multiplies";
        }
    }

    /** A logarithmic shifter of {@code bits} and {@code stages} stages of 2:1 multiplexers (shifts up to 2^stages - 1). */
    public record Shifter(int bits, int stages) implements Unit {
        @Override
        public String describe() {
            return bits + "-bit " + stages + "-stage shifts";
        }
    }
}
