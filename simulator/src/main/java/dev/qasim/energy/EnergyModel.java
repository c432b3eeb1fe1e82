package dev.qasim.energy;

import dev.qasim.config.ArchConfig;
import dev.qasim.config.MemoryConfig;
import dev.qasim.engine.LayerResult;
import dev.qasim.engine.DataflowSchedule;
import dev.qasim.engine.MemoryStats;
import dev.qasim.engine.Operation;
import dev.qasim.engine.ProcessingElement;
import java.util.ArrayList;
import java.util.List;

/**
 * Prices the engine's counts with a table (docs/energy.md): a MAC is one multiply at the multiplier's width
 * (pe.multiplierBits by pe.multiplierBits: the hardware, whatever the operands) and one addition at the
 * accumulator's width (a term-serial PE: per term pair, an exponent add and an add at the accumulator's width);
 * a widen-replay re-execution's MACs likewise with the wide adder; register writes per bit; SRAM reads and writes per bit at each buffer's capacity; DRAM
 * per bit. Area: a PE's lanes' multipliers and adders plus its registers, times the array, plus the buffers.
 */
public final class EnergyModel {
    private final EnergyTable table;
    private final ArchConfig arch;
    private final ProcessingElement pe;

    public EnergyModel(EnergyTable table, ArchConfig arch) {
        this.table = table;
        this.arch = arch;
        this.pe = ProcessingElement.of(arch);
    }

    public EnergyTable table() {
        return table;
    }

    /** Every event of a layer, priced. */
    public LayerEnergy price(LayerResult layer) {
        int mb = arch.pe().multiplierBits();
        MemoryConfig mem = arch.memory();
        MemoryStats m = layer.memory();
        double reg = table.registerPjPerBit() == null ? Double.NaN : table.registerPjPerBit();
        List<EnergyEvent> e = new ArrayList<>();
        for (Operation op : pe.operations(layer)) {
            e.add(new EnergyEvent(op.name(), op.component(), op.count(), op.unit().describe(), pj(op.unit())));
        }
        e.add(new EnergyEvent("registerWrite", "registers", layer.registerWriteBits(), "bits", reg));
        int wide = layer.replay().wideBits();
        e.add(new EnergyEvent("replayMultiply", "replay", layer.replay().macs(), mb + "x" + mb + "-bit multiplies",
                table.multiplierPj(mb, mb)));
        e.add(new EnergyEvent("replayAccumulate", "replay", layer.replay().macs(), wide + "-bit additions",
                wide == 0 ? 0 : table.adderPj(wide)));
        sram(e, "ifmap", m.ifmapReadBits(), m.ifmapWriteBits(), mem.ifmapSramKiB());
        sram(e, "filter", m.filterReadBits(), m.filterWriteBits(), mem.filterSramKiB());
        sram(e, "ofmap", m.ofmapReadBits(), m.ofmapWriteBits(), mem.ofmapSramKiB());
        double dram = table.dramPjPerBit();
        e.add(new EnergyEvent("dramDataRead", "dram", m.dramDataReadBits(), "bits", dram));
        e.add(new EnergyEvent("dramWeightRead", "dram", m.dramWeightReadBits(), "bits", dram));
        e.add(new EnergyEvent("dramPsumRead", "dram", m.dramPsumReadBits(), "bits", dram));
        e.add(new EnergyEvent("dramPsumWrite", "dram", m.dramPsumWriteBits(), "bits", dram));
        e.add(new EnergyEvent("dramOutputWrite", "dram", m.dramOutputWriteBits(), "bits", dram));
        return new LayerEnergy(e);
    }

    /**
     * The post-processing unit's lane operations (bias, requantization, pooling, activations: docs/quantization.md),
     * each priced as one addition at the unit's 32-bit width; the multiplies inside requantizations are not priced
     * separately (a lower bound, said in the report).
     */
    public EnergyEvent postProcessing(long laneOps) {
        return new EnergyEvent("postProcessingLaneOp", "postProcessing", laneOps, "32-bit lane operations", table.adderPj(32));
    }

    private void sram(List<EnergyEvent> e, String buffer, long readBits, long writeBits, double kib) {
        e.add(new EnergyEvent(buffer + "SramRead", buffer + "Sram", readBits, "bits", table.sramReadPjPerBit(kib)));
        e.add(new EnergyEvent(buffer + "SramWrite", buffer + "Sram", writeBits, "bits", table.sramWritePjPerBit(kib)));
    }

    /** The energy of one operation of a unit, pJ. */
    private double pj(Operation.Unit unit) {
        if (unit instanceof Operation.Multiplier m) {
            return table.multiplierPj(m.aBits(), m.bBits());
        }
        return table.adderPj(((Operation.Adder) unit).bits());
    }

    /** The area of one unit (a multiplier or an adder of a PE), um^2. */
    public double areaUm2(Operation.Unit unit) {
        if (unit instanceof Operation.Multiplier m) {
            return table.multiplierAreaUm2(m.aBits(), m.bBits());
        }
        return table.adderAreaUm2(((Operation.Adder) unit).bits());
    }

    /** The architecture's area. */
    public AreaEstimate area() {
        List<String> notes = new ArrayList<>(this.pe.areaNotes());
        double pe = 0;
        for (Operation.Unit unit : this.pe.units()) {
            pe += areaUm2(unit);
        }
        if (table.registerAreaUm2PerBit() == null) {
            notes.add("registers: the table has no register area; PE area counts multipliers and adders only");
        } else {
            pe += registerBitsPerPe() * table.registerAreaUm2PerBit();
        }
        double array = pe * arch.array().rows() * arch.array().cols();
        MemoryConfig m = arch.memory();
        double sram = table.sramAreaUm2(m.ifmapSramKiB()) + table.sramAreaUm2(m.filterSramKiB()) + table.sramAreaUm2(m.ofmapSramKiB());
        if (Double.isNaN(sram)) {
            notes.add("SRAM: an unlimited buffer has no area; the total counts the array only");
        }
        return new AreaEstimate(pe, array, sram, notes);
    }

    /** Register bits in one PE (operands multiplierBits wide): its kind's registers under the dataflow. */
    long registerBitsPerPe() {
        int mb = arch.pe().multiplierBits();
        return pe.registers(DataflowSchedule.of(arch.array().dataflow()), mb, mb).bitsPerPe();
    }
}
