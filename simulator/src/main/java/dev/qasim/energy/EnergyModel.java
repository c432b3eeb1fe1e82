package dev.qasim.energy;

import dev.qasim.config.ArchConfig;
import dev.qasim.config.MemoryConfig;
import dev.qasim.engine.DataflowSchedule;
import dev.qasim.engine.LayerResult;
import dev.qasim.engine.MemoryStats;
import dev.qasim.engine.Operation;
import dev.qasim.engine.ProcessingElement;
import dev.qasim.input.Problems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Prices the engine's counts with a table at the architecture's node and supply voltage (docs/energy.md): a MAC
 * is one multiply at the multiplier's width (pe.multiplierBits by pe.multiplierBits: the hardware, whatever the
 * operands) and one addition at the accumulator's width (a serial PE: its own operations); a widen-replay
 * re-execution's MACs likewise with the wide adder; register writes per bit; SRAM reads and writes per bit at each
 * buffer's capacity; DRAM per bit; static power per cycle of latency. Every on-chip figure is the table's times the
 * published node and voltage factors ({@link NodeScaling}); DRAM keeps the table's figure unless the table says it
 * scales. Area: a PE's units plus its registers, times the array, plus the edge units and the buffers.
 */
public final class EnergyModel {
    private final EnergyTable table;
    private final ArchConfig arch;
    private final ProcessingElement pe;
    private final Technology technology;

    /**
     * The node and voltage a model prices at, and the factors from the table's own.
     *
     * @param nodeNm       the node, nm (NaN when the table's node is not a length and no scaling was asked for)
     * @param supplyV      the supply, V
     * @param energyFactor dynamic energy: E(n, V) / E(n0, V0)
     * @param areaFactor   area: the source's factor from n0 to n
     * @param staticFactor static power: areaFactor * V / V0
     * @param dramFactor   DRAM energy: 1, or energyFactor when the table says DRAM scales
     * @param scaled       whether the architecture asked for a node or voltage (else every factor is 1)
     */
    public record Technology(double nodeNm, double supplyV, double energyFactor, double areaFactor, double staticFactor,
                             double dramFactor, boolean scaled) {}

    /**
     * Static power of the architecture at its node and voltage, nW; NaN where the table has no figure (or a buffer
     * is unlimited).
     *
     * @param arrayNw    the PEs' and the edge's arithmetic
     * @param registerNw the PEs' registers
     * @param sramNw     the three buffers
     */
    public record StaticPower(double arrayNw, double registerNw, double sramNw) {

        /** The priced parts' sum, nW. */
        public double totalNw() {
            double sum = 0;
            for (double v : new double[] {arrayNw, registerNw, sramNw}) {
                sum += Double.isNaN(v) ? 0 : v;
            }
            return sum;
        }
    }

    /** A model for an architecture whose problems are not tied to a file (tests, programs). */
    public EnergyModel(EnergyTable table, ArchConfig arch) {
        this(table, arch, "architecture");
    }

    /**
     * A model for an architecture: its node and voltage must have published factors when it asks for them, and its
     * buffers must lie within the table's SRAM points unless it asks for extrapolation.
     *
     * @param archSource where the architecture came from, for its problems (its file)
     * @throws dev.qasim.input.BadInputException listing every problem
     */
    public EnergyModel(EnergyTable table, ArchConfig arch, String archSource) {
        this.table = table;
        this.arch = arch;
        this.pe = ProcessingElement.of(arch);
        Problems problems = new Problems();
        this.technology = technology(table, arch, archSource, problems);
        MemoryConfig m = arch.memory();
        sramRange(problems, archSource, "memory.ifmapSramKiB", m.ifmapSramKiB());
        sramRange(problems, archSource, "memory.filterSramKiB", m.filterSramKiB());
        sramRange(problems, archSource, "memory.ofmapSramKiB", m.ofmapSramKiB());
        problems.throwIfAny();
    }

    /** The model an architecture file asks for: its {@code energy.table}, node and voltage. */
    public static EnergyModel forArch(ArchConfig arch, Path archFile) {
        return new EnergyModel(EnergyTables.forArch(arch.energy().table(), archFile), arch, archFile.toString());
    }

