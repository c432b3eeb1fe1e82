package dev.qasim.engine;

import dev.qasim.arith.OverflowPolicy;
import dev.qasim.config.ArrayConfig;
import dev.qasim.config.PeConfig;
import dev.qasim.config.PeKind;
import dev.qasim.input.Problems;
import dev.qasim.workload.Layer;
import dev.qasim.workload.Operand;
import java.util.List;

/**
 * {@code pe.kind: mac}: bit-parallel multiply-accumulate lanes. Each lane multiplies one weight by one data
 * value per cycle (both operands at most {@code pe.multiplierBits} wide, each in its own signedness) and adds the
 * product into its accumulator; the lanes of a PE share the stream operand and work on adjacent column slots.
 */
public final class MacPe implements ProcessingElement {
    private final PeConfig pe;

    MacPe(PeConfig pe) {
        this.pe = pe;
    }

    @Override
    public PeKind kind() {
        return PeKind.MAC;
    }

    @Override
    public int lanes() {
        return pe.lanes();
    }

    @Override
    public Mapping map(ArrayConfig array, Layer layer) {
        return Mapping.of(array, pe.lanes(), layer.matrixForm());
    }

    @Override
    public void checkOperands(Problems problems, String source, String path, Layer layer) {
        check(problems, source, path + ".weightBits", layer.spec().weights(), pe.multiplierBits());
        check(problems, source, path + ".dataBits", layer.spec().data(), pe.multiplierBits());
    }

    /** An operand wider than the multiplier's input is a problem. */
    static void check(Problems problems, String source, String path, Operand type, int mulBits) {
        if (type.bits() > mulBits) {
            problems.add(source, path, Integer.toString(type.bits()), "wider than the " + mulBits
                    + "-bit multiplier (pe.multiplierBits); each operand must fit in its own signedness (" + type + ")");
        }
    }

    @Override
    public List<OverflowPolicy> policies() {
        return List.of(OverflowPolicy.values());
    }

    @Override
    public String timingNeedsValues(Layer layer) {
        return null;
    }

    @Override
    public RegisterInventory registers(DataflowSchedule schedule, int weightBits, int dataBits) {
        return RegisterInventory.of(schedule, pe.lanes(), 1, weightBits, dataBits, pe.accumulatorBits());
    }

    @Override
    public List<Operation.Unit> units() {
        int mb = pe.multiplierBits();
        List<Operation.Unit> lane = List.of(new Operation.Multiplier(mb, mb), new Operation.Adder(pe.accumulatorBits()));
        return java.util.Collections.nCopies(pe.lanes(), lane).stream().flatMap(List::stream).toList();
    }

    @Override
    public List<String> areaNotes() {
        return List.of();
    }

    /** A MAC is one multiply at the multiplier's width (the hardware, whatever the operands) and one addition. */
    @Override
    public List<Operation> operations(LayerResult layer) {
        int mb = pe.multiplierBits();
        return List.of(new Operation("multiply", "multipliers", layer.macs(), new Operation.Multiplier(mb, mb)),
                new Operation("accumulate", "accumulators", layer.macs(), new Operation.Adder(pe.accumulatorBits())));
    }
}
