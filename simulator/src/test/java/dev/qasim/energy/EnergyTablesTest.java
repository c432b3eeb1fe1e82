package dev.qasim.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.qasim.input.BadInputException;
import dev.qasim.input.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnergyTablesTest {
    static final Path HOME = Path.of(System.getProperty("qasim.home", ".."));
    static final Path SHIPPED = HOME.resolve("arch-configs/energy/horowitz-45nm.yaml");

    @TempDir
    Path dir;

    @Test
    void theDefaultTableHasTheSourcesFiguresAndEnergyMdsDerivedOnes() {
        EnergyTable t = EnergyTables.load("horowitz-45nm", null);
        assertThat(t.corner().node()).isEqualTo("45 nm");
        assertThat(t.corner().voltageV()).isEqualTo(0.9);
        assertThat(t.source()).contains("Horowitz", "ISSCC 2014");
        assertThat(t.adderPj(8)).isEqualTo(0.03, within(1e-12));
        assertThat(t.adderPj(32)).isEqualTo(0.1, within(1e-12));
        assertThat(t.adderPj(16)).isEqualTo(0.0533, within(0.0005)); // docs/energy.md: about 0.053 pJ
        assertThat(t.adderAreaUm2(16)).isEqualTo(69.7, within(0.1)); // about 70 um^2
        assertThat(t.multiplierPj(8, 8)).isEqualTo(0.2, within(1e-12));
        assertThat(t.multiplierPj(32, 32)).isEqualTo(3.1, within(1e-12));
        assertThat(t.multiplierPj(4, 4)).isEqualTo(0.055, within(0.001)); // about 0.05 pJ
        assertThat(t.sramReadPjPerBit(8) * 64).isEqualTo(10, within(1e-9));
        assertThat(t.sramReadPjPerBit(32) * 64).isEqualTo(20, within(1e-9));
        assertThat(t.sramReadPjPerBit(1024) * 64).isEqualTo(100, within(1e-9));
        assertThat(t.sramReadPjPerBit(16) * 64).isEqualTo(15, within(1e-9)); // halfway in log2 between 8 and 32 KiB
        assertThat(t.sramReadPjPerBit(1) * 64).isEqualTo(10, within(1e-9)); // held below the smallest point
        assertThat(t.dram().pjPerBit() * 64).isEqualTo(1300, within(1e-9));
        // the source has no register figure: one clock of NanGate 45 nm's DFF_X1 with data toggling half the time,
        // the mean of its four cases (fJ at 1.1 V), brought to 0.9 V by V^2
        double dff = (2.441622 + 4.497803 + 2.627385 + 4.265302 + 7.539890 + 4.357977 + 3.123160 + 7.580013 + 3.976646
                + 4.225775) / 4 * (0.9 * 0.9) / (1.1 * 1.1) / 1000;
        assertThat(t.registers().pjPerBit()).isEqualTo(dff, within(5e-7));
        assertThat(t.registers().areaUm2PerBit()).isEqualTo(4.522); // DFF_X1's area
        assertThat(t.arithmetic().shifterStageFactor()).isEqualTo(1.862 / 4.256, within(1e-6)); // MUX2_X1 over FA_X1
        assertThat(t.shifterPj(32, 5)).isEqualTo(5 * 1.862 / 4.256 * 0.1, within(1e-6));
        // leakage at 1.1 V times 0.9 / 1.1: FA_X1 75.762253 nW over 4.256 um^2; DFF_X1 79.112308 nW; SRAM at 0.494 um^2/bit
        assertThat(t.leakage().logicNwPerUm2()).isEqualTo(75.762253 / 4.256 * 0.9 / 1.1, within(1e-4));
        assertThat(t.leakage().registerNwPerBit()).isEqualTo(79.112308 * 0.9 / 1.1, within(1e-4));
        assertThat(t.leakage().sramNwPerKiB()).isEqualTo(75.762253 / 4.256 * 0.9 / 1.1 * 0.494 * 8192, within(0.1));
        assertThat(t.corner().nodeNm()).isEqualTo(45);
        assertThat(t.provenance()).containsKey("dram.pjPerBit").containsValue("source");
    }

    @Test
    void everyEntryTheSourceLacksSaysHowItWasDerived() {
        EnergyTable t = EnergyTables.load("horowitz-45nm", null);
        assertThat(t.provenance()).allSatisfy((entry, from) -> assertThat(from).isNotBlank());
        for (String derived : List.of("sram.writeFactor", "sram.areaUm2PerBit", "dram.pjPerBit", "register.pjPerBit",
                "shifter.stageFactor", "leakage.logicNwPerUm2", "leakage.registerNwPerBit", "leakage.sramNwPerKiB")) {
            assertThat(t.provenance().get(derived)).as(derived).isNotEqualTo("source");
        }
    }

    private List<Problem> problemsOf(String yaml) throws IOException {
        Path f = dir.resolve("table.yaml");
        Files.writeString(f, yaml);
        try {
            EnergyTables.load(f.toString(), null);
        } catch (BadInputException e) {
            return e.problems();
        }
        throw new AssertionError("expected the table to be rejected");
    }

    @Test
    void aNegativeEntryIsRejectedNamingTheEntry() throws IOException {
        String yaml = Files.readString(SHIPPED).replace("energyPj: 3.1", "energyPj: -3.1");
        assertThat(problemsOf(yaml)).singleElement().satisfies(p -> {
            assertThat(p.keyPath()).isEqualTo("multiplier.points[1].energyPj");
            assertThat(p.value()).isEqualTo("-3.1");
        });
    }

    @Test
    void aMissingEntryIsRejectedNamingTheEntry() throws IOException {
        String yaml = Files.readString(SHIPPED).replaceAll("(?m)^dram:\\n.*\\n", "");
        assertThat(problemsOf(yaml)).extracting(Problem::keyPath).containsExactly("dram.pjPerBit");
        String noFrom = Files.readString(SHIPPED).replace(", from: source }", " }");
        assertThat(problemsOf(noFrom)).extracting(Problem::keyPath).contains("adder.points[0].from", "sram.points[2].from");
    }

    @Test
    void anUnknownTableNameOrMissingFileIsBadInput() {
        assertThatThrownBy(() -> EnergyTables.load("no-such-table", null)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("not a shipped table");
        assertThatThrownBy(() -> EnergyTables.load("missing.yaml", dir)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("file not found");
    }
}
