package dev.qasim.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.qasim.config.ArchConfig;
import dev.qasim.config.ArchLoader;
import dev.qasim.engine.Engine;
import dev.qasim.engine.EngineOptions;
import dev.qasim.engine.RunResult;
import dev.qasim.engine.Simulator;
import dev.qasim.input.YamlDocument;
import dev.qasim.input.YamlFiles;
import dev.qasim.workload.Workload;
import dev.qasim.workload.WorkloadLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EnergyModelTest {
    static final Path HOME = Path.of(System.getProperty("qasim.home", ".."));
    static ArchConfig arch;
    static RunResult run;

    @BeforeAll
    static void runAWorkload() {
        // small buffers and a finite link, so every component has something to price
        arch = ArchLoader.load(HOME.resolve("arch-configs/tpu-like-int8.yaml"), List.of("array.rows=16", "array.cols=16",
                "memory.ofmapSramKiB=1", "memory.ifmapSramKiB=8", "memory.filterSramKiB=256"));
        Workload w = WorkloadLoader.load(HOME.resolve("workloads/resnet18.yaml"));
        Simulator sim = new Simulator(arch, Engine.Kind.FAST, EngineOptions.defaults(), false);
        run = sim.run(w.name(), w.layers().subList(0, 4), WorkloadLoader::values, null);
    }

    static EnergyTable table(String yaml) {
        YamlDocument doc = YamlDocument.of("test", YamlFiles.parseMapping(yaml, "test"));
        return EnergyTables.build(doc, "test");
    }

    static String shipped() throws Exception {
        return Files.readString(HOME.resolve("arch-configs/energy/horowitz-45nm.yaml"));
    }

    @Test
    void eachComponentIsItsCountTimesTheSourceTablesFigure() throws Exception {
        // figures read off Horowitz (ISSCC 2014) by hand, not from qasim's table code: an 8x8 multiply 0.2 pJ, a
        // 32-bit add 0.1 pJ, a 64-bit read of an 8 KB SRAM 10 pJ and of a 1 MB one 100 pJ (256 KiB lies between the
        // 32 KB and 1 MB points: 20 + (100 - 20) * log2(256/32) / log2(1024/32) = 68 pJ), writes priced as reads,
        // DRAM 1.3 nJ per 64 bits
        EnergyModel model = new EnergyModel(table(shipped()), arch);
        for (var layer : run.layers()) {
            Map<String, Double> pj = model.price(layer).breakdownPj();
            var m = layer.memory();
            assertThat(pj.get("multipliers")).isCloseTo(layer.macs() * 0.2, within(1e-6 * layer.macs()));
            assertThat(pj.get("accumulators")).isCloseTo(layer.macs() * 0.1, within(1e-6 * layer.macs()));
            double ifmapBits = m.ifmap().readBits() + m.ifmap().writeBits();
            assertThat(pj.get("ifmapSram")).isCloseTo(ifmapBits * 10 / 64, within(1e-6 * (1 + ifmapBits)));
            double filterBits = m.filter().readBits() + m.filter().writeBits();
            assertThat(pj.get("filterSram")).isCloseTo(filterBits * 68 / 64, within(1e-6 * (1 + filterBits)));
            assertThat(pj.get("dram")).isCloseTo(m.dram().bits() * 1300.0 / 64, within(1e-6 * (1 + m.dram().bits())));
        }
    }

    @Test
    void aMacIsOneMultiplyAtTheMultipliersWidthAndOneAdditionAtTheAccumulators() throws Exception {
        EnergyTable t = table(shipped());
        LayerEnergy e = new EnergyModel(t, arch).price(run.layers().get(0));
        assertThat(e.breakdownPj().get("multipliers")).isEqualTo(run.layers().get(0).macs() * t.multiplierPj(8, 8), within(1e-3));
        assertThat(e.breakdownPj().get("accumulators")).isEqualTo(run.layers().get(0).macs() * t.adderPj(32), within(1e-3));
    }

    /** Every table entry and the components that use it. */
    static final Map<String, String[]> ENTRY_USES = Map.of(
            "energyPj: 0.2,", new String[] {"energyPj: 0.25,", "multipliers"},
            "energyPj: 0.1,", new String[] {"energyPj: 0.12,", "accumulators"},
            "readPj64: 10,", new String[] {"readPj64: 12,", "ifmapSram"},
            "readPj64: 20,", new String[] {"readPj64: 25,", "filterSram"},
            "{ value: 20.3125,", new String[] {"{ value: 30,", "dram"},
            "pjPerBit: { value: 0.00747,", new String[] {"pjPerBit: { value: 0.01,", "registers"},
            "logicNwPerUm2: { value: 14.5647,", new String[] {"logicNwPerUm2: { value: 15,", "arrayStatic"},
            "registerNwPerBit: { value: 64.7283,", new String[] {"registerNwPerBit: { value: 70,", "registerStatic"},
            "sramNwPerKiB: { value: 58941.1,", new String[] {"sramNwPerKiB: { value: 60000,", "sramStatic"});

    @Test
    void changingOneTableEntryChangesExactlyTheComponentsThatUseIt() throws Exception {
        // ifmap 8 KiB uses the 8 KiB point only; filter 256 KiB sits between the 32 KiB and 1 MiB points; ofmap
        // 1 KiB is held at the 8 KiB point too
        Map<String, Double> base = RunEnergy.price(new EnergyModel(table(shipped()), arch), run).breakdownPj();
        for (Map.Entry<String, String[]> change : ENTRY_USES.entrySet()) {
            String yaml = shipped().replace(change.getKey(), change.getValue()[0]);
            assertThat(yaml).as(change.getKey()).isNotEqualTo(shipped());
            Map<String, Double> changed = RunEnergy.price(new EnergyModel(table(yaml), arch), run).breakdownPj();
            Set<String> differ = new java.util.TreeSet<>();
            for (String c : changed.keySet()) {
                if (!changed.get(c).equals(base.get(c))) {
                    differ.add(c);
                }
            }
            Set<String> expected = change.getValue()[1].equals("ifmapSram") ? Set.of("ifmapSram", "ofmapSram")
                    : Set.of(change.getValue()[1]);
            assertThat(differ).as("changing " + change.getKey()).isEqualTo(expected);
        }
    }

    @Test
    void areaCountsEveryLanesMultiplierAndAdderAndTheBuffers() throws Exception {
        EnergyTable t = table(shipped());
        ArchConfig two = ArchLoader.load(HOME.resolve("arch-configs/tpu-like-int8.yaml"), List.of("pe.accumulatorBits=16"));
        AreaEstimate a = new EnergyModel(t, two).area();
        // two lanes of an 8x8 multiplier (282 um^2, the source's) and a 16-bit adder (36 + (137 - 36) * 8 / 24 um^2),
        // and the registers of a ws PE with 2 lanes: a stream register of 8 bits, per lane active, shadow and
        // pipeline registers of 8 bits and a 16-bit partial sum: 8 + 2 * (3 * 8 + 16) = 88 bits of 4.522 um^2
        double adder16 = 36 + (137 - 36) * 8.0 / 24;
        assertThat(a.peUm2()).isEqualTo(2 * (282 + adder16) + 88 * 4.522, within(1e-9));
        assertThat(a.arrayUm2()).isEqualTo(128 * 128 * a.peUm2(), within(1e-6));
        assertThat(a.sramUm2()).isEqualTo((8192 + 1024 + 4096) * 1024 * 8 * 0.494, within(1.0));
        assertThat(a.notes()).noneSatisfy(n -> assertThat(n).contains("registers"));
    }
}