    private static Technology technology(EnergyTable table, ArchConfig arch, String source, Problems problems) {
        var e = arch.energy();
        EnergyTable.Corner corner = table.corner();
        if (e.technologyNm() == null && e.supplyV() == null) {
            return new Technology(corner.nodeNm(), corner.voltageV(), 1, 1, 1, 1, false);
        }
        NodeScaling scaling = NodeScaling.stillmakerBaas();
        double node = e.technologyNm() != null ? e.technologyNm() : corner.nodeNm();
        double volts = e.supplyV() != null ? e.supplyV() : corner.voltageV();
        boolean ok = true;
        if (!scaling.knows(corner.nodeNm())) {
            problems.add(source, "energy.table", table.name(), "its node (" + corner.node() + ") has no published scaling factors"
                    + " (the nodes are " + nodesText(scaling) + " nm), so energy.technologyNm and energy.supplyV cannot be applied");
            ok = false;
        }
        if (e.technologyNm() != null && !scaling.knows(node)) {
            problems.add(source, "energy.technologyNm", plain(node), "must be a node with published scaling factors: "
                    + nodesText(scaling) + " (Stillmaker and Baas, 2017; no interpolation between nodes)");
            ok = false;
        }
        if (!ok) {
            return new Technology(node, volts, 1, 1, 1, 1, true);
        }
        if (!(scaling.energyFit(node, volts) > 0)) {
            problems.add(source, "energy.supplyV", plain(volts), "the published fit for " + plain(node)
                    + " nm gives no positive energy at this voltage: give a supply nearer the node's nominal one");
            return new Technology(node, volts, 1, 1, 1, 1, true);
        }
        double energy = scaling.energyFactor(corner.nodeNm(), corner.voltageV(), node, volts);
        return new Technology(node, volts, energy, scaling.areaFactor(corner.nodeNm(), node),
                scaling.staticFactor(corner.nodeNm(), corner.voltageV(), node, volts), table.dram().scalesWithNode() ? energy : 1,
                true);
    }

    private static String nodesText(NodeScaling scaling) {
        return String.join(", ", scaling.nodes().stream().map(String::valueOf).toList());
    }

    private void sramRange(Problems problems, String source, String key, double kib) {
        if (!arch.energy().extrapolate() && !table.sramCovers(kib)) {
            problems.add(source, key, plain(kib), "outside the SRAM points of energy table " + table.name() + " ("
                    + plain(table.sram().minKiB()) + " to " + plain(table.sram().maxKiB())
                    + " KiB): give a size within them, a table that covers it, or energy.extrapolate: true to price it by"
                    + " the table's extension rule (docs/energy.md)");
        }
    }

    private static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    public EnergyTable table() {
        return table;
    }

    /** The node and voltage this model prices at, and the factors it applies. */
    public Technology technology() {
        return technology;
    }

    /** The SRAM sizes this model prices outside its table's points (by the extension rule), one line each. */
    public List<String> extrapolated() {
        List<String> out = new ArrayList<>();
        MemoryConfig m = arch.memory();
        double[] sizes = {m.ifmapSramKiB(), m.filterSramKiB(), m.ofmapSramKiB()};
        String[] names = {"ifmap", "filter", "ofmap"};
        for (int i = 0; i < 3; i++) {
            if (!table.sramCovers(sizes[i])) {
                out.add(names[i] + " buffer of " + plain(sizes[i]) + " KiB: priced by extension beyond the table's SRAM points ("
                        + plain(table.sram().minKiB()) + " to " + plain(table.sram().maxKiB()) + " KiB; energy.extrapolate: true)");
            }
        }
        return out;
    }

    /**
     * One resolved figure of this architecture (at its node and voltage).
     *
     * @param what  the unit or event
     * @param value the figure
     * @param unit  its unit
     */
    public record Figure(String what, double value, String unit) {}

    /**
     * The per-event energies this model prices the architecture's hardware with, at its node and voltage: one
     * operation of each PE unit and edge unit, a register bit, a bit of each buffer, a DRAM bit, the
     * post-processing unit's operations; NaN where the table has no figure.
     */
    public List<Figure> figures() {
        double k = technology.energyFactor();
        List<Figure> out = new ArrayList<>();
        List<Operation.Unit> units = new ArrayList<>(pe.units());
        units.addAll(pe.edgeUnitsPerRow());
        for (Operation.Unit u : units.stream().distinct().toList()) {
            String plural = u.describe(); // "8x8-bit multiplies", "16-bit additions": one of them
            out.add(new Figure(plural.endsWith("ies") ? plural.replaceFirst("ies$", "y") : plural.replaceFirst("s$", ""), pj(u) * k, "pJ each"));
        }
        Double register = table.registers().pjPerBit();
        out.add(new Figure("register write", register == null ? Double.NaN : register * k, "pJ per bit"));
        MemoryConfig m = arch.memory();
        double[] kib = {m.ifmapSramKiB(), m.filterSramKiB(), m.ofmapSramKiB()};
        String[] names = {"ifmap", "filter", "ofmap"};
        for (int i = 0; i < 3; i++) {
            out.add(new Figure(names[i] + " SRAM read (" + plain(kib[i]) + " KiB)", table.sramReadPjPerBit(kib[i]) * k, "pJ per bit"));
            out.add(new Figure(names[i] + " SRAM write (" + plain(kib[i]) + " KiB)", table.sramWritePjPerBit(kib[i]) * k, "pJ per bit"));
        }
        out.add(new Figure("DRAM", table.dram().pjPerBit() * technology.dramFactor() * 8, "pJ per byte"));
        out.add(new Figure("post-processing lane operation (32-bit addition)", table.adderPj(32) * k, "pJ each"));
        out.add(new Figure("post-processing multiply (32 x 32 bits)", table.multiplierPj(32, 32) * k, "pJ each"));
        return out;
    }

