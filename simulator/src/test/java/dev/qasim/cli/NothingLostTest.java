package dev.qasim.cli;

import static dev.qasim.cli.CliTest.HOME;
import static dev.qasim.cli.CliTest.qasim;
import static org.assertj.core.api.Assertions.assertThat;

import dev.qasim.report.ReportFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report folder is never silently replaced: another run's report is refused (exit 2, one line naming the folder,
 * the run that made it and what differs) unless --overwrite is given; the same run, its inputs named any way, replaces
 * its own; reproduce writes to reports/reproduce/NAME/ and records its exact command line.
 */
class NothingLostTest {
    static final String TPU = HOME.resolve("arch-configs/tpu-like-int8.yaml").toString();
    static final String GEMM = HOME.resolve("workloads/gemm-64.yaml").toString();
    static final String CONV = HOME.resolve("workloads/conv-28x28x16.yaml").toString();

    @TempDir
    Path dir;

    private static String[] run(String workload, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("run", "--arch", TPU, "--workload", workload, "--out", out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void runIntoAnotherRunsReportIsRefusedUnlessOverwriteAndTheSameRunReplacesItsOwn() throws IOException {
        Path out = dir.resolve("report");
        assertThat(qasim(run(GEMM, out)).code()).isZero();
        byte[] gemm = Files.readAllBytes(out.resolve("report.json"));
        CliTest.Run other = qasim(run(CONV, out));
        assertThat(other.code()).isEqualTo(2);
        assertThat(other.err().lines().toList()).singleElement().satisfies(l -> assertThat(l)
                .startsWith("--out: " + out + ": holds the report of another run (qasim run --arch " + TPU + " --workload " + GEMM
                        + " --out " + out + ", written ")
                .endsWith("; it differs in --workload; give --overwrite to replace it, or choose another folder"));
        assertThat(Files.readAllBytes(out.resolve("report.json"))).isEqualTo(gemm);

        // the same run, the architecture named another way: its own report, replaced
        String sameArch = HOME.resolve("arch-configs/./../arch-configs/tpu-like-int8.yaml").toString();
        CliTest.Run again = qasim("run", "--arch", sameArch, "--workload", GEMM, "--out", out.toString(), "--format", "json");
        assertThat(again.code()).as(again.err()).isZero();

        // another run that writes a file more, then one without it: --overwrite replaces the folder whole
        CliTest.Run more = qasim(run(GEMM, out, "--scalesim-report"));
        assertThat(more.err()).contains("it differs in --scalesim-report");
        assertThat(qasim(run(GEMM, out, "--scalesim-report", "--overwrite")).code()).isZero();
        assertThat(out.resolve("COMPUTE_REPORT.csv")).exists();
        assertThat(qasim(run(CONV, out, "--overwrite")).code()).isZero();
        assertThat(out.resolve("COMPUTE_REPORT.csv")).doesNotExist();
        assertThat(Files.readString(out.resolve("report.json"))).contains("conv-28x28x16");
        assertThat(Files.readString(out.resolve(ReportFolder.PROVENANCE))).contains("--workload " + CONV + " --out " + out + " --overwrite");
    }

    @Test
    void tradeoffAndMergeFoldersAreClaimedTheSameWay() throws IOException {
        Path out = dir.resolve("t");
        String[] four = {"tradeoff", "--arch", TPU, "--workload", GEMM, "--budgets", "4", "--out", out.toString()};
        assertThat(qasim(four).code()).isZero();
        assertThat(qasim(four).code()).as("the same run again").isZero();
        CliTest.Run six = qasim("tradeoff", "--arch", TPU, "--workload", GEMM, "--budgets", "6", "--out", out.toString());
        assertThat(six.code()).isEqualTo(2);
        assertThat(six.err()).contains("holds the report of another run (qasim tradeoff ", "it differs in --budgets");
        CliTest.Run merge = qasim("merge", out.toString(), "--out", out.toString());
        assertThat(merge.err()).startsWith("--out: " + out + ": must not be one of the folders merged");
        Path sweep = dir.resolve("s");
        Files.writeString(dir.resolve("grid.yaml"), "grid:\n  array.rows: [8, 16]\n");
        assertThat(qasim("sweep", "--arch", TPU, "--workload", GEMM, "--grid", dir.resolve("grid.yaml").toString(), "--values", "off",
                "--out", sweep.toString()).code()).isZero();
        CliTest.Run intoTradeoff = qasim("merge", sweep.toString(), "--out", out.toString());
        assertThat(intoTradeoff.code()).isEqualTo(2);
        assertThat(intoTradeoff.err()).startsWith("--out: " + out + ": holds the report of another run (qasim tradeoff ");
        assertThat(qasim("merge", sweep.toString(), "--out", dir.resolve("m").toString()).code()).isZero();
        assertThat(dir.resolve("m").resolve(ReportFolder.PROVENANCE)).exists();
    }

    @Test
    void anEditedInputIsAnotherRun() throws IOException {
        Path arch = Files.copy(Path.of(TPU), dir.resolve("arch.yaml"));
        Path out = dir.resolve("report");
        assertThat(qasim("run", "--arch", arch.toString(), "--workload", GEMM, "--out", out.toString()).code()).isZero();
        Files.writeString(arch, Files.readString(arch).replace("clockMHz: 1000", "clockMHz: 500"));
        CliTest.Run edited = qasim("run", "--arch", arch.toString(), "--workload", GEMM, "--out", out.toString());
        assertThat(edited.code()).isEqualTo(2);
        assertThat(edited.err()).contains("it differs in --arch");
    }

    @Test
    void reproduceWritesToItsOwnFolderRecordsTheExactCommandAndLeavesTheShippedExamplesAlone() throws IOException {
        // a project folder whose shipped files are the real ones and whose reports/ is this test's
        Path home = Files.createDirectories(dir.resolve("home"));
        for (String shipped : List.of("arch-configs", "workloads")) {
            Files.createSymbolicLink(home.resolve(shipped), HOME.resolve(shipped).toAbsolutePath());
        }
        Path examples = Files.createDirectories(home.resolve("reports/examples/term-revealing-mlp"));
        Files.writeString(examples.resolve("README.md"), "the shipped results\n");
        String before = System.getProperty("qasim.home");
        System.setProperty("qasim.home", home.toString());
        try {
            CliTest.Run r = qasim("reproduce", "term-revealing-mlp", "--limit", "5");
            assertThat(r.code()).as(r.err()).isZero();
            Path out = home.resolve("reports/reproduce/term-revealing-mlp");
            assertThat(Files.readString(out.resolve("README.md"))).contains("Produced by `qasim reproduce term-revealing-mlp --limit 5`");
            assertThat(Files.readString(out.resolve(ReportFolder.PROVENANCE))).contains("\"--limit\" : \"5\"");
            assertThat(Files.readString(examples.resolve("README.md"))).isEqualTo("the shipped results\n");
            CliTest.Run into = qasim("reproduce", "term-revealing-mlp", "--limit", "5", "--out", examples.toString());
            assertThat(into.code()).isEqualTo(2);
            assertThat(into.err()).startsWith("--out: " + examples + ": holds a report without provenance.json");
        } finally {
            System.setProperty("qasim.home", before);
        }
    }
}
