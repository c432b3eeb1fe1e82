package dev.qasim.rtl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The two checks every generated folder must pass (docs/rtl.md): {@code verilator --lint-only -Wall} with
 * DECLFILENAME and UNUSEDPARAM excepted, and Yosys's {@code read_verilog -sv} (with {@code hierarchy -check},
 * which elaborates the design, when asked).
 */
public final class Lint {
    private Lint() {}

    /** What a tool said and whether it passed. */
    public record Outcome(boolean passed, String output) {}

    /**
     * Verilator's lint of every {@code .sv} file in a folder with {@code qasim_top} as the top.
     *
     * @param overrides {@code -GNAME=VALUE} parameter overrides (empty: the architecture's values)
     */
    public static Outcome verilator(Path folder, List<String> overrides) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Tools.verilator().toString(), "--lint-only", "-Wall", "-Wno-DECLFILENAME",
                "-Wno-UNUSEDPARAM", "--top-module", RtlDesign.TOP));
        cmd.addAll(overrides);
        cmd.addAll(files(folder));
        return run(cmd, folder);
    }

    /**
     * Yosys reads every {@code .sv} file of a folder; with {@code elaborate}, also checks the hierarchy under qasim_top
     * (reading with {@code -defer}, so that only the modules' parameterizations the top uses are elaborated: the
     * stationary array names both PE kinds, and a folder holds the one its architecture uses).
     */
    public static Outcome yosys(Path folder, boolean elaborate) throws IOException, InterruptedException {
        String files = String.join(" ", files(folder));
        String script = elaborate ? "read_verilog -sv -defer " + files + "; hierarchy -check -top " + RtlDesign.TOP
                : "read_verilog -sv " + files;
        return run(List.of(Tools.yosys().toString(), "-q", "-p", script), folder);
    }

    private static List<String> files(Path folder) throws IOException {
        try (Stream<Path> all = Files.list(folder)) {
            return all.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sv")).sorted().toList();
        }
    }

    private static Outcome run(List<String> cmd, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return new Outcome(false, "timed out: " + out);
        }
        return new Outcome(p.exitValue() == 0, out);
    }
}
