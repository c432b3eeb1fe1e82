package dev.qasim.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.common.io.MoreFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.util.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * tools/bench: in one run, the whole-process figures (a fresh qasim process each, wall time, CPU time, peak
 * RSS; optionally beside another commit's) and the kernel figures (JMH: the fast engine, a plain int8 GEMM loop
 * and the Vector API int8 limit on ResNet-18, the stepped engine on GEMM 64^3). The table goes to stdout,
 * progress and JMH's log to stderr. docs/performance.md describes it.
 */
@Command(name = "tools/bench", sortOptions = false, description = {
    "Measures qasim in one run: whole processes as a user runs them (wall time, CPU time and peak RSS of a fresh process each; "
        + "sweeps in design points per second), then the engines' kernels with JMH (simulated MACs per second against a plain "
        + "int8 loop and the Java Vector API's int8 limit). The table goes to stdout, progress and JMH's log to stderr. "
        + "--list names every figure.",
    "Exit codes: 0 every figure ran; 1 a figure failed; 2 bad options or an unusable --against."})
public final class BenchMain implements Callable<Integer> {
    @Option(names = "--quick", description = "Only the quick whole-process figures (--list marks them) and every kernel with short "
            + "JMH iterations (1 warm-up and 3 measured of 3 s); with --only, the named figures, JMH's iterations short.")
    boolean quick;

    @Option(names = "--list", description = "List the figures: names, what they measure, their commands; run nothing.")
    boolean list;

    @Option(names = "--only", split = ",", paramLabel = "NAME", description = "Run only these figures (repeatable or comma-separated).")
    List<String> only = new ArrayList<>();

