package dev.qasim.bench;

import dev.qasim.config.ArchConfig;
import dev.qasim.config.ArchLoader;
import dev.qasim.engine.Mapping;
import dev.qasim.workload.Layer;
import dev.qasim.workload.WorkloadLoader;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link EngineBenchmark} with JMH and prints rates and ratios: simulated MACs per second of the fast
 * engine and of the plain int8 GEMM loop in the same run, and PE-cycles per second of the stepped engine.
 * Used by tools/bench.
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        String home = System.getProperty("qasim.home", ".");
        Options options = new OptionsBuilder().include(EngineBenchmark.class.getName())
                .jvmArgsAppend("-Dqasim.home=" + home).build();
        Map<String, Double> seconds = new TreeMap<>();
        for (RunResult r : new Runner(options).run()) {
            String name = r.getParams().getBenchmark();
            seconds.put(name.substring(name.lastIndexOf('.') + 1), r.getPrimaryResult().getScore());
        }
        EngineBenchmark b = new EngineBenchmark();
        b.setUp();
        long macs = b.resnet18Macs();
        ArchConfig arch = ArchLoader.load(java.nio.file.Path.of(home, "arch-configs/tpu-like-int8.yaml"), List.of());
        Layer gemm = WorkloadLoader.load(java.nio.file.Path.of(home, "workloads/gemm-64.yaml")).layers().get(0);
        long peCycles = Mapping.of(arch, gemm.matrixForm()).computeCycles() * arch.array().rows() * arch.array().cols();
        double fast = macs / seconds.get("fastEngineResnet18");
        double plain = macs / seconds.get("plainInt8GemmResnet18");
        System.out.printf(Locale.ROOT, "%nResNet-18 (%,d MACs) on tpu-like-int8, %d cores:%n", macs, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "  fast engine:           %.3f s per run = %.2e simulated MACs/s%n", seconds.get("fastEngineResnet18"), fast);
        System.out.printf(Locale.ROOT, "  plain int8 GEMM loop:  %.3f s per run = %.2e MACs/s (one thread)%n", seconds.get("plainInt8GemmResnet18"), plain);
        System.out.printf(Locale.ROOT, "  ratio fast engine / plain loop: %.2f%n", fast / plain);
        System.out.printf(Locale.ROOT, "stepped engine, GEMM 64x64x64 on 128x128 (%,d PE-cycles): %.4f s per run = %.2e PE-cycles/s%n",
                peCycles, seconds.get("steppedEngineGemm64"), peCycles / seconds.get("steppedEngineGemm64"));
    }
}
