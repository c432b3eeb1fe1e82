package dev.qasim.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.qasim.config.ArchLoader;
import dev.qasim.input.BadInputException;
import dev.qasim.input.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Accelergy's ERT and ART as a qasim table, and qasim's table written in that form. */
class AccelergyTest {
    static final Path HOME = Path.of(System.getProperty("qasim.home", ".."));

    @TempDir
    Path dir;

    /** A table file reading an ERT and ART of {@code folder}, with qasim's own names unless a mapping is given. */
    private Path wrapper(Path folder, String components) throws IOException {
        Path f = folder.resolve("table.yaml");
        Files.writeString(f, "name: from-accelergy\nsource: an Accelergy run\nnode: 45 nm\nvoltageV: 0.9\n"
                + "accelergy:\n  ert: ERT.yaml\n  art: ART.yaml\n" + components);
        return f;
    }

    private Path write(Path folder, EnergyTable t) throws IOException {
        Files.createDirectories(folder);
        for (Map.Entry<String, String> f : Accelergy.write(t, new EnergyModel.Technology(45, 0.9, 1, 1, 1, 1, false)).entrySet()) {
            Files.writeString(folder.resolve(f.getKey()), f.getValue());
        }
        return folder;
    }

    /** Every figure of a table that an ERT and ART carry. */
    private static List<Object> figures(EnergyTable t) {
        EnergyTable.Arithmetic a = t.arithmetic();
        return List.of(a.adderEnergy().toString(), a.adderArea().toString(), a.multiplierEnergy().toString(),
                a.multiplierArea().toString(), t.sram().read64().toString(), t.sram().write64().toString(), t.sram().pointsKiB(),
                t.sramAreaUm2(8), t.sramAreaUm2(32), t.sramAreaUm2(1024), t.dram().pjPerBit(), t.registers().pjPerBit(),
                t.registers().areaUm2PerBit());
    }

    @Test
    void anErtReadWrittenAndReadAgainIsTheSameTable() throws IOException {
        // qasim's table in Accelergy's form, read back: the same points
        EnergyTable shipped = EnergyTables.load("horowitz-45nm", null);
        Path first = write(dir.resolve("first"), shipped);
        EnergyTable read = EnergyTables.load(wrapper(first, "").toString(), null);
        assertThat(read.adderPj(8)).isEqualTo(0.03);
        assertThat(read.multiplierPj(32, 32)).isEqualTo(3.1);
        assertThat(read.sramReadPjPerBit(32) * 64).isEqualTo(20, within(1e-12));
        assertThat(read.sramAreaUm2(32)).isEqualTo(shipped.sramAreaUm2(32), within(1e-6));
        assertThat(read.dram().pjPerBit()).isEqualTo(20.3125, within(1e-12));
        assertThat(read.registers().pjPerBit()).isEqualTo(0.00747, within(1e-15));
        // the round trip: read, write, read equal
        Path second = write(dir.resolve("second"), read);
        EnergyTable again = EnergyTables.load(wrapper(second, "").toString(), null);
        assertThat(figures(again)).isEqualTo(figures(read));
        assertThat(Files.readString(second.resolve("ERT.yaml"))).isEqualTo(Files.readString(first.resolve("ERT.yaml")));
        assertThat(Files.readString(second.resolve("ART.yaml"))).isEqualTo(Files.readString(first.resolve("ART.yaml")));
    }