    @Option(names = "--against", paramLabel = "REV", description = "Also run the whole-process figures with the jar of commit REV, "
            + "built in a temporary git worktree (removed afterwards), and print both columns and their ratio.")
    String against;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1", description = "Runs of each whole-process figure per column, "
            + "interleaved across columns; the table shows the median (default: 1).")
    int repeat;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures, every run included, as JSON to FILE.")
    Path json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    private final PrintStream log = System.err;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code. */
    static int run(String... args) {
        CommandLine cli = new CommandLine(new BenchMain());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof BenchException) {
                System.err.println("bench: " + e.getMessage());
                return 2;
            }
            if (e instanceof RunnerException) { // the benchmark's own failure is in JMH's log above
                System.err.println("bench: JMH failed: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return cli.execute(args);
    }

    private static List<String> names() {
        List<String> out = new ArrayList<>();
        Figure.ALL.forEach(f -> out.add(f.name()));
        Kernels.ALL.forEach(k -> out.add(k.name()));
        return out;
    }

    @Override
    public Integer call() throws Exception {
        if (list) {
            System.out.print(list());
            return 0;
        }
        Set<String> selected = selection();
        List<Figure> figures = Figure.ALL.stream().filter(f -> selected.contains(f.name())).toList();
        List<Kernels.Kernel> kernels = Kernels.ALL.stream().filter(k -> selected.contains(k.name())).toList();
        checkOptions(figures);
        Path home = Path.of(System.getProperty("qasim.home", ".")).toAbsolutePath().normalize();
        double loadAtStart = loadAverage();
        String date = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Path scratch = Files.createTempDirectory("qasim-bench-");
        List<Revision> columns = new ArrayList<>();
        Thread cleanup = new Thread(() -> cleanUp(columns, scratch));
        Runtime.getRuntime().addShutdownHook(cleanup); // Ctrl-C: the worktree and the reports go too
        try {
            columns.add(Revision.current(home));
            if (against != null) {
                columns.add(Revision.checkout(home, against, scratch, log));
            }
            List<Outcome> outcomes = runProcesses(figures, columns, new ProcessRunner(home, scratch));
            List<Kernels.Result> results = kernels.isEmpty() ? List.of()
                    : Kernels.run(kernels, home, quick);
            Report.Machine machine = new Report.Machine(date, Runtime.getRuntime().availableProcessors(),
                    System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                    System.getProperty("java.version"), Version.getPlainVersion(), loadAtStart, loadAverage());
            Report report = new Report(machine, columns, repeat, outcomes, results);
            System.out.print(report.text());
            System.out.flush();
            if (json != null) {
                writeJson(report);
            }
            boolean failed = outcomes.stream().anyMatch(o -> IntStream.range(0, columns.size()).anyMatch(c -> !o.ok(c)));
            return failed ? 1 : 0;
        } finally {
            cleanUp(columns, scratch);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down (Ctrl-C): the hook runs, and finds nothing left to remove
            }
        }
    }

    /** What --list prints: every figure's name, what it measures and how; "quick" for those --quick runs. */
    static String list() {
        List<List<String>> rows = new ArrayList<>();
        for (Figure f : Figure.ALL) {
            rows.add(List.of(f.name(), f.quick() ? "quick" : "", f.what()));
            rows.add(List.of("", "", f.commandLine()));
        }
        for (Kernels.Kernel k : Kernels.ALL) {
            List<String> labels = new ArrayList<>(k.benchmarks().values());
            for (int i = 0; i < labels.size(); i++) {
                rows.add(List.of(i == 0 ? k.name() : "", "quick", "JMH: " + labels.get(i)));
            }
        }
        return Table.align(rows, 3);
    }

    /** The figures to run: --only's names (each checked), else all or, with --quick, the quick ones and every kernel. */
    private Set<String> selection() {
        List<String> known = names();
        Set<String> out = new LinkedHashSet<>();
        for (String name : only) {
            if (!known.contains(name)) {
                throw new BenchException("--only " + name + ": no such figure; the figures are " + String.join(", ", known));
            }
            out.add(name);
        }
        if (!out.isEmpty()) {
            return out;
        }
        Figure.ALL.stream().filter(f -> f.quick() || !quick).forEach(f -> out.add(f.name()));
        Kernels.ALL.forEach(k -> out.add(k.name()));
        return out;
    }

    private void checkOptions(List<Figure> figures) {
        if (repeat < 1 || repeat > 100) {
            throw new BenchException("--repeat " + repeat + ": give 1..100 runs per figure");
        }
        if (against != null && figures.isEmpty()) {
            throw new BenchException("--against " + against + " compares whole-process figures, and none is selected");
        }
        if (!figures.isEmpty() && !Files.isExecutable(ProcessRunner.GNU_TIME)) {
            throw new BenchException("the whole-process figures need GNU time at " + ProcessRunner.GNU_TIME
                    + " (Debian package time) for the processes' peak RSS");
        }
        if (json != null) {
            Path dir = json.toAbsolutePath().getParent();
            if (Files.isDirectory(json) || dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
                throw new BenchException("--json " + json + ": not a file in a writable folder");
            }
        }
    }

    private List<Outcome> runProcesses(List<Figure> figures, List<Revision> columns, ProcessRunner runner)
            throws IOException, InterruptedException {
        List<Outcome> out = new ArrayList<>();
        int total = figures.size() * repeat * columns.size();
        int done = 0;
        for (Figure f : figures) {
            List<List<Sample>> samples = new ArrayList<>();
            columns.forEach(c -> samples.add(new ArrayList<>()));
            for (int i = 0; i < repeat; i++) {
                for (int c = 0; c < columns.size(); c++) {
                    Sample s = runner.run(f, columns.get(c).tree());
                    samples.get(c).add(s);
                    log.printf("bench: [%d/%d] %s with %s: %s%n", ++done, total, f.name(), columns.get(c).label(), s);
                }
            }
            out.add(new Outcome(f, samples));
        }
        return out;
    }

    /** Written beside the file first and moved over it, so that a failed write leaves no half-written file. */
    private void writeJson(Report report) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Path target = json.toAbsolutePath();
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            mapper.writeValue(tmp.toFile(), report.json(mapper));
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        log.println("bench: wrote " + target);
    }

    /** Removes the --against worktree and the scratch folder; safe to call twice (the shutdown hook and the end). */
    private synchronized void cleanUp(List<Revision> columns, Path scratch) {
        try {
            for (Revision r : columns) {
                r.close();
            }
            if (Files.exists(scratch)) {
                MoreFiles.deleteRecursively(scratch);
            }
        } catch (IOException | BenchException e) {
            log.println("bench: could not clean up (" + e.getMessage() + "); remove " + scratch + " by hand");
        }
    }

    /** The 1-minute load average, or -1 without /proc/loadavg. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
