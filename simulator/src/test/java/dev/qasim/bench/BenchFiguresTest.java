package dev.qasim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qasim.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tools/bench's figures are command lines qasim accepts (so the bench cannot rot), and its options are checked
 * before anything runs. Each figure runs here in-process on a small workload; the figures' real sizes only
 * run in tools/bench.
 */
class BenchFiguresTest {
    static final Path HOME = Path.of(System.getProperty("qasim.home", "..")).toAbsolutePath().normalize();
    /** Design points of the bench's sweep grids. */
    private static final Map<String, Long> POINTS = Map.of("sweep-values", 6L, "sweep-values-30", 30L, "sweep-shape", 9L,
            "sweep-shape-972", 972L);

    @TempDir
    Path dir;

    @Test
    void figureArgumentsResolveInputsUnderTheTreeAndTheReportFolderAndShowThemRelative() {
        Figure f = Figure.ALL.get(0);
        List<String> args = f.args(Path.of("/tree"), Path.of("/tmp/out"));
        assertThat(args).containsSubsequence("--arch", "/tree/arch-configs/tpu-like-int8.yaml").containsSubsequence("--out", "/tmp/out");
        assertThat(f.commandLine()).isEqualTo("qasim run --arch arch-configs/tpu-like-int8.yaml --workload workloads/resnet18.yaml --out TMP");
    }

    @Test
    void everyRunAndSweepFigureIsACommandLineQasimAcceptsAndEachSweepRunsAllItsPoints() throws IOException {
        for (Figure f : Figure.ALL) {
            if (f.args().get(0).equals("reproduce")) {
                continue; // needs Fashion-MNIST and half a minute even with --limit 10: too slow for a unit test
            }
            Path out = dir.resolve(f.name());
            List<String> args = new ArrayList<>(f.args(HOME, out));
            int w = args.indexOf("--workload") + 1;
            if (args.get(w).endsWith(".yaml")) {
                args.set(w, HOME.resolve("workloads/conv-28x28x16.yaml").toString()); // small, the same layer kind
            }
            StringWriter err = new StringWriter();
            int code = Main.run(args.toArray(new String[0]), new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
            assertThat(code).as("%s: %s", f.name(), err).isZero();
            if (f.sweep()) {
                assertThat(ProcessRunner.points(out.resolve("sweep.json"))).as(f.name()).isEqualTo(POINTS.get(f.name()));
            }
        }
    }

    @Test
    void anUnknownFigureNameOrABadRepeatCountIsRefusedWithExitTwoBeforeAnythingRuns() {
        assertThat(BenchMain.run("--only", "resnet18-run,nope")).isEqualTo(2);
        assertThat(BenchMain.run("--repeat", "0", "--only", "stepped")).isEqualTo(2);
        assertThat(BenchMain.run("--against", "HEAD", "--only", "stepped")).isEqualTo(2);
        assertThat(BenchMain.run("--json", dir.resolve("missing/out.json").toString(), "--only", "stepped")).isEqualTo(2);
    }

    @Test
    void theListNamesEveryFigureWithItsCommand() {
        String list = BenchMain.list();
        for (Figure f : Figure.ALL) {
            assertThat(list).contains(f.name()).contains(f.commandLine());
        }
        Kernels.ALL.forEach(k -> assertThat(list).contains(k.name()));
    }
}
