package dev.qasim.cli;

import static dev.qasim.cli.CliTest.HOME;
import static dev.qasim.cli.CliTest.qasim;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepCommandTest {
    static final String TPU = HOME.resolve("arch-configs/tpu-like-int8.yaml").toString();
    static final String GEMM = HOME.resolve("workloads/gemm-64.yaml").toString();

    @TempDir
    Path dir;

    @Test
    void sweepAndMergePrintTheCountsTheFrontAndWhereTheResultsAre() throws Exception {
        Path grid = dir.resolve("grid.yaml");
        Files.writeString(grid, "grid:\n  array.rows: [8, 16]\n  pe.overflow: [wrap, widen-replay]\n");
        CliTest.Run whole = qasim("sweep", "--arch", TPU, "--workload", GEMM, "--grid", grid.toString(), "--out",
                dir.resolve("whole").toString(), "--values", "off", "--jobs", "1");
        assertThat(whole.code()).as(whole.err()).isZero();
        assertThat(whole.out()).contains("4 points: 2 ran, 0 invalid, 2 need values; Pareto front: points ",
                "ran 4 points in ", "1 jobs, values off); 0 finished by an earlier run",
                "values off: shape-only points: cycles, MACs, memory traffic and energy are exact",
                "results: " + dir.resolve("whole").resolve("sweep.csv"));
        for (String shard : new String[] {"0/2", "1/2"}) {
            assertThat(qasim("sweep", "--arch", TPU, "--workload", GEMM, "--grid", grid.toString(), "--out",
                    dir.resolve("s" + shard.charAt(0)).toString(), "--values", "off", "--shard", shard).code()).isZero();
        }
        CliTest.Run merged = qasim("merge", dir.resolve("s0").toString(), dir.resolve("s1").toString(), "--out",
                dir.resolve("merged").toString());
        assertThat(merged.code()).as(merged.err()).isZero();
        assertThat(merged.out()).startsWith("4 points: 2 ran, 0 invalid, 2 need values; Pareto front: points ");
        assertThat(Files.readString(dir.resolve("merged/sweep.csv"))).isEqualTo(Files.readString(dir.resolve("whole/sweep.csv")));
    }

    @Test
    void badOptionsAndBadGridsExitWithTwoAndOneLinePerProblem() throws Exception {
        Path grid = dir.resolve("grid.yaml");
        Files.writeString(grid, "grid:\n  array.rows: {from: 8}\n  pe.acumulatorBits: [16]\n");
        String out = dir.resolve("out").toString();
        CliTest.Run bad = qasim("sweep", "--arch", TPU, "--workload", GEMM, "--grid", grid.toString(), "--out", out);
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().lines()).containsExactly(
                grid + ": grid.array.rows.to (missing): required: an integer of at least 0",
                grid + ": grid.pe.acumulatorBits = 16: pe.acumulatorBits: unknown key; allowed here: kind, multiplierBits, "
                        + "accumulatorBits, datapathBits, overflow");
        assertThat(qasim("sweep", "--arch", TPU, "--workload", GEMM, "--grid", grid.toString(), "--out", out,
                "--values", "maybe").err()).contains("--values", "'maybe' is not one of on, off");
        assertThat(qasim("sweep", "--arch", TPU, "--workload", GEMM, "--grid", grid.toString(), "--out", out,
                "--shard", "2/2").err()).startsWith("--shard: 2/2: must be I/N with 0 <= I < N");
        assertThat(qasim("sweep", "--arch", TPU, "--workload", GEMM, "--grid", grid.toString(), "--out", out,
                "--jobs", "0").code()).isEqualTo(2);
        CliTest.Run merge = qasim("merge", dir.toString(), "--out", out);
        assertThat(merge.code()).isEqualTo(2);
        assertThat(merge.err()).startsWith(dir + ": has no sweep.json");
        assertThat(dir.resolve("out")).doesNotExist();
    }
}
