package dev.qasim.cli;

import static dev.qasim.cli.CliTest.HOME;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qasim energy}: an architecture's figures, and its table in Accelergy's form, read back by a table file. */
class EnergyCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsTheScaledFiguresAndWritesAnErtAndArtThatATableFileReadsBack() throws Exception {
        String arch = HOME.resolve("arch-configs/edge-os-16x16.yaml").toString();
        Path out = dir.resolve("accelergy");
        CliTest.Run r = CliTest.qasim("energy", "--arch", arch, "--set", "energy.technologyNm=7", "--set", "energy.supplyV=0.7",
                "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("priced at 7 nm, 0.7 V: energy x 0.06842, area x 0.05900, static power x 0.04589",
                "8x8-bit multiply", "register write", "static power: total");
        assertThat(out.resolve("ERT.yaml")).content().contains("system.qasim.multiplier_8b", "version: 0.3");
        assertThat(out.resolve("ART.yaml")).content().contains("system.qasim.register_1b");
        assertThat(out.resolve("provenance.json")).exists();
        // a table file on that ERT and ART: the 7 nm figures, now at their own node
        Files.writeString(dir.resolve("table.yaml"), "source: qasim energy at 7 nm\nnode: 7 nm\nvoltageV: 0.7\n"
                + "accelergy: { ert: accelergy/ERT.yaml, art: accelergy/ART.yaml }\n");
        Files.writeString(dir.resolve("arch.yaml"), Files.readString(Path.of(arch)).replace("table: horowitz-45nm", "table: table.yaml"));
        CliTest.Run back = CliTest.qasim("energy", "--arch", dir.resolve("arch.yaml").toString());
        assertThat(back.code()).as(back.err()).isZero();
        String scaled = r.out().lines().filter(l -> l.startsWith("8x8-bit multiply")).findFirst().orElseThrow();
        assertThat(back.out()).contains("priced at the table's own node and voltage").contains(scaled);
    }

    @Test
    void aNodeWithoutPublishedFactorsIsOneLineAndExitTwo() {
        CliTest.Run r = CliTest.qasim("energy", "--arch", HOME.resolve("arch-configs/edge-os-16x16.yaml").toString(), "--set",
                "energy.technologyNm=28");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines()).anySatisfy(l -> assertThat(l).contains("energy.technologyNm = 28", "180, 130, 90"));
    }
}
