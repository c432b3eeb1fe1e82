package dev.qasim.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.qasim.config.ArchConfig;
import dev.qasim.config.ArchLoader;
import dev.qasim.engine.Engine;
import dev.qasim.engine.EngineOptions;
import dev.qasim.engine.LayerResult;
import dev.qasim.engine.RunResult;
import dev.qasim.engine.Simulator;
import dev.qasim.input.Problem;
import dev.qasim.workload.Workload;
import dev.qasim.workload.WorkloadLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each formula of the energy model against numbers derived by hand from the source figures (Horowitz's table and
 * the NanGate 45 nm cells' figures as docs/energy.md derives them), not from qasim's output.
 */
class StaticAndEventsTest {
    static final Path HOME = Path.of(System.getProperty("qasim.home", ".."));
    /** Leakage at 0.9 V, nW: FA_X1 per um^2, DFF_X1 per bit, per SRAM KiB (0.494 um^2 per bit). */
    static final double LOGIC = 75.762253 / 4.256 * 0.9 / 1.1;
    static final double REGISTER = 79.112308 * 0.9 / 1.1;
    static final double SRAM_KIB = LOGIC * 0.494 * 8192;
    /** A register bit written, pJ (docs/energy.md: the DFF_X1 clock, mean of four cases, at 0.9 V). */
    static final double REGISTER_PJ = 0.00747;

    private static RunResult run(ArchConfig arch, String workload, int layers) {
        Workload w = WorkloadLoader.load(HOME.resolve(workload));
        return new Simulator(arch, Engine.Kind.FAST, EngineOptions.defaults(), false)
                .run(w.name(), w.layers().subList(0, layers), WorkloadLoader::values, null);
    }

    private static EnergyEvent event(LayerEnergy e, String name) {
        return e.events().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void staticPowerIsLeakagePerUm2OfArithmeticPerRegisterBitAndPerKiBTimesTheLatency() {
        // 16 x 16 ws MAC PEs at 500 MHz: an 8x8 multiplier (282 um^2) and a 32-bit adder (137 um^2) each; 64 register
        // bits each (a stream register of 8, active, shadow and pipeline registers of 8, a 32-bit partial sum);
        // 64 + 32 + 16 KiB of SRAM
        ArchConfig arch = ArchLoader.load(HOME.resolve("arch-configs/tpu-like-int8.yaml"), List.of("array.rows=16",
                "array.cols=16", "clockMHz=500", "memory.ifmapSramKiB=64", "memory.filterSramKiB=32", "memory.ofmapSramKiB=16"));
        EnergyModel model = new EnergyModel(EnergyTables.load("horowitz-45nm", null), arch);
        double arrayNw = 256 * (282 + 137) * LOGIC;
        double registerNw = 256 * 64 * REGISTER;
        double sramNw = (64 + 32 + 16) * SRAM_KIB;
        EnergyModel.StaticPower p = model.staticPower();
        assertThat(p.arrayNw()).isEqualTo(arrayNw, within(arrayNw * 1e-5)); // the table holds 14.5647, rounded
        assertThat(p.registerNw()).isEqualTo(registerNw, within(registerNw * 1e-5));
        assertThat(p.sramNw()).isEqualTo(sramNw, within(sramNw * 1e-5));
        RunResult r = run(arch, "workloads/gemm-64.yaml", 1);
        LayerResult layer = r.layers().get(0);
        LayerEnergy e = model.price(layer);
        // nW over latencyCycles / 500 MHz microseconds: nW x us = 1e-3 pJ
        double us = layer.latencyCycles() / 500.0;
        assertThat(event(e, "sramLeakage").pj()).isEqualTo(sramNw * us / 1000, within(sramNw * us / 1000 * 1e-5));
        assertThat(event(e, "arrayLeakage").count()).isEqualTo(layer.latencyCycles());
        assertThat(e.kindPj(EnergyEvent.Kind.STATIC)).isEqualTo((arrayNw + registerNw + sramNw) * us / 1000,
                within((arrayNw + registerNw + sramNw) * us / 1000 * 1e-5));
        assertThat(e.kindPj(EnergyEvent.Kind.DYNAMIC) + e.kindPj(EnergyEvent.Kind.STATIC)).isEqualTo(e.totalPj(), within(1e-6));
        Map<EnergyEvent.Kind, Map<EnergyEvent.Category, Double>> split = e.split();
        assertThat(split.get(EnergyEvent.Kind.STATIC).get(EnergyEvent.Category.SRAM)).isEqualTo(event(e, "sramLeakage").pj());
        assertThat(split.get(EnergyEvent.Kind.STATIC).get(EnergyEvent.Category.DRAM)).isZero();
        // every register bit the engine counted, at the DFF figure
        assertThat(event(e, "registerWrite").pj()).isEqualTo(layer.registerWriteBits() * REGISTER_PJ, within(1e-6));
        assertThat(split.get(EnergyEvent.Kind.DYNAMIC).get(EnergyEvent.Category.REGISTERS)).isEqualTo(event(e, "registerWrite").pj());
    }

    @Test
    void termPairsPayAnExponentAddAShiftAndAnAddAndEveryDataValueEntersThroughAnEncoder() {
        ArchConfig arch = ArchLoader.load(HOME.resolve("arch-configs/tr-fpga-64x128.yaml"), List.of());
        EnergyModel model = new EnergyModel(EnergyTables.load("horowitz-45nm", null), arch);
        LayerResult layer = run(arch, "workloads/gemm-64.yaml", 1).layers().get(0);
        LayerEnergy e = model.price(layer);
        long pairs = layer.terms().pairs();
        // 8-bit weights and data: an exponent adder of the bits of 8 + 8 = 16, 5 bits (docs/energy.md), extended below
        // the 8-bit point along the 8-to-32-bit line; a 5-stage shifter of the 32-bit accumulator (tr-fpga-64x128)
        double adder5 = 0.03 + (0.1 - 0.03) * (5 - 8) / 24.0;
        assertThat(event(e, "termPairExponentAdd").pjEach()).isEqualTo(adder5, within(1e-12));
        assertThat(event(e, "termPairShift").pjEach()).isEqualTo(5 * (1.862 / 4.256) * 0.1, within(1e-6));
        assertThat(event(e, "termPairShift").count()).isEqualTo(pairs);
        assertThat(event(e, "termPairAccumulate").pjEach()).isEqualTo(0.1, within(1e-12));
        // HESE data: one 9-bit addition (3x = x + 2x) per value read from the ifmap buffer into the array
        assertThat(event(e, "dataEncode").count()).isEqualTo(layer.memory().ifmap().readBits() / 8);
        assertThat(event(e, "dataEncode").pjEach()).isEqualTo(0.03 + (0.1 - 0.03) / 24, within(1e-12));
        // area: a 5-bit exponent adder, a 5-stage 32-bit shifter and a 32-bit adder per PE, a 9-bit encoder per row
        AreaEstimate a = model.area();
        double adder5Area = 36 + (137 - 36) * (5 - 8) / 24.0;
        double units = adder5Area + 5 * (1.862 / 4.256) * 137 + 137;
        assertThat(a.peUm2()).isEqualTo(units + model.registerBitsPerPe() * 4.522, within(1e-6));
        assertThat(a.arrayUm2()).isEqualTo(64 * 128 * a.peUm2() + 64 * (36 + 101 / 24.0), within(1e-3));
    }

    @Test
    void sramSizesOutsideTheTablesPointsAreRefusedUnlessExtrapolationIsAskedFor() {
        EnergyTable t = EnergyTables.load("horowitz-45nm", null);
        ArchConfig small = ArchLoader.load(HOME.resolve("arch-configs/edge-os-16x16.yaml"), List.of("memory.ofmapSramKiB=4",
                "memory.ifmapSramKiB=2048"));
        List<Problem> p = NodeScalingTest.problems(() -> new EnergyModel(t, small, "edge.yaml"));
        assertThat(p).extracting(Problem::keyPath).containsExactly("memory.ifmapSramKiB", "memory.ofmapSramKiB");
        assertThat(p.get(1).value()).isEqualTo("4");
        assertThat(p.get(1).rule()).contains("8 to 1024 KiB", "energy.extrapolate: true");
        ArchConfig asked = ArchLoader.load(HOME.resolve("arch-configs/edge-os-16x16.yaml"), List.of("memory.ofmapSramKiB=4",
                "memory.ifmapSramKiB=2048", "energy.extrapolate=true"));
        EnergyModel m = new EnergyModel(t, asked);
        assertThat(m.extrapolated()).hasSize(2);
        // the extension rules: held at the 8 KiB point below it; the last segment (32 KiB to 1 MiB) extended above it
        assertThat(t.sramReadPjPerBit(4) * 64).isEqualTo(10, within(1e-12));
        assertThat(t.sramReadPjPerBit(2048) * 64).isEqualTo(100 + (100 - 20) / 5.0, within(1e-9));
    }

    @Test
    void anSramAreaCurveIsInterpolatedLinearlyInTheCapacity() throws Exception {
        String yaml = EnergyModelTest.shipped().replace("{ kib: 8, readPj64: 10,", "{ kib: 8, readPj64: 10, areaUm2: 50000, writePj64: 12,")
                .replace("{ kib: 32, readPj64: 20,", "{ kib: 32, readPj64: 20, areaUm2: 170000, writePj64: 22,")
                .replace("{ kib: 1024, readPj64: 100,", "{ kib: 1024, readPj64: 100, areaUm2: 4000000, writePj64: 110,");
        EnergyTable t = EnergyModelTest.table(yaml);
        assertThat(t.sramAreaUm2(16)).isEqualTo(50000 + (170000 - 50000) * 8 / 24.0, within(1e-6));
        assertThat(t.sramWritePjPerBit(16) * 64).isEqualTo(17, within(1e-9));
        assertThat(t.sramReadPjPerBit(16) * 64).isEqualTo(15, within(1e-9));
    }
}
