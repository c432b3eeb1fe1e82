package dev.qasim.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/energy.md's worked example, "one layer end to end": the report of the 64 x 64 x 64 GEMM on
 * edge-os-16x16 holds the numbers the page derives by hand from the table (and, at 7 nm and 0.7 V, from the
 * published factors).
 */
class WorkedExampleTest {

    private static LayerEntry layer(List<String> set) {
        return ReportEntries.document(HtmlReportTest.report("arch-configs/edge-os-16x16.yaml", "workloads/gemm-64.yaml", set))
                .layers().get(0);
    }

    private static double pj(LayerEntry l, String event) {
        return l.energyEvents().get(event).energyPj();
    }

    @Test
    void theLayerAtTheTablesOwnNodeHoldsThePagesNumbers() {
        LayerEntry l = layer(List.of());
        Map<String, LayerEntry.EnergyEvent> e = l.energyEvents();
        assertThat(e.get("multiply").count()).isEqualTo(262_144);
        assertThat(pj(l, "multiply")).isEqualTo(262_144 * 0.2, within(1e-6));
        assertThat(pj(l, "accumulate")).isEqualTo(262_144 * (0.03 + 0.07 * 8 / 24), within(1e-6));
        assertThat(e.get("registerWrite").count()).isEqualTo(7_340_032);
        assertThat(pj(l, "registerWrite")).isEqualTo(7_340_032 * 0.00747, within(1e-6));
        assertThat(e.get("ifmapSramRead").energyPjEach()).isEqualTo(36.0 / 64);
        assertThat(e.get("ofmapSramRead").energyPjEach()).isEqualTo(20.0 / 64);
        assertThat(pj(l, "ifmapSramRead") + pj(l, "ifmapSramWrite")).isEqualTo(55_296.0);
        assertThat(pj(l, "filterSramRead") + pj(l, "filterSramWrite")).isEqualTo(92_160.0);
        assertThat(pj(l, "ofmapSramRead") + pj(l, "ofmapSramWrite")).isEqualTo(20_480.0);
        assertThat(pj(l, "dramDataRead") + pj(l, "dramWeightRead") + pj(l, "dramOutputWrite")).isEqualTo(1_996_800.0);
        assertThat(l.power().dynamicEnergyPj()).isEqualTo(2_285_975.9, within(0.05));
        // static: 12.9809 mW over 1,566 cycles at 500 MHz
        assertThat(l.cycles().latencyCycles()).isEqualTo(1_566);
        double staticMw = 180_053.333 * 14.5647e-6 + 14_336 * 64.7283e-6 + 160 * 58_941.1e-6;
        assertThat(staticMw).isEqualTo(12.9809, within(5e-5));
        assertThat(l.power().staticEnergyPj()).isEqualTo(staticMw * 1_566 / 500 * 1000, within(0.05));
        assertThat(l.power().staticEnergyPj()).isEqualTo(40_656.3, within(0.05));
        assertThat(l.power().energySplitPj().statik().compute()).isEqualTo(8_213.4, within(0.05));
        assertThat(l.power().energySplitPj().statik().registers()).isEqualTo(2_906.3, within(0.05));
        assertThat(l.power().energySplitPj().statik().sram()).isEqualTo(29_536.6, within(0.05));
        assertThat(l.power().energyPj()).isEqualTo(2_326_632.2, within(0.05));
        assertThat(l.power().averagePowerMw()).isEqualTo(742.9, within(0.05));
        assertThat(l.power().energySplitPj().dynamic().compute()).isEqualTo(66_409.8, within(0.05));
    }

    @Test
    void theLayerAt7NanometresAnd07VoltsHoldsThePagesNumbers() {
        LayerEntry l = layer(List.of("energy.technologyNm=7", "energy.supplyV=0.7"));
        Counters.Spent d = l.power().energySplitPj().dynamic();
        assertThat(d.compute() + d.registers() + d.sram()).isEqualTo(19_785.3, within(0.05));
        assertThat(d.dram()).isEqualTo(1_996_800.0);
        assertThat(l.power().staticEnergyPj()).isEqualTo(1_865.7, within(0.05));
        assertThat(l.power().energyPj()).isEqualTo(2_018_451.0, within(0.05));
    }
}
