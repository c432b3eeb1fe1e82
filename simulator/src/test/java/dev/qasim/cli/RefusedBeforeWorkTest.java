package dev.qasim.cli;

import static dev.qasim.cli.CliTest.HOME;
import static dev.qasim.cli.CliTest.qasim;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad options are refused up front: exit 2, one line on stderr naming the option (no exception, no stack trace),
 * before any simulation, and nothing written.
 */
class RefusedBeforeWorkTest {
    static final String TPU = HOME.resolve("arch-configs/tpu-like-int8.yaml").toString();
    static final String GEMM = HOME.resolve("workloads/gemm-64.yaml").toString();
    static final String MLP = HOME.resolve("workloads/models/mlp-784-512-512-10-mnist.onnx").toString();
    static final String MNIST = HOME.resolve("workloads/mnist").toString();

    @TempDir
    Path dir;

    Path afile;
    Path grid;
    Set<String> before;

    @BeforeEach
    void files() throws IOException {
        afile = Files.writeString(dir.resolve("afile"), "not a folder\n");
        grid = Files.writeString(dir.resolve("grid.yaml"), "grid:\n  array.rows: [8, 16]\n");
        before = tree();
    }

    /** Every file and folder under the test's folder, hidden ones included. */
    private Set<String> tree() throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.map(p -> dir.relativize(p).toString()).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    /** Exit 2, one stderr line starting with {@code start}, no exception, and no file written or removed. */
    private void refused(CliTest.Run r, String start) throws IOException {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().lines().toList()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith(start).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(tree()).as("files under the test folder").isEqualTo(before);
    }

    /** Every command that takes --out, with inputs that are valid (so only --out can be wrong). */
    private List<String[]> everyCommandWithOut(String out) {
        List<String[]> commands = new ArrayList<>();
        commands.add(new String[] {"run", "--arch", TPU, "--workload", GEMM, "--out", out});
        commands.add(new String[] {"validate", "--arch", TPU, "--model", MLP, "--data", MNIST, "--limit", "10", "--out", out});
        commands.add(new String[] {"tradeoff", "--arch", TPU, "--workload", GEMM, "--budgets", "4", "--out", out});
        commands.add(new String[] {"sweep", "--arch", TPU, "--workload", GEMM, "--grid", grid.toString(), "--values", "off", "--out", out});
        commands.add(new String[] {"merge", dir.toString(), "--out", out});
        commands.add(new String[] {"reproduce", "term-revealing-mlp", "--limit", "10", "--out", out});
        commands.add(new String[] {"demo", "--out", out});
        return commands;
    }

    @Test
    void anOutThatIsAFileIsRefusedByEveryCommandBeforeAnyWork() throws IOException {
        for (String[] args : everyCommandWithOut(afile.toString())) {
            refused(qasim(args), "--out: " + afile + ": is a file; a folder is required");
        }
    }

    @Test
    void anOutUnderAFileIsRefusedByEveryCommandNamingTheFile() throws IOException {
        String out = afile.resolve("sub").toString();
        for (String[] args : everyCommandWithOut(out)) {
            refused(qasim(args), "--out: " + out + ": cannot be created: " + afile + " is a file, not a folder");
        }
    }

