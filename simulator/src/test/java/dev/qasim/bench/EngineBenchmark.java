package dev.qasim.bench;

import dev.qasim.config.ArchConfig;
import dev.qasim.config.ArchLoader;
import dev.qasim.engine.ArrayRun;
import dev.qasim.engine.EngineOptions;
import dev.qasim.engine.FastEngine;
import dev.qasim.engine.SteppedEngine;
import dev.qasim.workload.Layer;
import dev.qasim.workload.Lowered;
import dev.qasim.workload.Workload;
import dev.qasim.workload.WorkloadLoader;
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
 * BenchMain} turns them into MACs per second and ratios.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class EngineBenchmark {
    /** Default architecture. */
    ArchConfig arch;
    /** ResNet-18's layers with their values, lowered. */
    List<Lowered> resnet18;
    /** The same layers lowered into plain arrays for the reference loop: per layer and group, X (M x K) and W (N x K). */
    List<byte[][]> plain;
    List<int[]> plainShapes;
    /** A mid-size GEMM for the stepped engine. */
    Lowered steppedLayer;

    static Path home() {
        return Path.of(System.getProperty("qasim.home", "."));
    }

    @Setup(Level.Trial)
    public void setUp() {
        arch = ArchLoader.load(home().resolve("arch-configs/tpu-like-int8.yaml"), List.of());
        Workload w = WorkloadLoader.load(home().resolve("workloads/resnet18.yaml"));
        resnet18 = new ArrayList<>();
        plain = new ArrayList<>();
        plainShapes = new ArrayList<>();
        for (Layer layer : w.layers()) {
            Lowered l = new Lowered(layer, WorkloadLoader.values(layer));
            resnet18.add(l);
            for (int g = 0; g < l.form().groups(); g++) {
                int m = l.form().m();
                int n = l.form().n();
                int k = l.form().k();
                int[] x = new int[m * k];
                l.dataRows(g, 0, m, x);
                int[] wc = l.weightColumns(g);
                byte[] xb = new byte[x.length];
                byte[] wb = new byte[wc.length];
                for (int i = 0; i < x.length; i++) {
                    xb[i] = (byte) x[i]; // u8 data, read back with & 0xFF
                }
                for (int i = 0; i < wc.length; i++) {
                    wb[i] = (byte) wc[i];
                }
                plain.add(new byte[][] {xb, wb});
                plainShapes.add(new int[] {m, n, k});
            }
        }
        Workload gemm = WorkloadLoader.load(home().resolve("workloads/gemm-64.yaml"));
        Layer g = gemm.layers().get(0);
        steppedLayer = new Lowered(g, WorkloadLoader.values(g));
    }

    /** MACs of ResNet-18. */
    public long resnet18Macs() {
        return resnet18.stream().mapToLong(l -> l.form().macs()).sum();
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
            byte[] x = plain.get(i)[0];
            byte[] w = plain.get(i)[1];
            int m = plainShapes.get(i)[0];
            int n = plainShapes.get(i)[1];
            int k = plainShapes.get(i)[2];
            for (int r = 0; r < m; r++) {
                for (int c = 0; c < n; c++) {
                    int acc = 0;
                    for (int j = 0; j < k; j++) {
                        acc += (x[r * k + j] & 0xFF) * w[c * k + j];
                    }
                    sum += acc;
                }
            }
        }
        return sum;
    }

    /** The register-level model on GEMM 64x64x64 with the 128x128 array. */
    @Benchmark
    public long steppedEngineGemm64() {
        return new SteppedEngine().run(arch, steppedLayer, EngineOptions.defaults()).computeCycles();
    }
}
