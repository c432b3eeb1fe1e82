package dev.qasim.cli;

import static dev.qasim.cli.CliTest.HOME;
import static dev.qasim.cli.CliTest.qasim;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qasim check} of an architecture alone loads the energy table it names, as a run would. */
class CheckEnergyTableTest {
    @TempDir
    Path dir;

    @Test
    void anUnknownEnergyTableIsBadInputAtItsKeyOfTheArchitectureFile() throws Exception {
        Path arch = dir.resolve("a.yaml");
        Files.writeString(arch, "array: { rows: 8, cols: 8 }\npe: { multiplierBits: 8, accumulatorBits: 32 }\nenergy: { table: nope }\n");
        CliTest.Run r = qasim("check", "--arch", arch.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).doesNotContain("valid");
        assertThat(r.err().lines()).containsExactly(arch + ": energy.table = nope: not a shipped table (horowitz-45nm); "
                + "give a path to a table file instead");
        CliTest.Run set = qasim("check", "--arch", HOME.resolve("arch-configs/tpu-like-int8.yaml").toString(), "--set",
                "energy.table=" + dir.resolve("absent.yaml"));
        assertThat(set.code()).isEqualTo(2);
        assertThat(set.err()).contains("absent.yaml", "file not found").doesNotContain("Exception");
    }
}