    /** Every event of a layer, priced: its dynamic events, then its static power over its latency. */
    public LayerEnergy price(LayerResult layer) {
        int mb = arch.pe().multiplierBits();
        MemoryConfig mem = arch.memory();
        MemoryStats m = layer.memory();
        double k = technology.energyFactor();
        Double register = table.registers().pjPerBit();
        double reg = register == null ? Double.NaN : register * k;
        List<EnergyEvent> e = new ArrayList<>();
        for (Operation op : pe.operations(layer)) {
            e.add(dynamic(op.name(), op.component(), op.count(), op.unit().describe(), pj(op.unit()) * k));
        }
        e.add(dynamic("registerWrite", "registers", layer.registerWriteBits(), "bits", reg));
        int wide = layer.replay().wideBits();
        e.add(dynamic("replayMultiply", "replay", layer.replay().macs(), mb + "x" + mb + "-bit multiplies",
                table.multiplierPj(mb, mb) * k));
        e.add(dynamic("replayAccumulate", "replay", layer.replay().macs(), wide + "-bit additions",
                wide == 0 ? 0 : table.adderPj(wide) * k));
        sram(e, "ifmap", m.ifmap().readBits(), m.ifmap().writeBits(), mem.ifmapSramKiB());
        sram(e, "filter", m.filter().readBits(), m.filter().writeBits(), mem.filterSramKiB());
        sram(e, "ofmap", m.ofmap().readBits(), m.ofmap().writeBits(), mem.ofmapSramKiB());
        double dram = table.dram().pjPerBit() * technology.dramFactor();
        MemoryStats.DramTraffic d = m.dram();
        e.add(dynamic("dramDataRead", "dram", d.dataReadBits(), "bits", dram));
        e.add(dynamic("dramWeightRead", "dram", d.weightReadBits(), "bits", dram));
        e.add(dynamic("dramPsumRead", "dram", d.psumReadBits(), "bits", dram));
        e.add(dynamic("dramPsumWrite", "dram", d.psumWriteBits(), "bits", dram));
        e.add(dynamic("dramOutputWrite", "dram", d.outputWriteBits(), "bits", dram));
        e.addAll(leakage(layer.latencyCycles()));
        return new LayerEnergy(e);
    }

    /**
     * The post-processing unit's work of a model run (docs/quantization.md): each lane operation (bias,
     * requantization's add and shift, pooling, activations) one addition at the unit's 32-bit width, each multiply
     * (a requantization's fixed-point multiply, a zero-point correction, a rescale) one 32 x 32-bit multiply, and the
     * array's static power over the unit's cycles (the array waits, and leaks, while it works).
     */
    public List<EnergyEvent> postProcessing(long laneOps, long multiplies, long cycles) {
        double k = technology.energyFactor();
        List<EnergyEvent> e = new ArrayList<>();
        e.add(dynamic("postProcessingLaneOp", "postProcessing", laneOps, "32-bit lane operations", table.adderPj(32) * k));
        e.add(dynamic("postProcessingMultiply", "postProcessing", multiplies, "32x32-bit multiplies", table.multiplierPj(32, 32) * k));
        e.addAll(leakage(cycles));
        return e;
    }

    /** The static power of the array, its registers and its buffers over {@code cycles} at the clock. */
    private List<EnergyEvent> leakage(long cycles) {
        StaticPower p = staticPower();
        double pjPerNwCycle = 1 / (arch.clockMHz() * 1000); // nW x (1 / clockMHz) us = 1e-3 pJ per nW per us
        return List.of(
                new EnergyEvent("arrayLeakage", "arrayStatic", cycles, "cycles", p.arrayNw() * pjPerNwCycle,
                        EnergyEvent.Kind.STATIC, EnergyEvent.Category.COMPUTE),
                new EnergyEvent("registerLeakage", "registerStatic", cycles, "cycles", p.registerNw() * pjPerNwCycle,
                        EnergyEvent.Kind.STATIC, EnergyEvent.Category.REGISTERS),
                new EnergyEvent("sramLeakage", "sramStatic", cycles, "cycles", p.sramNw() * pjPerNwCycle,
                        EnergyEvent.Kind.STATIC, EnergyEvent.Category.SRAM));
    }

