package dev.qasim.model.ops;

import dev.qasim.arith.AccumulatorSpec;
import dev.qasim.arith.OverflowPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * The post-processing unit: a vector unit after the array with {@code lanes} lanes, each doing one element
 * operation per cycle (an addition, a requantization, a comparison, a rescale). Its adders are {@code bits}
 * wide (32 by default, int32 like integer inference runtimes) and saturate; every addition outside their range
 * is counted. Work is counted per node; mutable, one per model run.
 */
public final class Ppu {
    private final int lanes;
    private final AccumulatorSpec adder;
    private final List<PpuStats> done = new ArrayList<>();
    private long ops;
    private long multiplies;
    private long events;

    public Ppu(int lanes, int bits) {
        if (lanes < 1) {
            throw new IllegalArgumentException("the PPU needs at least one lane");
        }
        this.lanes = lanes;
        this.adder = AccumulatorSpec.of(bits, OverflowPolicy.SATURATE);
    }

    /** Counts element operations of the current node. */
    public void ops(long count) {
        ops += count;
    }

    /** Counts multiplies of the current node (each is also one of its element operations). */
    public void multiplies(long count) {
        multiplies += count;
    }

    /** Counts element operations of the current node that are each a multiply (a scale, a product). */
    public void products(long count) {
        ops(count);
        multiplies(count);
    }

    /** One addition at the unit's width: saturating, counting an event when the exact sum does not fit. */
    public long add(long a, long b) {
        if (adder.overflows(a, b)) {
            events++;
        }
        return adder.saturatingAdd(Math.max(adder.min(), Math.min(adder.max(), a)), b);
    }

    /** a * b added at the unit's width (a multiply-add lane operation). */
    public long multiplyAdd(long acc, long a, long b) {
        multiplies++;
        long product;
        try {
            product = Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            events++;
            product = (a < 0) == (b < 0) ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return add(acc, product);
    }

    /** Drops the current node's work uncounted (shape arithmetic: computed from the input shapes, not on the data). */
    public void discard() {
        ops = 0;
        events = 0;
    }

    /** Closes the current node's account. */
    public void finish(String node, String op) {
        if (ops > 0 || events > 0) {
            done.add(new PpuStats(node, op, ops, multiplies, (ops + lanes - 1) / lanes, events));
        }
        ops = 0;
        multiplies = 0;
        events = 0;
    }

    public List<PpuStats> stats() {
        return List.copyOf(done);
    }

    public int bits() {
        return adder.bits();
    }
}
