package dev.qasim.report;

import dev.qasim.engine.LayerResult;
import dev.qasim.engine.MemoryStats;
import dev.qasim.engine.OutputCheck;
import dev.qasim.engine.OverflowRecord;
import dev.qasim.engine.RunResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The report of one run as the tree of interfaces.md: provenance, the resolved architecture, the workload,
 * totals and one entry per layer. Every key is present; keys of models not in this version (energy, area,
 * term pairs of MAC arrays, the post-processing unit) are null.
 *
 * @param provenance where the run came from
 * @param result     what was measured
 * @param workload   the workload's description ({@code name} first)
 */
public record RunReport(Provenance provenance, RunResult result, Map<String, Object> workload) {

    /** The whole report tree, in the key order of interfaces.md. */
    public Map<String, Object> tree() {
        List<Object> layers = new ArrayList<>();
        for (LayerResult l : result.layers()) {
            layers.add(layerTree(l));
        }
        return Trees.of("qasimVersion", Version.get(), "provenance", provenance.tree(), "arch", result.arch().toTree(),
                "workload", workload, "totals", totals(), "notes", result.notes(), "layers", layers);
    }

    /** The totals of the run. */
    public Map<String, Object> totals() {
        RunResult r = result;
        return Trees.of("cycles", r.cycles(), "computeCycles", r.computeCycles(), "stallCycles", r.stallCycles(),
                "prefetchCycles", r.prefetchCycles(), "replayCycles", r.replayCycles(), "postCycles", null,
                "macs", r.macs(), "termPairs", null, "termPairsBudgeted", null, "utilization", r.utilization(),
                "throughputGops", r.throughputGops(), "latencyUs", r.latencyUs(),
                "overflowEvents", r.overflowEvents(), "overflowedOutputs", r.overflowedOutputs(),
                "energyPj", null, "areaUm2", null, "averagePowerMw", null,
                "layers", r.layers().size(), "trappedLayers", r.layers().stream().filter(LayerResult::trapped).count());
    }

    /** One layer's entry. */
    static Map<String, Object> layerTree(LayerResult l) {
        OutputCheck o = l.output();
        return Trees.of("name", l.name(), "type", l.type(), "groups", l.form().groups(), "m", l.form().m(),
                "n", l.form().n(), "k", l.form().k(), "folds", l.folds(), "lanes", l.lanes(),
                "cycles", l.cycles(), "computeCycles", l.computeCycles(), "stallCycles", l.stallCycles(),
                "prefetchCycles", l.prefetchCycles(), "replayCycles", l.replayCycles(), "postCycles", null,
                "macs", l.macs(), "termPairs", null, "termPairsBudgeted", null, "utilization", l.utilization(),
                "throughputGops", l.throughputGops(), "latencyUs", l.latencyUs(),
                "overflowEvents", l.overflowEvents(), "overflowedOutputs", l.overflowedOutputs(),
                "overflowRate", l.overflowRate(), "energyPj", null, "areaUm2", null, "averagePowerMw", null,
                "energyBreakdownPj", null, "trapped", l.trapped(), "trapEvent", l.trap() == null ? null : event(l.trap()),
                "output", Trees.of("checked", o.checked(), "bitExact", o.bitExact(), "maxAbsError", o.maxAbsError(),
                        "sqnrDb", o.sqnrDb()),
                "memory", memory(l.memory()),
                "overflowEventsPerChannel", Arrays.stream(l.eventsPerChannel()).boxed().toList(),
                "firstOverflowEvents", l.firstEvents().stream().map(RunReport::event).toList());
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
                "m", e.m(), "n", e.n(), "k", e.k(), "before", e.before(), "addend", e.addend(), "result", e.result());
    }

    /** One flat row per layer (nested keys dotted, lists left out): the CSV's rows. */
    public List<Map<String, Object>> flatLayers() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (LayerResult l : result.layers()) {
            rows.add(Trees.flatten(layerTree(l)));
        }
        return rows;
    }
}