    @Test
    void anOutThatCannotBeCreatedIsRefusedByEveryCommand() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux's /proc");
        for (String[] args : everyCommandWithOut("/proc/x")) {
            refused(qasim(args), "--out: /proc/x: cannot be created: qasim cannot write into /proc");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "demo", "sweep"})
    void anEmptyOutIsRefusedInsteadOfWritingIntoTheWorkingFolder(String command) throws IOException {
        Path cwd = Path.of("").toAbsolutePath();
        List<String> written = List.of("report.json", "summary.md", "sweep.csv", ".sweep.lock");
        assertThat(written).allSatisfy(f -> assertThat(cwd.resolve(f)).doesNotExist());
        List<String> args = new ArrayList<>(List.of(command));
        if (!command.equals("demo")) {
            args.addAll(List.of("--arch", TPU, "--workload", GEMM));
        }
        if (command.equals("sweep")) {
            args.addAll(List.of("--grid", grid.toString()));
        }
        for (String[] out : new String[][] {{"--out", ""}, {"--out="}}) {
            List<String> all = new ArrayList<>(args);
            all.addAll(List.of(out));
            refused(qasim(all.toArray(String[]::new)), "--out: \"\": is empty; a folder is required");
        }
        assertThat(written).allSatisfy(f -> assertThat(cwd.resolve(f)).doesNotExist());
    }

    @Test
    void runIntoAFolderWithAReportWithoutProvenanceIsRefusedUnlessOverwriteThenReplacedWhole() throws IOException {
        Path out = Files.createDirectory(dir.resolve("cx"));
        Files.writeString(out.resolve("charts"), "in the way\n");
        Files.writeString(out.resolve("report.md"), "an old report\n");
        before = tree();
        refused(qasim("run", "--arch", TPU, "--workload", GEMM, "--out", out.toString()),
                "--out: " + out + ": holds a report without provenance.json");
        CliTest.Run r = qasim("run", "--arch", TPU, "--workload", GEMM, "--out", out.toString(), "--overwrite");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(out.resolve("charts")).isDirectory();
        assertThat(out.resolve("provenance.json")).isRegularFile();
        assertThat(Files.readString(out.resolve("report.md"))).doesNotContain("an old report");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "--overwrite"})
    void aFolderHoldingFilesNoReportWritesIsRefusedEvenWithOverwrite(String overwrite) throws IOException {
        Path out = Files.createDirectory(dir.resolve("mine"));
        Files.writeString(out.resolve("notes.txt"), "my notes\n");
        Files.writeString(out.resolve("report.json"), "{}\n");
        before = tree();
        List<String[]> commands = everyCommandWithOut(out.toString());
        for (String[] args : commands) {
            List<String> all = new ArrayList<>(List.of(args));
            if (!overwrite.isEmpty()) {
                all.add(overwrite);
            }
            refused(qasim(all.toArray(String[]::new)), "--out: " + out + ": holds files that are not part of this command's "
                    + "report (notes.txt");
        }
    }

    @Test
    void demoIntoAFolderWhereAWorkloadsFolderIsAFileWritesNothingWithoutOverwrite() throws IOException {
        Path out = Files.createDirectory(dir.resolve("dx"));
        Files.writeString(out.resolve("resnet18"), "in the way\n");
        before = tree();
        refused(qasim("demo", "--out", out.toString()), "--out: " + out + ": holds a report without provenance.json");
    }

    @Test
    void aTraceThatIsAFolderIsRefusedBeforeRunningAndLeavesNoTemporaryFile() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("adir"));
        before = tree();
        refused(qasim("run", "--arch", TPU, "--workload", GEMM, "--out", dir.resolve("o").toString(), "--trace", folder.toString()),
                "--trace: " + folder + ": is a folder; a file is required");
    }

    @Test
    void aTraceThatIsAnInputFileIsRefusedAndTheInputIsLeftAsItWas() throws IOException {
        Path arch = Files.copy(Path.of(TPU), dir.resolve("arch.yaml"));
        Path workload = Files.copy(Path.of(GEMM), dir.resolve("gemm-64.yaml"));
        String archText = Files.readString(arch);
        before = tree();
        for (Path input : new Path[] {arch, workload}) {
            Path otherSpelling = dir.resolve("sub/..").resolve(input.getFileName()); // the same file, named differently
            Files.createDirectories(dir.resolve("sub"));
            before = tree();
            refused(qasim("run", "--arch", arch.toString(), "--workload", workload.toString(), "--out", dir.resolve("o").toString(),
                    "--trace", otherSpelling.toString()), "--trace: " + otherSpelling + ": is an input of this command");
        }
        assertThat(Files.readString(arch)).isEqualTo(archText);
    }

    @Test
    void aTraceInsideTheOutFolderIsWrittenWithTheReport() {
        Path out = dir.resolve("o");
        CliTest.Run r = qasim("run", "--arch", TPU, "--workload", GEMM, "--set", "array.rows=16", "--set", "array.cols=16",
                "--out", out.toString(), "--trace", out.resolve("trace.csv").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(out.resolve("trace.csv")).exists();
        assertThat(out.resolve("report.json")).exists();
    }

    @Test
    void aTraceThatWouldTakeTheReportsFolderOrOneOfItsFilesIsRefused() throws IOException {
        Path out = dir.resolve("o");
        before = tree();
        refused(qasim("run", "--arch", TPU, "--workload", GEMM, "--out", out.toString(), "--trace", out.toString()),
                "--trace: " + out + ": is the report folder; give the trace its own file name");
        refused(qasim("run", "--arch", TPU, "--workload", GEMM, "--out", out.toString(), "--trace", out.resolve("report.json").toString()),
                "--trace: " + out.resolve("report.json") + ": is where the report writes report.json; give the trace another name");
        refused(qasim("run", "--arch", TPU, "--workload", GEMM, "--out", out.toString(), "--trace",
                out.resolve("charts/t.csv").toString()), "--trace: " + out.resolve("charts/t.csv") + ": is where the report writes charts/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"100000", "32768", "1025"})
    void sweepJobsAboveTheLimitAreRefusedBeforeAnyFileIsWritten(String jobs) throws IOException {
        refused(qasim("sweep", "--arch", TPU, "--workload", GEMM, "--grid", grid.toString(), "--out", dir.resolve("s").toString(),
                "--jobs", jobs), "--jobs: " + jobs + ": must be 1..1024");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e308", "1e400", "10000"})
    void aBudgetPerValueBeyondTheBudgetRangeIsRefusedNamingTheOption(String b) throws IOException {
        refused(qasim("tradeoff", "--arch", TPU, "--workload", GEMM, "--budget-per-value", b, "--out", dir.resolve("t").toString()),
                "--budget-per-value: ");
        assertThat(qasim("tradeoff", "--arch", TPU, "--workload", GEMM, "--budget-per-value", b, "--out", dir.resolve("t").toString())
                .err()).containsAnyOf("k = round(g b) must be at most 65536", "must be finite");
    }

    @Test
    void aNegativeBudgetPerValueIsRefusedNamingThatOption() throws IOException {
        refused(qasim("tradeoff", "--arch", TPU, "--workload", GEMM, "--budget-per-value", "-0.5", "--out", dir.resolve("t").toString()),
                "--budget-per-value: -0.5: budgets per value must be finite and >= 0");
    }

    @Test
    void budgetsBeyondTheRangeAreRefusedNamingBudgetsNotTheOverride() throws IOException {
        refused(qasim("tradeoff", "--arch", TPU, "--workload", GEMM, "--budgets", "70000", "--out", dir.resolve("t").toString()),
                "--budgets: 70000: budgets k must be 0..65536");
        refused(qasim("tradeoff", "--arch", TPU, "--workload", GEMM, "--budgets", "-1", "--out", dir.resolve("t").toString()),
                "--budgets: -1: budgets k must be 0..65536");
    }

    @Test
    void budgetsAndBudgetPerValueTogetherAreRefused() throws IOException {
        refused(qasim("tradeoff", "--arch", TPU, "--workload", GEMM, "--budgets", "4", "--budget-per-value", "0.5",
                "--out", dir.resolve("t").toString()), "--budget-per-value: give budgets either as k (--budgets) or per value");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1"})
    void reproduceWithALimitBelowOneIsRefusedUpFront(String limit) throws IOException {
        refused(qasim("reproduce", "term-revealing-mlp", "--limit", limit, "--out", dir.resolve("r").toString()),
                "--limit: " + limit + ": must be at least 1");
    }

    @Test
    void noCommandIsAUsageErrorWithTheUsageOnStderr() {
        CliTest.Run r = qasim();
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("qasim: a command is required").contains("Usage: qasim", "run", "sweep");
        assertThat(qasim("--help").code()).isZero();
        assertThat(qasim("--version").code()).isZero();
    }

    @Test
    void traceLayerOrTraceCyclesWithoutTraceIsRefused() throws IOException {
        refused(qasim("run", "--arch", TPU, "--workload", GEMM, "--out", dir.resolve("o").toString(), "--trace-layer", "g1"),
                "--trace-layer: applies only with --trace FILE");
        refused(qasim("run", "--arch", TPU, "--workload", GEMM, "--out", dir.resolve("o").toString(), "--trace-cycles", "10"),
                "--trace-cycles: applies only with --trace FILE");
    }

    @Test
    void inputWithAYamlWorkloadIsRefused() throws IOException {
        Path npy = dir.resolve("x.npy");
        refused(qasim("run", "--arch", TPU, "--workload", GEMM, "--out", dir.resolve("o").toString(), "--input", npy.toString()),
                "--input: " + npy + ": applies only to an ONNX model (.onnx) as --workload");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--limit=10", "--weight-bits=4", "--data-bits=4", "--weight-calibrate=mse", "--weight-bits=8"})
    void tradeoffAccuracyOptionsWithoutDataAreRefused(String option) throws IOException {
        String name = option.substring(0, option.indexOf('='));
        refused(qasim("tradeoff", "--arch", TPU, "--workload", GEMM, "--budgets", "4", option, "--out", dir.resolve("t").toString()),
                name + ": applies only with --data DIR");
    }
}
