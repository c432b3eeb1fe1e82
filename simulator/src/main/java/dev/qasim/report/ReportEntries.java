package dev.qasim.report;

import dev.qasim.energy.EnergyEvent;
import dev.qasim.energy.LayerEnergy;
import dev.qasim.energy.NodeScaling;
import dev.qasim.energy.RunEnergy;
import dev.qasim.engine.LayerResult;
import dev.qasim.engine.MemoryStats;
import dev.qasim.engine.OutputCheck;
import dev.qasim.engine.OverflowEvent;
import dev.qasim.engine.RunResult;
import dev.qasim.model.ops.PpuStats;
import dev.qasim.workload.Workload;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * Builds the report's records from what the engine and the energy model measured. This is the one place the
 * report reads {@link LayerResult} and {@link RunResult}, so a change of their accessors is one edit here.
 * Counts that need values are null for a layer that ran without them (shape only).
 */
public final class ReportEntries {
    private ReportEntries() {}

    /** report.json of a run. */
    public static ReportDocument document(RunReport report) {
        RunResult r = report.result();
        RunEnergy energy = report.energy();
        List<LayerEntry> layers = IntStream.range(0, r.layers().size())
                .mapToObj(i -> layer(r, i, energy, energy.layers().get(i).breakdownPj())).toList();
        List<ReportDocument.PostProcessing> post = report.postProcessing().stream().map(ReportEntries::postProcessing).toList();
        return new ReportDocument(ReportDocument.SCHEMA_VERSION, Version.get(), report.provenance(), ReportArch.of(r.arch()),
                report.workload(), energyModel(energy), totals(r, energy, energy.breakdownPj(), report.postCycles()),
                r.notes(), layers, post);
    }

    /** The workload as report.json describes it. */
    public static ReportDocument.Workload workload(Workload w) {
        return new ReportDocument.Workload(w.name(), w.source().toString(), w.layers().size(), w.macs());
    }

    private static ReportDocument.PostProcessing postProcessing(PpuStats p) {
        return new ReportDocument.PostProcessing(p.node(), p.op(), p.laneOps(), p.multiplies(), p.cycles(), p.overflowEvents());
    }

    private static ReportDocument.EnergyModel energyModel(RunEnergy energy) {
        var t = energy.table();
        var a = energy.area();
        var tech = energy.technology();
        NodeScaling factors = NodeScaling.stillmakerBaas();
        ReportDocument.Scaling scaling = !tech.scaled() ? null : new ReportDocument.Scaling(factors.source(), factors.tables(),
                tech.energyFactor(), tech.areaFactor(), tech.staticFactor(), tech.dramFactor());
        var p = energy.staticPower();
        return new ReportDocument.EnergyModel(t.name(), t.source(), t.corner().node(), t.corner().voltageV(), t.scope(),
                new ReportDocument.PricedAt(finite(tech.nodeNm()), tech.supplyV(), scaling),
                new ReportDocument.Area(a.peUm2(), a.arrayUm2(), finite(a.sramUm2()), a.totalUm2()),
                new ReportDocument.StaticPower(mw(p.arrayNw()), mw(p.registerNw()), mw(p.sramNw()), p.totalNw() / 1e6),
                energy.notes());
    }

    /** nW to mW; null for NaN (unpriced). */
    private static Double mw(double nw) {
        return Double.isNaN(nw) ? null : nw / 1e6;
    }

    /** Energy, area and power of a run or a layer. */
    private static Counters.Power power(double energyPj, double areaUm2, double latencyUs, double dynamicPj, double staticPj,
                                        Map<EnergyEvent.Kind, Map<EnergyEvent.Category, Double>> split) {
        return new Counters.Power(energyPj, areaUm2, powerMw(energyPj, latencyUs), dynamicPj, staticPj,
                new Counters.Split(spent(split.get(EnergyEvent.Kind.DYNAMIC)), spent(split.get(EnergyEvent.Kind.STATIC))));
    }

    private static Counters.Spent spent(Map<EnergyEvent.Category, Double> c) {
        return new Counters.Spent(c.get(EnergyEvent.Category.COMPUTE), c.get(EnergyEvent.Category.REGISTERS),
                c.get(EnergyEvent.Category.SRAM), c.get(EnergyEvent.Category.DRAM));
    }

    /**
     * The totals of a workload of layers (no post-processing unit ran).
     *
     * @param breakdown the energy components to show (the priced ones, or every one for a row)
     */
    static Totals totals(RunResult r, RunEnergy energy, Map<String, Double> breakdown) {
        return totals(r, energy, breakdown, null);
    }

