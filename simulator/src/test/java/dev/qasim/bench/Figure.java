package dev.qasim.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole-process figure of tools/bench: one qasim command line, run as a user runs it, in a fresh process.
 * In {@link #args}, {@code {in}/PATH} is an input file of the tree the inputs come from and {@code {out}} the
 * run's temporary report folder.
 *
 * @param name  the figure's name (what --only takes)
 * @param what  what it measures, for the table's legend
 * @param args  qasim's arguments
 * @param quick whether --quick runs it
 * @param sweep whether it is a sweep, whose design points per second are reported (from its sweep.json)
 */
record Figure(String name, String what, List<String> args, boolean quick, boolean sweep) {
    static final String IN = "{in}/";
    static final String OUT = "{out}";
    /** The bench's own inputs (sweep grids), beside its sources. */
    static final String GRIDS = IN + "simulator/src/test/resources/dev/qasim/bench/";
    private static final String ARCH = IN + "arch-configs/tpu-like-int8.yaml";
    private static final String RESNET18 = IN + "workloads/resnet18.yaml";

    /** Every figure, in the order they run. */
    static final List<Figure> ALL = List.of(
            new Figure("resnet18-run", "ResNet-18 run: values, output check, reports (default architecture)",
                    run(ARCH, RESNET18), true, false),
            new Figure("resnet18-no-check", "the same with --no-check", plus(run(ARCH, RESNET18), "--no-check"), true, false),
            new Figure("resnet50-run", "ResNet-50 run", run(ARCH, IN + "workloads/resnet50.yaml"), false, false),
            new Figure("vgg16-run", "VGG-16 run", run(ARCH, IN + "workloads/vgg16.yaml"), false, false),
            new Figure("sweep-values", "sweep with values, ResNet-18, 6 points (dataflows x overlapped folds)",
                    sweep(RESNET18, "values-6.yaml"), false, true),
            new Figure("sweep-values-30", "the shipped sweep dataflow-array-acc with values, ResNet-18, 30 points (arrays x "
                    + "dataflows x 16/32-bit accumulators)", List.of("sweep", "--arch", ARCH, "--workload", RESNET18, "--grid",
                    IN + "arch-configs/sweeps/dataflow-array-acc.yaml", "--out", OUT), false, true),
            new Figure("sweep-shape", "shape-only sweep (--values off) of SCALE-Sim's ResNet-18 topology, 9 points",
                    plus(sweep(IN + "workloads/scalesim-resnet18.csv", "shape-9.yaml"), "--values", "off"), true, true),
            new Figure("sweep-shape-972", "shape-only sweep (--values off) of ResNet-18, 972 points (arrays, dataflows, "
                    + "accumulators, DRAM bandwidth)", plus(sweep(RESNET18, "shape-972.yaml"), "--values", "off"), false, true),
            new Figure("term-serial-acc12", "ResNet-18 on the term-serial tr-fpga-64x128 with a 12-bit accumulator",
                    plus(run(IN + "arch-configs/tr-fpga-64x128.yaml", RESNET18), "--set", "pe.accumulatorBits=12"), false, false),
            new Figure("reproduce-cnn", "reproduce accumulator-widths-cnn --limit 300 (Fashion-MNIST CNN)",
                    List.of("reproduce", "accumulator-widths-cnn", "--limit", "300", "--out", OUT), false, false));

    Figure {
        args = List.copyOf(args);
        if (!name.matches("[a-z0-9-]+") || args.isEmpty()) {
            throw new IllegalArgumentException("a figure needs a lower-case name and arguments: " + name + " " + args);
        }
    }

    private static List<String> run(String arch, String workload) {
        return List.of("run", "--arch", arch, "--workload", workload, "--out", OUT);
    }

    private static List<String> sweep(String workload, String grid) {
        return List.of("sweep", "--arch", ARCH, "--workload", workload, "--grid", GRIDS + grid, "--out", OUT);
    }

    private static List<String> plus(List<String> args, String... more) {
        List<String> out = new ArrayList<>(args);
        out.addAll(List.of(more));
        return out;
    }

    /** The arguments with input files under {@code inputs} and the report folder {@code out}. */
    List<String> args(Path inputs, Path out) {
        List<String> resolved = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith(IN)) {
                resolved.add(inputs.resolve(a.substring(IN.length())).toString());
            } else {
                resolved.add(a.equals(OUT) ? out.toString() : a);
            }
        }
        return resolved;
    }

    /** The command line as the legend shows it: input files relative to the tree, the report folder as TMP. */
    String commandLine() {
        List<String> shown = new ArrayList<>();
        for (String a : args) {
            shown.add(a.startsWith(IN) ? a.substring(IN.length()) : a.equals(OUT) ? "TMP" : a);
        }
        return "qasim " + String.join(" ", shown);
    }
}
