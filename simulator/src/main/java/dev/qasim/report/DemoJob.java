package dev.qasim.report;

import dev.qasim.config.Dataflow;
import dev.qasim.engine.Engine;
import dev.qasim.engine.EngineOptions;
import dev.qasim.engine.LayerResult;
import dev.qasim.engine.RunResult;
import dev.qasim.engine.Simulator;
import dev.qasim.input.Section;
import dev.qasim.workload.WorkloadLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code qasim demo}: the default architecture on the default workloads, every value simulated and every
 * output checked against the direct-loop reference, one full report per workload, then the same first
 * workload under every dataflow, side by side. Returns the summary it prints.
 */
public final class DemoJob {
    /** The summary of every run, beside the reports. */
    static final String SUMMARY = "summary.md";
    /** The default architecture and workloads, relative to the project folder. */
    public static final String ARCH = "arch-configs/tpu-like-int8.yaml";
    public static final List<String> WORKLOADS = List.of("workloads/resnet18.yaml", "workloads/mlp-784-512-512-10.yaml",
            "workloads/bert-base-encoder.yaml");

    private DemoJob() {}

    /** One run of the demo, with its wall time. */
    private record Timed(RunReport report, double seconds) {}

    /** The top-level files and folders the demo writes: summary.md and a folder per workload (its name). */
    public static List<String> reportNames(Path home) {
        List<String> names = new ArrayList<>(List.of(SUMMARY));
        for (String w : WORKLOADS) {
            names.add(FolderNames.of(WorkloadLoader.load(home.resolve(w)).name()));
        }
        return names;
    }

    /**
     * Runs the demo and writes {@code out/<workload>/report.*} and {@code out/summary.md}, the folder's report replaced
     * whole.
     *
     * @param progress creates a progress listener per workload (task name, layer count)
     * @return the summary text (markdown, readable as plain text)
     */
    public static String run(Path home, ReportFolder out, String command, Function<RunJob, Simulator.Listener> progress) {
        Path arch = home.resolve(ARCH);
        List<RunJob> jobs = new ArrayList<>();
        for (String w : WORKLOADS) {
            jobs.add(RunJob.prepare(arch, List.of(), home.resolve(w), Engine.Kind.FAST, EngineOptions.defaults(), true, command));
        }
        List<Timed> runs = new ArrayList<>();
        for (RunJob job : jobs) {
            runs.add(timed(job, progress));
        }
        // design points: the first workload under every dataflow, folds overlapped and back to back
        List<Timed> points = new ArrayList<>();
        for (Dataflow d : Dataflow.values()) {
            for (boolean overlap : new boolean[] {true, false}) {
                List<String> set = List.of("array.dataflow=" + Section.yamlName(d), "array.overlapFolds=" + overlap);
                points.add(timed(RunJob.prepare(arch, set, home.resolve(WORKLOADS.get(0)), Engine.Kind.FAST,
                        EngineOptions.defaults(), false, command), progress));
            }
        }
        // every report and the summary in one write: the folder holds the old demo or the new one, never a mix
        Map<String, byte[]> files = new LinkedHashMap<>();
        String summary = summary(runs, points);
        for (Timed t : runs) {
            String folder = FolderNames.of(t.report().result().workload()) + "/";
            ReportFiles.render(t.report(), ReportFiles.ALL, Map.of()).forEach((name, bytes) -> files.put(folder + name, bytes));
        }
        files.put(SUMMARY, summary.getBytes(StandardCharsets.UTF_8));
        out.write(files);
        return summary;
    }

    private static Timed timed(RunJob job, Function<RunJob, Simulator.Listener> progress) {
        long start = System.nanoTime();
        RunReport report = job.execute(progress.apply(job), null, null);
        return new Timed(report, (System.nanoTime() - start) / 1e9);
    }

    private static String summary(List<Timed> runs, List<Timed> points) {
        StringBuilder s = new StringBuilder();
        RunResult first = runs.get(0).report().result();
        s.append("# qasim demo\n\n");
        s.append(String.format(Locale.ROOT, "Architecture %s: %dx%d %s array, %d-bit multipliers, %d-bit accumulators, %s MHz.%n",
                first.arch().name(), first.arch().array().rows(), first.arch().array().cols(),
                Section.yamlName(first.arch().array().dataflow()), first.arch().pe().multiplierBits(),
                first.arch().pe().accumulatorBits(), Columns.fixed(first.arch().clockMHz())));
        s.append("Every layer simulated with real integer values (synthetic, seeded), every output compared with a\n");
        s.append("direct-loop reference.\n\n");
        s.append("| workload | layers | MACs | cycles | latency ms | util % | GOPS | energy uJ | power mW | overflow events | bit-exact layers | simulated in |\n");
        s.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Timed t : runs) {
            RunResult r = t.report().result();
            double pj = t.report().energyPj();
            long exact = r.layers().stream().filter(l -> Boolean.TRUE.equals(l.output().bitExact())).count();
            s.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %.3f | %s | %s | %.1f | %.0f | %s | %d of %d | %.2f s (%.2f G MAC/s) |%n",
                    r.workload(), r.layers().size(), Columns.count(r.macs()), Columns.count(r.cycles()), r.latencyUs() / 1000,
                    Columns.percent(r.utilization()), Columns.fixed(r.throughputGops()), pj / 1e6, pj / (r.latencyUs() * 1000),
                    Columns.count(r.overflowEvents()), exact, r.layers().size(), t.seconds(), r.macs() / t.seconds() / 1e9));
        }
        RunReport firstReport = runs.get(0).report();
        s.append(String.format(Locale.ROOT, "%nArea %.1f mm^2 (array %.1f, buffers %.1f) and energy from %s (%s); energy of %s by component: %s.%n",
                firstReport.energy().area().totalUm2() / 1e6, firstReport.energy().area().arrayUm2() / 1e6,
                firstReport.energy().area().sramUm2() / 1e6, firstReport.energy().table().name(), firstReport.energy().table().source(),
                first.workload(), String.join(", ", firstReport.energy().breakdownPj().entrySet().stream()
                        .map(c -> String.format(Locale.ROOT, "%s %.0f %%", c.getKey(), 100 * c.getValue() / firstReport.energyPj())).toList())));
        s.append(String.format(Locale.ROOT, "%n## %s under every dataflow%n%n", first.workload()));
        s.append("Back-to-back folds reproduce SCALE-Sim v2's cycle model (its printed total + 1 per layer, unlimited bandwidth);\n");
        s.append("these runs use the architecture's memory system, so stalls are included.\n\n");
        s.append("| dataflow | folds | compute cycles | stall cycles | total cycles | util % | latency ms | energy uJ |\n");
        s.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Timed t : points) {
            RunResult r = t.report().result();
            s.append(String.format(Locale.ROOT, "| %s, %s | %s | %s | %s | %s | %s | %.3f | %.1f |%n",
                    Section.yamlName(r.arch().array().dataflow()), r.arch().array().overlapFolds() ? "overlapped" : "back to back",
                    Columns.count(r.layers().stream().mapToLong(LayerResult::folds).sum()), Columns.count(r.computeCycles()),
                    Columns.count(r.stallCycles()), Columns.count(r.cycles()), Columns.percent(r.utilization()), r.latencyUs() / 1000,
                    t.report().energyPj() / 1e6));
        }
        s.append("\nFull reports (json, csv, md, html and charts) per workload are in the folders next to this file.\n");
        return s.toString();
    }
}