    /**
     * The totals of a run.
     *
     * @param breakdown  the energy components to show (the priced ones, or every one for a row)
     * @param postCycles the post-processing unit's cycles; null when none ran
     */
    static Totals totals(RunResult r, RunEnergy energy, Map<String, Double> breakdown, @Nullable Long postCycles) {
        boolean v = valuesSimulated(r);
        double area = energy.area().totalUm2();
        long latency = r.latencyCycles() + (postCycles == null ? 0 : postCycles);
        double latencyUs = latency / r.arch().clockMHz();
        return new Totals(new Counters.Cycles(r.cycles(), r.computeCycles(), r.stallCycles(), r.prefetchCycles(),
                r.replayCycles(), postCycles, latency),
                new Counters.Work(r.macs(), termTotal(r, true), termTotal(r, false), Counters.NonzeroPairs.of(r.nonzeroTermPairs()),
                        r.utilization(), r.throughputGops(), latencyUs),
                v ? r.overflowEvents() : null, v ? r.overflowedOutputs() : null,
                power(energy.totalPj(), area, latencyUs, energy.kindPj(EnergyEvent.Kind.DYNAMIC),
                        energy.kindPj(EnergyEvent.Kind.STATIC), energy.split()),
                r.throughputGops() / (area / 1e6), breakdown, r.layers().size(),
                r.layers().stream().filter(LayerResult::trapped).count());
    }

    /**
     * The aggregates of a run in the layer keys of the same name, for a sweep's totals row ({@link TotalsRow}):
     * the output keys are null unless every layer's outputs were checked.
     */
    static TotalsRow totalsRow(RunResult r, RunEnergy energy) {
        List<LayerResult> layers = r.layers();
        boolean v = valuesSimulated(r);
        boolean checked = layers.stream().allMatch(l -> l.output().checked());
        boolean trapped = layers.stream().anyMatch(LayerResult::trapped);
        long compute = r.computeCycles();
        Double laneSpeedup = trapped || compute == 0 ? null
                : (double) layers.stream().mapToLong(l -> l.timing().computeCyclesOneLane()).sum() / compute;
        List<OutputCheck> outputs = layers.stream().map(LayerResult::output).toList();
        LayerEntry.Output output = new LayerEntry.Output(checked,
                checked ? outputs.stream().allMatch(o -> o.bitExact()) : null,
                checked ? outputs.stream().mapToLong(OutputCheck::maxAbsError).max().orElse(0) : null,
                checked ? outputs.stream().map(OutputCheck::sqnrDb).filter(s -> s != null).min(Double::compare).orElse(null) : null);
        return new TotalsRow(TotalsRow.NAME, totals(r, energy, energy.componentsPj()), r.arch().pe().lanes(), v,
                v && r.macs() > 0 ? (double) r.overflowEvents() / r.macs() : null, trapped, laneSpeedup, output);
    }

    /** Whether every layer ran with its values (a shape-only run has no overflow counts or outputs). */
    private static boolean valuesSimulated(RunResult r) {
        return r.layers().stream().allMatch(LayerResult::valuesSimulated);
    }

    /** The run's term pairs (or slots); null for a MAC array or a run without values. */
    private static Long termTotal(RunResult r, boolean pairs) {
        long total = 0;
        for (LayerResult l : r.layers()) {
            if (l.terms() == null || (pairs && l.terms().pairs() == null)) {
                return null;
            }
            total += pairs ? l.terms().pairs() : l.terms().slots();
        }
        return total;
    }

    /** energyPj / (latencyUs * 1000); null when the latency is 0. */
    private static Double powerMw(double energyPj, double latencyUs) {
        return latencyUs == 0 ? null : energyPj / (latencyUs * 1000);
    }

    /**
     * One layer's entry.
     *
     * @param breakdown the energy components to show (the priced ones, or every one for a row)
     */
    static LayerEntry layer(RunResult run, int index, RunEnergy energy, Map<String, Double> breakdown) {
        LayerResult l = run.layers().get(index);
        LayerEnergy e = energy.layers().get(index);
        boolean v = l.valuesSimulated();
        var f = l.form();
        var t = l.terms();
        return new LayerEntry(new LayerEntry.Shape(l.name(), l.type(), f.groups(), f.m(), f.n(), f.k(), l.folds(), l.lanes()),
                Counters.Cycles.ofLayer(l.cycles(), l.computeCycles(), l.stallCycles(), l.prefetchCycles(), l.replayCycles()),
                new Counters.Work(l.macs(), t == null ? null : t.pairs(), t == null ? null : t.slots(),
                        Counters.NonzeroPairs.of(l.nonzeroTermPairs()), l.utilization(), l.throughputGops(), l.latencyUs()),
                new LayerEntry.Overflow(v, v ? l.overflowEvents() : null, v ? l.overflowedOutputs() : null,
                        v ? l.overflowRate() : null),
                power(e.totalPj(), energy.area().totalUm2(), l.latencyUs(), e.kindPj(EnergyEvent.Kind.DYNAMIC),
                        e.kindPj(EnergyEvent.Kind.STATIC), e.split()),
                breakdown, events(e), datapath(l, run.arch().pe().accumulatorBits()), checks(l));
    }

