package dev.qasim.config;

import dev.qasim.arith.AccumulatorSpec;
import dev.qasim.arith.MultiplierSpec;
import dev.qasim.arith.OverflowPolicy;
import java.util.Map;
import java.util.Objects;

/**
 * One processing element.
 *
 * @param kind            bit-parallel MAC or term-serial
 * @param multiplierBits  operand width of each multiplier input, 1..32, each operand in its own signedness
 * @param accumulatorBits accumulator width P, 2..64
 * @param datapathBits    the PE's datapath width, 2..256; it holds {@link #lanes()} accumulators
 * @param overflow        what the accumulator does on overflow
 */
public record PeConfig(PeKind kind, int multiplierBits, int accumulatorBits, int datapathBits, OverflowPolicy overflow) {
    public static final int MAX_DATAPATH_BITS = 256;

    public PeConfig {
        Objects.requireNonNull(kind, "pe.kind");
        Check.range("pe.multiplierBits", multiplierBits, 1, MultiplierSpec.MAX_BITS);
        Check.range("pe.accumulatorBits", accumulatorBits, AccumulatorSpec.MIN_BITS, AccumulatorSpec.MAX_BITS);
        Check.range("pe.datapathBits", datapathBits, 2, MAX_DATAPATH_BITS);
        Objects.requireNonNull(overflow, "pe.overflow");
    }

    /** Lanes per PE: max(1, floor(datapathBits / accumulatorBits)); each has its own multiplier and accumulator. */
    public int lanes() {
        return Math.max(1, datapathBits / accumulatorBits);
    }

    public AccumulatorSpec accumulator() {
        return AccumulatorSpec.of(accumulatorBits, overflow);
    }

    public MultiplierSpec multiplier() {
        return MultiplierSpec.of(multiplierBits);
    }

    Map<String, Object> toTree() {
        return Tree.of("kind", kind, "multiplierBits", multiplierBits, "accumulatorBits", accumulatorBits,
                "datapathBits", datapathBits, "lanes", lanes(), "overflow", overflow);
    }
}