    /** An ERT and ART as Accelergy 0.3 writes them for a design of its own (names, actions with arguments, idle). */
    private void accelergyOutput() throws IOException {
        Files.writeString(dir.resolve("ERT.yaml"), """
                ERT:
                  version: 0.3
                  tables:
                  - name: system.chip.PE[0..255].mac_adder
                    actions:
                    - name: add
                      arguments: null
                      energy: 0.12
                    - name: idle
                      arguments: null
                      energy: 0.001
                  - name: system.chip.PE[0..255].mac_mult
                    actions:
                    - name: mult_random
                      arguments: {data_delta: 1}
                      energy: 0.4
                    - name: mult_random
                      arguments: {data_delta: 0}
                      energy: 0.05
                  - name: system.chip.GLB
                    actions:
                    - name: read
                      arguments: null
                      energy: 6.0
                    - name: write
                      arguments: null
                      energy: 7.5
                  - name: system.DRAM
                    actions:
                    - name: read
                      arguments: null
                      energy: 512.0
                  - name: system.chip.PE[0..255].weight_reg
                    actions:
                    - name: access
                      arguments: null
                      energy: 0.08
                """);
        Files.writeString(dir.resolve("ART.yaml"), """
                ART:
                  version: 0.3
                  tables:
                  - name: system.chip.PE[0..255].mac_adder
                    area: 150.0
                  - name: system.chip.PE[0..255].mac_mult
                    area: 300.0
                  - name: system.chip.GLB
                    area: 120000.0
                  - name: system.DRAM
                    area: 0
                  - name: system.chip.PE[0..255].weight_reg
                    area: 40.0
                """);
    }

    @Test
    void anAccelergyDesignsComponentsAreMappedByTheTablesComponentList() throws IOException {
        accelergyOutput();
        Path table = wrapper(dir, """
                  components:
                    - { name: "system.chip.PE[0..255].mac_adder", as: adder, bits: 32 }
                    - { name: "system.chip.PE[0..255].mac_mult", as: multiplier, bits: 8, action: mult_random }
                    - { name: system.chip.GLB, as: sram, kib: 64, accessBits: 32 }
                    - { name: system.DRAM, as: dram, accessBits: 64 }
                    - { name: "system.chip.PE[0..255].weight_reg", as: register, bits: 8, action: access }
                """);
        EnergyTable t = EnergyTables.load(table.toString(), null);
        assertThat(t.adderPj(32)).isEqualTo(0.12);
        assertThat(t.adderAreaUm2(32)).isEqualTo(150);
        assertThat(t.multiplierPj(8, 8)).isEqualTo(0.4); // the first entry of an action listed once per argument set
        assertThat(t.sramReadPjPerBit(64) * 64).isEqualTo(6.0 * 64 / 32, within(1e-12)); // 32-bit reads, per 64 bits
        assertThat(t.sramWritePjPerBit(64) * 64).isEqualTo(7.5 * 2, within(1e-12));
        assertThat(t.sramAreaUm2(64)).isEqualTo(120000);
        assertThat(t.dram().pjPerBit()).isEqualTo(512.0 / 64);
        assertThat(t.registers().pjPerBit()).isEqualTo(0.08 / 8);
        assertThat(t.registers().areaUm2PerBit()).isEqualTo(40.0 / 8);
        assertThat(t.provenance().get("dram.pjPerBit")).contains("system.DRAM", "read");
        // one SRAM point: an architecture's buffers must be 64 KiB, or ask for extrapolation (held per the rules)
        assertThat(t.sram().minKiB()).isEqualTo(64);
        assertThat(t.leakage().sramNwPerKiB()).isNull(); // no static figures unless the table file gives them
        EnergyModel m = new EnergyModel(t, ArchLoader.load(HOME.resolve("arch-configs/edge-os-16x16.yaml"),
                List.of("memory.ifmapSramKiB=64", "memory.filterSramKiB=64", "memory.ofmapSramKiB=64")));
        assertThat(m.staticPower().totalNw()).isZero();
    }

    @Test
    void aMissingComponentOrActionIsBadInputNamingTheMappingEntry() throws IOException {
        accelergyOutput();
        Path table = wrapper(dir, """
                  components:
                    - { name: "system.chip.PE[0..255].mac_adder", as: adder, bits: 32 }
                    - { name: "system.chip.PE[0..255].mac_mult", as: multiplier, bits: 8 }
                    - { name: system.chip.SRAM, as: sram, kib: 64 }
                    - { name: system.DRAM, as: dram }
                """);
        try {
            EnergyTables.load(table.toString(), null);
            throw new AssertionError("expected bad input");
        } catch (BadInputException e) {
            assertThat(e.problems()).extracting(Problem::keyPath).containsExactly("accelergy.components[1]", "accelergy.components[2]",
                    "accelergy.components");
            assertThat(e.problems().get(0).rule()).contains("no action multiply", "mult_random");
            assertThat(e.problems().get(1).rule()).contains("no table of that name");
        }
    }
}
