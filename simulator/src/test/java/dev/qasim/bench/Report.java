package dev.qasim.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a bench run found, as the plain table tools/bench prints and as JSON (--json).
 *
 * @param machine   where and when it ran
 * @param columns   the trees measured: this tree, then the --against revision if any
 * @param repeat    runs per figure and column (the table shows their median)
 * @param processes the whole-process figures that ran
 * @param kernels   the kernel figures that ran (this tree only)
 */
record Report(Machine machine, List<Revision> columns, int repeat, List<Outcome> processes, List<Kernels.Result> kernels) {
    /**
     * @param date        when the bench started (ISO-8601)
     * @param cores       the processors Java sees
     * @param system      operating system, version and architecture
     * @param java        the JVM's version
     * @param jmh         JMH's version
     * @param loadAtStart the 1-minute load average when the bench started (-1 where /proc/loadavg is missing)
     * @param loadAtEnd   the same when it ended
     */
    record Machine(String date, int cores, String system, String java, String jmh, double loadAtStart, double loadAtEnd) {}

    Report {
        columns = List.copyOf(columns);
        processes = List.copyOf(processes);
        kernels = List.copyOf(kernels);
    }

    /** The table tools/bench prints on stdout. */
    String text() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "qasim bench, %s: %d cores, %s, Java %s; load average %.2f at the start, %.2f at the end%n",
                machine.date(), machine.cores(), machine.system(), machine.java(), machine.loadAtStart(), machine.loadAtEnd()));
        if (!processes.isEmpty()) {
            processText(out);
        }
        if (!kernels.isEmpty()) {
            kernelText(out);
        }
        return out.toString();
    }

    private void processText(StringBuilder out) {
        out.append(String.format(Locale.ROOT, "%nWhole process: a fresh tools/qasim process per run (java -jar simulator/target/qasim.jar),%n"
                + "reports to a temporary folder; wall time around the process, CPU time (user + system) and peak RSS%n"
                + "from its rusage (GNU time)%s.%n%n", repeat == 1 ? "" : "; the median of " + repeat + " runs"));
        List<List<String>> rows = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("figure", "measure"));
        columns.forEach(c -> head.add(c.label()));
        if (columns.size() == 2) {
            head.add("ratio");
        }
        rows.add(head);
        List<String> failures = new ArrayList<>();
        for (Outcome o : processes) {
            for (Outcome.Measure m : o.measures()) {
                rows.add(row(o, m));
            }
            for (int c = 0; c < columns.size(); c++) {
                Sample f = o.failure(c);
                if (f != null) {
                    failures.add(o.figure().name() + " [" + columns.get(c).label() + "]: exit " + f.exitCode() + ": " + f.error());
                }
            }
        }
        out.append(Table.align(rows, 2));
        if (columns.size() == 2) {
            out.append("ratio: ").append(columns.get(0).label()).append(" over ").append(columns.get(1).label())
                    .append(" (below 1 is better for s and MiB, above 1 for points/s); both ran this tree's input files\n");
        }
        failures.forEach(f -> out.append("failed: ").append(f).append('\n'));
        out.append('\n');
        List<List<String>> legend = new ArrayList<>();
        for (Outcome o : processes) {
            legend.add(List.of(o.figure().name(), o.figure().what()));
            legend.add(List.of("", o.figure().commandLine()));
        }
        out.append(Table.align(legend, 2));
    }

    private List<String> row(Outcome o, Outcome.Measure m) {
        List<String> row = new ArrayList<>(List.of(m == o.measures().get(0) ? o.figure().name() : "", m.heading));
        for (int c = 0; c < columns.size(); c++) {
            row.add(o.ok(c) ? String.format(Locale.ROOT, m.format, o.median(c, m)) : "failed");
        }
        if (columns.size() == 2) {
            boolean both = o.ok(0) && o.ok(1) && o.median(1, m) > 0;
            row.add(both ? String.format(Locale.ROOT, "%.2f", o.median(0, m) / o.median(1, m)) : "-");
        }
        return row;
    }

    private void kernelText(StringBuilder out) {
        out.append(String.format(Locale.ROOT, "%nKernels: JMH %s, one fork per benchmark, seconds per run (mean +- 99.9 %% error); this tree only.%n%n",
                machine.jmh()));
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("kernel", "s per run", "rate"));
        for (Kernels.Result r : kernels) {
            rows.add(List.of(r.what(), String.format(Locale.ROOT, "%.4f +- %.4f", r.seconds(), r.error()),
                    String.format(Locale.ROOT, "%.3e %s", r.rate(), r.unit())));
        }
        out.append(Table.align(rows, 1));
        ratio(out, Kernels.FAST, Kernels.PLAIN, "fast engine / plain int8 loop", "all cores against 1 thread");
        ratio(out, Kernels.FAST, Kernels.VECTOR_ALL, "fast engine / Vector API int8 limit", "all cores against all cores");
        ratio(out, Kernels.VECTOR_ALL, Kernels.VECTOR_ONE, "Vector API, all cores / 1 thread", "the cores' scaling");
        long macs = kernels.stream().filter(r -> r.unit().equals("MACs/s")).mapToLong(r -> (long) r.work()).findFirst().orElse(0);
        if (macs > 0) {
            out.append(String.format(Locale.ROOT, "(ResNet-18: %,d MACs on the default architecture, the same lowered matrices for all)%n", macs));
        }
    }

    private void ratio(StringBuilder out, String a, String b, String what, String note) {
        Double r = ratio(a, b);
        if (r != null) {
            out.append(String.format(Locale.ROOT, "%s: %.2f (%s)%n", what, r, note));
        }
    }

    /** The rate of kernel a over the rate of kernel b, or null when either did not run. */
    Double ratio(String a, String b) {
        Kernels.Result ra = kernel(a);
        Kernels.Result rb = kernel(b);
        return ra == null || rb == null ? null : ra.rate() / rb.rate();
    }

    private Kernels.Result kernel(String benchmark) {
        return kernels.stream().filter(r -> r.benchmark().equals(benchmark)).findFirst().orElse(null);
    }

    /** The same figures as JSON: every run, the medians, the kernels and their ratios. */
    ObjectNode json(ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        root.set("machine", mapper.valueToTree(machine));
        ArrayNode cols = root.putArray("columns");
        columns.forEach(c -> cols.addObject().put("label", c.label()).put("commit", c.commit()));
        root.put("repeat", repeat);
        ArrayNode procs = root.putArray("wholeProcess");
        for (Outcome o : processes) {
            ObjectNode p = procs.addObject().put("name", o.figure().name()).put("what", o.figure().what())
                    .put("command", o.figure().commandLine());
            ArrayNode perColumn = p.putArray("columns");
            for (int c = 0; c < columns.size(); c++) {
                ObjectNode col = perColumn.addObject().put("label", columns.get(c).label()).put("ok", o.ok(c));
                ObjectNode median = col.putObject("median");
                for (Outcome.Measure m : o.measures()) {
                    median.put(m.key, o.ok(c) ? o.median(c, m) : null);
                }
                col.set("runs", mapper.valueToTree(o.columns().get(c)));
            }
        }
        ArrayNode ks = root.putArray("kernels");
        kernels.forEach(r -> ks.addObject().put("benchmark", r.benchmark()).put("what", r.what()).put("secondsPerRun", r.seconds())
                .put("error", r.error()).put("workPerRun", r.work()).put("rate", r.rate()).put("unit", r.unit()));
        ObjectNode ratios = root.putObject("ratios");
        ratios.put("fastOverPlain", ratio(Kernels.FAST, Kernels.PLAIN));
        ratios.put("fastOverVectorAllCores", ratio(Kernels.FAST, Kernels.VECTOR_ALL));
        ratios.put("vectorAllCoresOverOneThread", ratio(Kernels.VECTOR_ALL, Kernels.VECTOR_ONE));
        return root;
    }
}
