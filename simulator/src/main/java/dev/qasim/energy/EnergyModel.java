package dev.qasim.energy;

import dev.qasim.config.ArchConfig;
import dev.qasim.config.Dataflow;
import dev.qasim.config.MemoryConfig;
import dev.qasim.engine.LayerResult;
import dev.qasim.engine.MemoryStats;
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

    public EnergyModel(EnergyTable table, ArchConfig arch) {
        this.table = table;
        this.arch = arch;
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
        if (layer.terms() != null) {
            // a term pair: an exponent add and a shifted add into the accumulator (the shifter is wiring here)
            long pairs = layer.terms().pairs() == null ? 0 : layer.terms().pairs();
            int exp = exponentBits(layer);
            e.add(new EnergyEvent("termPairExponentAdd", "termPairs", pairs, exp + "-bit additions", table.adderPj(exp)));
            e.add(new EnergyEvent("termPairAccumulate", "termPairs", pairs, arch.pe().accumulatorBits() + "-bit additions",
                    table.adderPj(arch.pe().accumulatorBits())));
        } else {
            e.add(new EnergyEvent("multiply", "multipliers", layer.macs(), mb + "x" + mb + "-bit multiplies", table.multiplierPj(mb, mb)));
            e.add(new EnergyEvent("accumulate", "accumulators", layer.macs(), arch.pe().accumulatorBits() + "-bit additions",
                    table.adderPj(arch.pe().accumulatorBits())));
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

    /**
     * Width of a term pair's exponent add: the sum of the largest weight and data exponents, which are at most
     * the operands' widths.
     */
    static int exponentBits(LayerResult layer) {
        return exponentBits(layer.weightBits(), layer.dataBits());
    }

    /** The same for operands of these widths: the bits of weightBits + dataBits. */
    static int exponentBits(int weightBits, int dataBits) {
        return 32 - Integer.numberOfLeadingZeros(weightBits + dataBits);
    }

    /** The architecture's area. */
    public AreaEstimate area() {
        int mb = arch.pe().multiplierBits();
        int lanes = arch.pe().lanes();
        List<String> notes = new ArrayList<>();
        double pe = lanes * (table.multiplierAreaUm2(mb, mb) + table.adderAreaUm2(arch.pe().accumulatorBits()));
        if (arch.pe().kind() == dev.qasim.config.PeKind.TERM_SERIAL) {
            // a term MAC: an exponent adder (operands up to multiplierBits wide) and the accumulator's adder
            int exp = exponentBits(mb, mb);
            pe = table.adderAreaUm2(exp) + table.adderAreaUm2(arch.pe().accumulatorBits());
            notes.add("term-serial PEs: an exponent adder and an accumulator adder each; the data encoders at the edge are not included");
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

    /**
     * Register bits in one PE: ws/is hold a stream register, L active, L shadow and L pipeline registers of the
     * stationary operand and L partial sums; os a data register, L weight registers and L accumulators. Operands
     * are multiplierBits wide.
     */
    int registerBitsPerPe() {
        int mb = arch.pe().multiplierBits();
        int lanes = arch.pe().lanes();
        int acc = arch.pe().accumulatorBits();
        if (arch.array().dataflow() == Dataflow.OS) {
            return mb + lanes * (mb + acc);
        }
        return mb + lanes * (3 * mb + acc);
    }
}
