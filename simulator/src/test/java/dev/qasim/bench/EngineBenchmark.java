package dev.qasim.bench;

import dev.qasim.config.ArchConfig;
import dev.qasim.config.ArchLoader;
import dev.qasim.engine.ArrayRun;
import dev.qasim.engine.EngineOptions;
import dev.qasim.engine.FastEngine;
import dev.qasim.engine.SteppedEngine;
import dev.qasim.workload.Lowered;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engines against a plain int8 GEMM loop, on ResNet-18 with the default architecture (128x128 ws, int8,
 * 32-bit accumulators, overlapped folds, wrap). Every benchmark reports seconds per whole workload; {@link
 * BenchMain} turns them into MACs per second and ratios. The fork loads the incubator vector module as
 * {@code tools/qasim} does, so the fast engine runs its vector kernels (without it, its scalar loops).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xmx2g"}, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class EngineBenchmark {
    static final String ARCH = "arch-configs/tpu-like-int8.yaml";
    static final String RESNET18 = "workloads/resnet18.yaml";
    static final String GEMM64 = "workloads/gemm-64.yaml";
    /** Default architecture. */
    ArchConfig arch;
    /** ResNet-18's layers with their values, lowered. */
    List<Lowered> resnet18;
    /** The same layers as plain int8 arrays for the reference loop, with an output array each. */
    List<Int8Gemm> plain;
    List<int[]> plainOutputs;
    /** A mid-size GEMM for the stepped engine. */
    Lowered steppedLayer;

    static Path home() {
        return Path.of(System.getProperty("qasim.home", "."));
    }

    @Setup(Level.Trial)
    public void setUp() {
        arch = ArchLoader.load(home().resolve(ARCH), List.of());
        resnet18 = Int8Gemm.lowered(home(), RESNET18);
        plain = new ArrayList<>();
        plainOutputs = new ArrayList<>();
        for (Lowered l : resnet18) {
            for (int g = 0; g < l.form().groups(); g++) {
                Int8Gemm gemm = Int8Gemm.of(l, g);
                plain.add(gemm);
                plainOutputs.add(new int[gemm.m() * gemm.n()]);
            }
        }
        steppedLayer = Int8Gemm.lowered(home(), GEMM64).get(0);
    }

    /** The fast engine on every ResNet-18 layer: values computed, every partial sum overflow-checked or bounded, cycles counted. */
    @Benchmark
    public long fastEngineResnet18() {
        long sum = 0;
        FastEngine engine = new FastEngine();
        for (Lowered l : resnet18) {
            ArrayRun r = engine.run(arch, l, EngineOptions.defaults());
            sum += r.computeCycles() + r.outputs().get(0);
        }
        return sum;
    }

    /** The plain int8 GEMM loop over the same lowered matrices, one thread: the yardstick. */
    @Benchmark
    public long plainInt8GemmResnet18() {
        long sum = 0;
        for (int i = 0; i < plain.size(); i++) {
            Int8Gemm g = plain.get(i);
            g.plainRows(0, g.m(), plainOutputs.get(i));
            sum += plainOutputs.get(i)[0];
        }
        return sum;
    }

    /** The register-level model on GEMM 64x64x64 with the 128x128 array. */
    @Benchmark
    public long steppedEngineGemm64() {
        return new SteppedEngine().run(arch, steppedLayer, EngineOptions.defaults()).computeCycles();
    }
}
