package dev.qasim.bench;

import dev.qasim.config.ArchConfig;
import dev.qasim.config.ArchLoader;
import dev.qasim.engine.Mapping;
import dev.qasim.workload.Layer;
import dev.qasim.workload.WorkloadLoader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The kernel figures: JMH benchmarks in forks of their own, turned into rates. The fast engine, the plain int8
 * loop and the Vector API kernel all do ResNet-18's MACs on the default architecture (the same lowered
 * matrices), so their rates divide like with like; the stepped engine is rated in PE-cycles per second on GEMM
 * 64x64x64 (the array's rows x columns x compute cycles).
 */
final class Kernels {
    /**
     * A kernel figure: what --only names, and the JMH benchmarks it runs.
     *
     * @param name       what --only takes
     * @param benchmarks the benchmark methods, Class.method within dev.qasim.bench, with a label each
     */
    record Kernel(String name, Map<String, String> benchmarks) {}

    /** A measured benchmark: seconds per run (JMH's mean and its 99.9 % error), the work of a run and its unit. */
    record Result(String benchmark, String what, double seconds, double error, double work, String unit) {
        double rate() {
            return work / seconds;
        }
    }

    static final String FAST = "EngineBenchmark.fastEngineResnet18";
    static final String PLAIN = "EngineBenchmark.plainInt8GemmResnet18";
    static final String VECTOR_ONE = "VectorLimitBenchmark.vectorInt8GemmOneThread";
    static final String VECTOR_ALL = "VectorLimitBenchmark.vectorInt8GemmAllCores";
    static final String STEPPED = "EngineBenchmark.steppedEngineGemm64";

    static final List<Kernel> ALL = List.of(
            new Kernel("fast-engine", Map.of(FAST, "fast engine, ResNet-18 (all cores)")),
            new Kernel("plain-loop", Map.of(PLAIN, "plain int8 GEMM loop, ResNet-18 (1 thread)")),
            new Kernel("vector-limit", ordered(VECTOR_ONE, "Vector API int8 GEMM, ResNet-18 (1 thread)", VECTOR_ALL,
                    "Vector API int8 GEMM, ResNet-18 (all cores)")),
            new Kernel("stepped", Map.of(STEPPED, "stepped engine, GEMM 64x64x64 on 128x128")));

    private Kernels() {}

    private static Map<String, String> ordered(String k1, String v1, String k2, String v2) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    /**
     * Runs the benchmarks of {@code kernels} with JMH, its log to stderr, and returns their results in the
     * order of {@link #ALL}. Quick: one warm-up and three measured iterations of 3 s
     * instead of the benchmarks' own 3 and 5 of 10 s.
     */
    static List<Result> run(List<Kernel> kernels, Path home, boolean quick) throws RunnerException {
        Map<String, String> labels = new LinkedHashMap<>();
        kernels.forEach(k -> labels.putAll(k.benchmarks()));
        ChainedOptionsBuilder options = new OptionsBuilder().jvmArgsPrepend("-Dqasim.home=" + home).shouldFailOnError(true);
        for (String b : labels.keySet()) {
            options.include("^" + Pattern.quote(Kernels.class.getPackageName() + "." + b) + "$");
        }
        if (quick) {
            options.warmupIterations(1).warmupTime(TimeValue.seconds(3)).measurementIterations(3)
                    .measurementTime(TimeValue.seconds(3));
        }
        Map<String, RunResult> byName = new LinkedHashMap<>();
        Runner runner = new Runner(options.build(), OutputFormatFactory.createFormatInstance(stderrKeptOpen(), VerboseMode.NORMAL));
        for (RunResult r : runWhenFree(runner)) {
            String name = r.getParams().getBenchmark();
            byName.put(name.substring(Kernels.class.getPackageName().length() + 1), r);
        }
        List<Result> out = new ArrayList<>();
        for (Map.Entry<String, String> e : labels.entrySet()) {
            RunResult r = byName.get(e.getKey());
            if (r == null) {
                throw new BenchException("JMH gave no result for " + e.getKey() + " (its log is above)");
            }
            boolean stepped = e.getKey().equals(STEPPED);
            out.add(new Result(e.getKey(), e.getValue(), r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError(),
                    stepped ? steppedPeCycles(home) : resnet18Macs(home), stepped ? "PE-cycles/s" : "MACs/s"));
        }
        return out;
    }

    /**
     * Stderr behind a stream whose close does nothing, for JMH's log: JMH closes its output at the end. (Its
     * own output option would open /dev/stderr anew, truncating a file that stderr is redirected to.)
     */
    private static PrintStream stderrKeptOpen() {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                System.err.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                System.err.write(b, off, len);
            }

            @Override
            public void flush() {
                System.err.flush();
            }
        }, true, StandardCharsets.UTF_8);
    }

    /**
     * Runs JMH, waiting while another JMH run on this machine holds its lock (two benchmarks at once would spoil
     * each other's figures): a message on stderr, then a try every 10 s, for an hour at most.
     */
    private static Collection<RunResult> runWhenFree(Runner runner) throws RunnerException {
        for (int waited = 0;; waited += 10) {
            try {
                return runner.run();
            } catch (RunnerException e) {
                boolean locked = String.valueOf(e.getMessage()).contains("Unable to acquire the JMH lock");
                if (!locked || waited >= 3600) {
                    throw e;
                }
                if (waited == 0) {
                    System.err.println("bench: another JMH run holds its lock (" + System.getProperty("java.io.tmpdir")
                            + "/jmh.lock); waiting for it to finish");
                }
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException i) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** MACs of ResNet-18 (padding zeros included), from its shapes. */
    static long resnet18Macs(Path home) {
        return WorkloadLoader.load(home.resolve(EngineBenchmark.RESNET18)).layers().stream()
                .mapToLong(l -> l.matrixForm().macs()).sum();
    }

    /** PE-cycles of GEMM 64x64x64 on the default architecture: its compute cycles times rows times columns. */
    static long steppedPeCycles(Path home) {
        ArchConfig arch = ArchLoader.load(home.resolve(EngineBenchmark.ARCH), List.of());
        Layer gemm = WorkloadLoader.load(home.resolve(EngineBenchmark.GEMM64)).layers().get(0);
        return Mapping.of(arch, gemm.matrixForm()).computeCycles() * arch.array().rows() * arch.array().cols();
    }
}