    private static LayerEntry.Datapath datapath(LayerResult l, int accumulatorBits) {
        var r = l.replay();
        var b = l.bounds();
        return new LayerEntry.Datapath(l.registerWriteBits(), l.trapped() || l.terms() != null ? null : l.laneSpeedup(),
                termSerial(l), new LayerEntry.Replay(r.foldsReplayed(), r.macs(), r.foldsReplayed() == 0 ? null : r.wideBits()),
                new LayerEntry.AccumulatorBounds(accumulatorBits,
                        new LayerEntry.DataTypeBound(b.dataTypeWorstCase(), b.dataTypeBits(), b.a2qDataTypeBits()),
                        new LayerEntry.WeightBound(b.maxChannelL1(), b.l1Bound(), b.l1Bits(), b.a2qWeightBits()),
                        new LayerEntry.Observed(b.observedMin(), b.observedMax(), b.observedBits())));
    }

    /** A term-serial layer's term pairs two ways and its baselines; null for MAC PEs. */
    private static LayerEntry.TermSerial termSerial(LayerResult l) {
        var t = l.terms();
        if (t == null) {
            return null;
        }
        return new LayerEntry.TermSerial(t.pairs(), t.slots(), t.slotUtilization(), t.conventionalPairs(), t.budgetedPairs(),
                t.macArrayComputeCycles(), (double) t.macArrayComputeCycles() / l.computeCycles(), t.bitSerialComputeCycles(),
                (double) t.bitSerialComputeCycles() / l.computeCycles(),
                t.budgetedPairs() == null || t.budgetedPairs() == 0 ? null : (double) t.conventionalPairs() / t.budgetedPairs());
    }

    private static LayerEntry.Checks checks(LayerResult l) {
        OutputCheck o = l.output();
        MemoryStats m = l.memory();
        MemoryStats.DramTraffic d = m.dram();
        return new LayerEntry.Checks(l.trapped(), l.trap() == null ? null : event(l.trap()),
                new LayerEntry.Output(o.checked(), o.bitExact(), o.maxAbsError(), o.sqnrDb()),
                new LayerEntry.Memory(new LayerEntry.Sram(m.ifmap().readBits(), m.ifmap().writeBits(), m.filter().readBits(),
                        m.filter().writeBits(), m.ofmap().readBits(), m.ofmap().writeBits()),
                        new LayerEntry.Dram(d.dataReadBits(), d.weightReadBits(), d.psumReadBits(), d.psumWriteBits(),
                                d.outputWriteBits(), d.spilledPsumBits())),
                l.valuesSimulated() ? Arrays.stream(l.eventsPerChannel()).boxed().toList() : null,
                l.firstEvents().stream().map(ReportEntries::event).toList());
    }

    private static Map<String, LayerEntry.EnergyEvent> events(LayerEnergy e) {
        Map<String, LayerEntry.EnergyEvent> out = new LinkedHashMap<>();
        for (EnergyEvent ev : e.events()) {
            out.put(ev.name(), new LayerEntry.EnergyEvent(ev.component(), ev.count(), ev.unit(), finite(ev.pjEach()),
                    ev.priced() ? ev.pj() : null, ev.kind().name().toLowerCase(java.util.Locale.ROOT), ev.category().label()));
        }
        return out;
    }

    private static LayerEntry.OverflowEvent event(OverflowEvent e) {
        OverflowEvent.Where w = e.where();
        OverflowEvent.Product p = e.product();
        OverflowEvent.Sum s = e.sum();
        return new LayerEntry.OverflowEvent(new LayerEntry.Where(w.fold(), w.row(), w.col(), w.lane(), w.cycle()),
                new LayerEntry.Index(p.group(), p.m(), p.n(), p.k(), p.term()), new LayerEntry.Values(s.before(), s.addend(), s.result()));
    }

    private static Double finite(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
