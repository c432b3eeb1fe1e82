package dev.qasim.report;

import dev.qasim.energy.EnergyEvent;
import dev.qasim.energy.LayerEnergy;
import dev.qasim.energy.RunEnergy;
import dev.qasim.engine.LayerResult;
import dev.qasim.engine.MemoryStats;
import dev.qasim.engine.OutputCheck;
import dev.qasim.engine.OverflowRecord;
import dev.qasim.engine.RunResult;
import dev.qasim.model.ops.PpuStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report of one run as the tree of interfaces.md: provenance, the resolved architecture, the workload,
 * the energy table and area, totals and one entry per layer. Every key is present; keys of models not in this
 * version (term pairs of MAC arrays, the post-processing unit) are null.
 *
 * @param provenance where the run came from
 * @param result     what was measured
 * @param workload   the workload's description ({@code name} first)
 * @param energy     the run priced, one entry per layer of {@code result}
 * @param postProcessing the post-processing unit's work per model node (empty for a workload of layers)
 * @param postCycles the post-processing unit's cycles (null for a workload of layers: no unit ran)
 */
public record RunReport(Provenance provenance, RunResult result, Map<String, Object> workload, RunEnergy energy,
                        List<PpuStats> postProcessing, Long postCycles) {

    public RunReport {
        postProcessing = List.copyOf(postProcessing);
    }

    /** The report of a workload of layers (no post-processing unit). */
    public RunReport(Provenance provenance, RunResult result, Map<String, Object> workload, RunEnergy energy) {
        this(provenance, result, workload, energy, List.of(), null);
    }

    /** The whole report tree, in the key order of interfaces.md. */
    public Map<String, Object> tree() {
        List<Object> layers = new ArrayList<>();
        for (int i = 0; i < result.layers().size(); i++) {
            layers.add(layerTree(i));
        }
        return Trees.of("qasimVersion", Version.get(), "provenance", provenance.tree(), "arch", result.arch().toTree(),
                "workload", workload, "energyModel", energyModel(), "totals", totals(), "notes", result.notes(),
                "layers", layers, "postProcessing", postProcessing.stream().map(p -> Trees.of("node", p.node(), "op", p.op(),
                        "laneOps", p.laneOps(), "cycles", p.cycles(), "overflowEvents", p.overflowEvents())).toList());
    }

    /** The table that priced the run, the area, and what could not be priced. */
    private Map<String, Object> energyModel() {
        var t = energy.table();
        var a = energy.area();
        return Trees.of("table", t.name(), "source", t.source(), "node", t.node(), "voltageV", t.voltageV(),
                "scope", t.scope(), "area", Trees.of("peUm2", a.peUm2(), "arrayUm2", a.arrayUm2(),
                        "sramUm2", finite(a.sramUm2()), "totalUm2", a.totalUm2()),
                "notes", energy.notes());
    }

    /** Energy of the whole run, pJ. */
    public double energyPj() {
        return energy.totalPj();
    }

    /** energyPj / (latencyUs * 1000). */
    static Double powerMw(double energyPj, double latencyUs) {
        return latencyUs == 0 ? null : energyPj / (latencyUs * 1000);
    }

    /** The totals of the run. */
    public Map<String, Object> totals() {
        RunResult r = result;
        return Trees.of("cycles", r.cycles(), "computeCycles", r.computeCycles(), "stallCycles", r.stallCycles(),
                "prefetchCycles", r.prefetchCycles(), "replayCycles", r.replayCycles(), "postCycles", postCycles,
                "macs", r.macs(), "termPairs", termTotal(true), "termPairsBudgeted", termTotal(false),
                "utilization", r.utilization(),
                "throughputGops", r.throughputGops(), "latencyUs", r.latencyUs(),
                "overflowEvents", valuesSimulated() ? r.overflowEvents() : null,
                "overflowedOutputs", valuesSimulated() ? r.overflowedOutputs() : null,
                "energyPj", energy.totalPj(), "areaUm2", energy.area().totalUm2(),
                "averagePowerMw", powerMw(energy.totalPj(), r.latencyUs()),
                "throughputGopsPerMm2", r.throughputGops() / (energy.area().totalUm2() / 1e6),
                "energyBreakdownPj", energy.breakdownPj(),
                "layers", r.layers().size(), "trappedLayers", r.layers().stream().filter(LayerResult::trapped).count());
    }

    /** The run's term pairs (or slots); null for a MAC array or a run without values. */
    private Long termTotal(boolean pairs) {
        long total = 0;
        for (LayerResult l : result.layers()) {
            if (l.terms() == null || (pairs && l.terms().pairs() == null)) {
                return null;
            }
            total += pairs ? l.terms().pairs() : l.terms().slots();
        }
        return total;
    }

    /** Whether every layer ran with its values (a shape-only run has no overflow counts or outputs). */
    public boolean valuesSimulated() {
        return result.layers().stream().allMatch(LayerResult::valuesSimulated);
    }

    /** One layer's entry. */
    Map<String, Object> layerTree(int index) {
        LayerResult l = result.layers().get(index);
        LayerEnergy e = energy.layers().get(index);
        OutputCheck o = l.output();
        boolean v = l.valuesSimulated();
        return Trees.of("name", l.name(), "type", l.type(), "groups", l.form().groups(), "m", l.form().m(),
                "n", l.form().n(), "k", l.form().k(), "folds", l.folds(), "lanes", l.lanes(),
                "cycles", l.cycles(), "computeCycles", l.computeCycles(), "stallCycles", l.stallCycles(),
                "prefetchCycles", l.prefetchCycles(), "replayCycles", l.replayCycles(), "postCycles", null,
                "macs", l.macs(), "termPairs", l.terms() == null ? null : l.terms().pairs(),
                "termPairsBudgeted", l.terms() == null ? null : l.terms().slots(), "utilization", l.utilization(),
                "throughputGops", l.throughputGops(), "latencyUs", l.latencyUs(),
                "valuesSimulated", v, "overflowEvents", v ? l.overflowEvents() : null,
                "overflowedOutputs", v ? l.overflowedOutputs() : null, "overflowRate", v ? l.overflowRate() : null, "energyPj", e.totalPj(), "areaUm2", energy.area().totalUm2(),
                "averagePowerMw", powerMw(e.totalPj(), l.latencyUs()), "energyBreakdownPj", e.breakdownPj(),
                "energyEvents", events(e), "registerWriteBits", l.registerWriteBits(),
                "laneSpeedup", l.trapped() || l.terms() != null ? null : l.laneSpeedup(),
                "termSerial", termTree(l),
                "replay", Trees.of("foldsReplayed", l.replay().foldsReplayed(), "replayMacs", l.replay().macs(),
                        "wideAccumulatorBits", l.replay().foldsReplayed() == 0 ? null : l.replay().wideBits()),
                "accumulatorBounds", bounds(l, result.arch().pe().accumulatorBits()), "trapped", l.trapped(), "trapEvent", l.trap() == null ? null : event(l.trap()),
                "output", Trees.of("checked", o.checked(), "bitExact", o.bitExact(), "maxAbsError", o.maxAbsError(),
                        "sqnrDb", o.sqnrDb()),
                "memory", memory(l.memory()),
                "overflowEventsPerChannel", v ? Arrays.stream(l.eventsPerChannel()).boxed().toList() : null,
                "firstOverflowEvents", l.firstEvents().stream().map(RunReport::event).toList());
    }

    /** A term-serial layer's term pairs two ways and its baselines (null for MAC PEs). */
    private static Map<String, Object> termTree(LayerResult l) {
        var t = l.terms();
        if (t == null) {
            return null;
        }
        return Trees.of("termPairs", t.pairs(), "termPairSlots", t.slots(), "slotUtilization", t.slotUtilization(),
                "costModelConventionalPairs", t.conventionalPairs(), "costModelBudgetedPairs", t.budgetedPairs(),
                "macArrayComputeCycles", t.macArrayComputeCycles(), "speedupVsMacArray",
                (double) t.macArrayComputeCycles() / l.computeCycles(), "bitSerialComputeCycles", t.bitSerialComputeCycles(),
                "speedupVsBitSerial", (double) t.bitSerialComputeCycles() / l.computeCycles(),
                "pairReductionVsConventional", t.pairs() == null || t.pairs() == 0 ? null : (double) t.conventionalPairs() / t.pairs());
    }

    /** The accumulator's width beside the widths each bound asks for (quantization.md). */
    private static Map<String, Object> bounds(LayerResult l, int accumulatorBits) {
        var b = l.bounds();
        return Trees.of("accumulatorBits", accumulatorBits, "dataTypeWorstCase", b.dataTypeWorstCase(), "dataTypeBits", b.dataTypeBits(),
                "a2qDataTypeBits", b.a2qDataTypeBits(), "maxChannelL1", b.maxChannelL1(), "l1Bound", b.l1Bound(),
                "l1Bits", b.l1Bits(), "a2qWeightBits", b.a2qWeightBits(), "observedMinPartialSum", b.observedMin(),
                "observedMaxPartialSum", b.observedMax(), "observedBits", b.observedBits());
    }

    private static Map<String, Object> events(LayerEnergy e) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (EnergyEvent ev : e.events()) {
            out.put(ev.name(), Trees.of("component", ev.component(), "count", ev.count(), "unit", ev.unit(),
                    "energyPjEach", finite(ev.pjEach()), "energyPj", ev.priced() ? ev.pj() : null));
        }
        return out;
    }

    private static Double finite(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private static Map<String, Object> memory(MemoryStats m) {
        return Trees.of("ifmapSramReadBits", m.ifmapReadBits(), "ifmapSramWriteBits", m.ifmapWriteBits(),
                "filterSramReadBits", m.filterReadBits(), "filterSramWriteBits", m.filterWriteBits(),
                "ofmapSramReadBits", m.ofmapReadBits(), "ofmapSramWriteBits", m.ofmapWriteBits(),
                "dramDataReadBits", m.dramDataReadBits(), "dramWeightReadBits", m.dramWeightReadBits(),
                "dramPsumReadBits", m.dramPsumReadBits(), "dramPsumWriteBits", m.dramPsumWriteBits(),
                "dramOutputWriteBits", m.dramOutputWriteBits(), "spilledPsumBits", m.spilledPsumBits());
    }

    static Map<String, Object> event(OverflowRecord e) {
        return Trees.of("fold", e.fold(), "peRow", e.row(), "peCol", e.col(), "lane", e.lane(), "cycle", e.cycle(), "group", e.group(),
                "m", e.m(), "n", e.n(), "k", e.k(), "term", e.term(), "before", e.before(), "addend", e.addend(), "result", e.result());
    }

    /** The keys of a trap event, for rows of layers that did not trap. */
    private static final List<String> EVENT_KEYS = List.copyOf(event(new OverflowRecord(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)).keySet());

    /**
     * One flat row per layer (nested keys dotted, lists left out): the CSV's rows. Every run gives the same keys
     * in the same order, so rows of many runs line up (a sweep's table): a layer that did not trap has null
     * {@code trapEvent.*} cells, and an energy component the table cannot price a null
     * {@code energyBreakdownPj.*} cell.
     */
    public List<Map<String, Object>> flatLayers() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < result.layers().size(); i++) {
            Map<String, Object> tree = layerTree(i);
            tree.remove("energyEvents"); // per-event detail stays in report.json; the breakdown is in the row
            tree.put("energyBreakdownPj", energy.layers().get(i).componentsPj());
            if (tree.get("trapEvent") == null) {
                Map<String, Object> none = new LinkedHashMap<>();
                EVENT_KEYS.forEach(k -> none.put(k, null));
                tree.put("trapEvent", none);
            }
            rows.add(Trees.flatten(tree));
        }
        return rows;
    }

    /** The totals as one flat row (nested keys dotted), with keys as stable as {@link #flatLayers()}'s. */
    public Map<String, Object> flatTotals() {
        Map<String, Object> totals = totals();
        totals.put("energyBreakdownPj", energy.componentsPj());
        return Trees.flatten(totals);
    }
}