    /**
     * Static power at the architecture's node and voltage: the leakage per um^2 of logic times the arithmetic's area
     * (every PE's units and the edge units), per register bit times every PE's bits, per KiB times the buffers.
     */
    public StaticPower staticPower() {
        EnergyTable.Leakage lk = table.leakage();
        double k = technology.staticFactor();
        int pes = arch.array().rows() * arch.array().cols();
        double logicUm2 = unitsUm2(pe.units()) * pes + unitsUm2(pe.edgeUnitsPerRow()) * arch.array().rows();
        double array = lk.logicNwPerUm2() == null ? Double.NaN : logicUm2 * lk.logicNwPerUm2() * k;
        double regs = lk.registerNwPerBit() == null ? Double.NaN : (double) registerBitsPerPe() * pes * lk.registerNwPerBit() * k;
        MemoryConfig m = arch.memory();
        double kib = m.ifmapSramKiB() + m.filterSramKiB() + m.ofmapSramKiB();
        double sram = lk.sramNwPerKiB() == null || Double.isInfinite(kib) ? Double.NaN : kib * lk.sramNwPerKiB() * k;
        return new StaticPower(array, regs, sram);
    }

    private EnergyEvent dynamic(String name, String component, long count, String unit, double pjEach) {
        return new EnergyEvent(name, component, count, unit, pjEach, EnergyEvent.Kind.DYNAMIC, category(component));
    }

    /** What a dynamic component is spent on. */
    static EnergyEvent.Category category(String component) {
        if (component.equals("registers")) {
            return EnergyEvent.Category.REGISTERS;
        }
        if (component.endsWith("Sram")) {
            return EnergyEvent.Category.SRAM;
        }
        return component.equals("dram") ? EnergyEvent.Category.DRAM : EnergyEvent.Category.COMPUTE;
    }

    private void sram(List<EnergyEvent> e, String buffer, long readBits, long writeBits, double kib) {
        double k = technology.energyFactor();
        e.add(dynamic(buffer + "SramRead", buffer + "Sram", readBits, "bits", table.sramReadPjPerBit(kib) * k));
        e.add(dynamic(buffer + "SramWrite", buffer + "Sram", writeBits, "bits", table.sramWritePjPerBit(kib) * k));
    }

    /** The energy of one operation of a unit at the table's node, pJ (NaN when the table has no figure). */
    private double pj(Operation.Unit unit) {
        if (unit instanceof Operation.Multiplier m) {
            return table.multiplierPj(m.aBits(), m.bBits());
        }
        if (unit instanceof Operation.Shifter s) {
            return table.shifterPj(s.bits(), s.stages());
        }
        return table.adderPj(((Operation.Adder) unit).bits());
    }

    /** The area of a unit at the table's node, um^2 (NaN when the table has no figure). */
    public double areaUm2(Operation.Unit unit) {
        if (unit instanceof Operation.Multiplier m) {
            return table.multiplierAreaUm2(m.aBits(), m.bBits());
        }
        if (unit instanceof Operation.Shifter s) {
            return table.shifterAreaUm2(s.bits(), s.stages());
        }
        return table.adderAreaUm2(((Operation.Adder) unit).bits());
    }

    /** The units' area at the table's node, um^2; a unit the table cannot size counts 0 (and area() says so). */
    private double unitsUm2(List<Operation.Unit> units) {
        double sum = 0;
        for (Operation.Unit u : units) {
            double a = areaUm2(u);
            sum += Double.isNaN(a) ? 0 : a;
        }
        return sum;
    }

    /** The architecture's area at its node. */
    public AreaEstimate area() {
        List<String> notes = new ArrayList<>(this.pe.areaNotes());
        double k = technology.areaFactor();
        if (this.pe.units().stream().anyMatch(u -> Double.isNaN(areaUm2(u)))) {
            notes.add("shifters: the table has no shifter figure; PE area leaves them out");
        }
        double pe = unitsUm2(this.pe.units());
        if (table.registers().areaUm2PerBit() == null) {
            notes.add("registers: the table has no register area; PE area counts multipliers and adders only");
        } else {
            pe += registerBitsPerPe() * table.registers().areaUm2PerBit();
        }
        pe *= k;
        double edge = unitsUm2(this.pe.edgeUnitsPerRow()) * arch.array().rows() * k;
        double array = pe * arch.array().rows() * arch.array().cols() + edge;
        MemoryConfig m = arch.memory();
        double sram = (table.sramAreaUm2(m.ifmapSramKiB()) + table.sramAreaUm2(m.filterSramKiB())
                + table.sramAreaUm2(m.ofmapSramKiB())) * k;
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
