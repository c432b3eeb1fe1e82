package dev.qasim.report;

import dev.qasim.config.Dataflow;
import dev.qasim.engine.Engine;
import dev.qasim.engine.EngineOptions;
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

    /** One run of the demo, its report.json, and its wall time. */
    private record Timed(RunReport run, ReportDocument report, double seconds) {}

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
            String folder = FolderNames.of(t.report().workload().name()) + "/";
            ReportFiles.render(t.run(), t.report(), ReportFiles.ALL, Map.of())
                    .forEach((name, bytes) -> files.put(folder + name, bytes));
        }
        files.put(SUMMARY, summary.getBytes(StandardCharsets.UTF_8));
        out.write(files);
        return summary;
    }

    private static String mwText(Double mw) {
        return mw == null ? "unpriced" : String.format(Locale.ROOT, "%.1f mW", mw);
    }

    private static Timed timed(RunJob job, Function<RunJob, Simulator.Listener> progress) {
        long start = System.nanoTime();
        RunReport report = job.execute(progress.apply(job), null, null);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Timed(report, ReportEntries.document(report), seconds);
    }

    private static String summary(List<Timed> runs, List<Timed> points) {
        StringBuilder s = new StringBuilder();
        ReportDocument first = runs.get(0).report();
        ReportArch arch = first.arch();
        s.append("# qasim demo\n\n");
        s.append(String.format(Locale.ROOT, "Architecture %s: %dx%d %s array, %d-bit multipliers, %d-bit accumulators, %s MHz.%n",
                arch.name(), arch.array().rows(), arch.array().cols(), arch.array().dataflow(), arch.pe().multiplierBits(),
                arch.pe().accumulatorBits(), Columns.fixed(arch.clockMHz().doubleValue())));
        s.append("Every layer simulated with real integer values (synthetic, seeded), every output compared with a\n");
        s.append("direct-loop reference.\n\n");
        s.append("One run of a workload is one inference: its energy is the energy per inference, its latency the latency of one.\n\n");
        runs(s, runs);
        energy(s, first);
        dataflows(s, first, points);
        s.append("\ncycles = compute cycles + stall cycles (+ widen-replay); latency cycles = cycles + the initial fills of every\n");
        s.append("layer's buffers (+ the post-processing unit's cycles of a model): docs/reports.md.\n");
        s.append("\nFull reports (json, csv, md, html and charts) per workload are in the folders next to this file.\n");
        return s.toString();
    }

    /** The table of the workloads' runs: work, cycles, energy, overflow, bit-exactness and simulation speed. */
    private static void runs(StringBuilder s, List<Timed> runs) {
        s.append("| workload | layers | MACs | compute cycles | cycles | latency cycles | latency ms | util % | GOPS | energy uJ | dynamic uJ | static uJ | power mW | overflow events | bit-exact layers | simulated in |\n");
        s.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Timed t : runs) {
            ReportDocument d = t.report();
            Totals r = d.totals();
            double pj = r.power().energyPj();
            double latencyUs = r.work().latencyUs();
            long macs = r.work().macs();
            long exact = d.layers().stream().filter(l -> Boolean.TRUE.equals(l.checks().output().bitExact())).count();
            s.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %.3f | %s | %s | %.1f | %.1f | %.1f | %.0f | %s | %d of %d | %.2f s (%.2f G MAC/s) |%n",
                    d.workload().name(), d.layers().size(), Columns.count(macs), Columns.count(r.cycles().computeCycles()),
                    Columns.count(r.cycles().cycles()), Columns.count(r.cycles().latencyCycles()), latencyUs / 1000,
                    Columns.percent(r.work().utilization()), Columns.fixed(r.work().throughputGops()), pj / 1e6,
                    r.power().dynamicEnergyPj() / 1e6, r.power().staticEnergyPj() / 1e6, pj / (latencyUs * 1000),
                    Columns.count(r.overflowEvents()), exact, d.layers().size(), t.seconds(), macs / t.seconds() / 1e9));
        }
    }

    /** The first workload's static power, energy split, area and energy breakdown. */
    private static void energy(StringBuilder s, ReportDocument first) {
        s.append(String.format(Locale.ROOT, "%nStatic power of the architecture: %.1f mW (array %s, registers %s, SRAM %s). %s%n",
                first.energyModel().staticPowerMw().total(), mwText(first.energyModel().staticPowerMw().array()),
                mwText(first.energyModel().staticPowerMw().registers()), mwText(first.energyModel().staticPowerMw().sram()),
                MarkdownRenderer.technology(first.energyModel())));
        s.append(String.format(Locale.ROOT, "%nEnergy of %s by kind and part (uJ):%n%n| uJ | compute | registers | SRAM | DRAM | total |%n"
                + "| --- | --- | --- | --- | --- | --- |%n", first.workload().name()));
        for (List<String> row : MarkdownRenderer.splitRows(first.totals().power())) {
            s.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        s.append(String.format(Locale.ROOT, "%n![Energy of %s: dynamic and static, by part](%s/charts/breakdown.svg)%n",
                first.workload().name(), FolderNames.of(first.workload().name())));
        ReportDocument.Area area = first.energyModel().area();
        double firstPj = first.totals().power().energyPj();
        s.append(String.format(Locale.ROOT, "%nArea %.1f mm^2 (array %.1f, buffers %.1f) and energy from %s (%s); energy of %s by component: %s.%n",
                area.totalUm2() / 1e6, area.arrayUm2() / 1e6, area.sramUm2() == null ? Double.NaN : area.sramUm2() / 1e6,
                first.energyModel().table(), first.energyModel().source(), first.workload().name(),
                String.join(", ", first.totals().energyBreakdownPj().entrySet().stream()
                        .map(c -> String.format(Locale.ROOT, "%s %.0f %%", c.getKey(), 100 * c.getValue() / firstPj)).toList())));
    }

    /** The first workload at each of the demo's dataflow points. */
    private static void dataflows(StringBuilder s, ReportDocument first, List<Timed> points) {
        s.append(String.format(Locale.ROOT, "%n## %s under every dataflow%n%n", first.workload().name()));
        s.append("Back-to-back folds reproduce SCALE-Sim v2's cycle model (its printed total + 1 per layer, unlimited bandwidth);\n");
        s.append("these runs use the architecture's memory system, so stalls are included.\n\n");
        s.append("| dataflow | folds | compute cycles | stall cycles | cycles | latency cycles | util % | latency ms | energy uJ |\n");
        s.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Timed t : points) {
            ReportDocument d = t.report();
            Counters.Cycles c = d.totals().cycles();
            s.append(String.format(Locale.ROOT, "| %s, %s | %s | %s | %s | %s | %s | %s | %.3f | %.1f |%n",
                    d.arch().array().dataflow(), d.arch().array().overlapFolds() ? "overlapped" : "back to back",
                    Columns.count(d.layers().stream().mapToLong(l -> l.shape().folds()).sum()), Columns.count(c.computeCycles()),
                    Columns.count(c.stallCycles()), Columns.count(c.cycles()), Columns.count(c.latencyCycles()),
                    Columns.percent(d.totals().work().utilization()),
                    d.totals().work().latencyUs() / 1000, d.totals().power().energyPj() / 1e6));
        }
    }
}
