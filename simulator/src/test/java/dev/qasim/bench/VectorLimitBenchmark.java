package dev.qasim.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
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
 * This CPU's int8 limit as Java reaches it: the Vector API GEMM ({@link VectorInt8Kernel}) over the same
 * lowered ResNet-18 matrices as {@link EngineBenchmark}'s plain loop (so the same MACs), on one thread and on
 * every core. Seconds per whole workload; {@link BenchMain} turns them into MACs per second. Its fork alone
 * adds the incubator module. The setup checks every output of the kernel against the plain loop and stops
 * the benchmark if one differs: a fast wrong kernel is no limit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xmx2g"}, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class VectorLimitBenchmark {
    /** Rows per task on every core: a multiple of the kernel's 4-row tiles. */
    private static final int BLOCK_ROWS = 64;
    List<Int8Gemm> gemms;
    List<int[]> outputs;
    /** The all-core tasks: per task {gemm index, first row, end row}. */
    int[][] tasks;

    @Setup(Level.Trial)
    public void setUp() {
        gemms = Int8Gemm.of(EngineBenchmark.home(), EngineBenchmark.RESNET18);
        outputs = new ArrayList<>();
        List<int[]> blocks = new ArrayList<>();
        for (int i = 0; i < gemms.size(); i++) {
            Int8Gemm g = gemms.get(i);
            int[] expected = new int[g.m() * g.n()];
            int[] got = new int[g.m() * g.n()];
            g.plainRows(0, g.m(), expected);
            VectorInt8Kernel.rows(g, 0, g.m(), got);
            if (!Arrays.equals(expected, got)) {
                throw new IllegalStateException("the Vector API kernel differs from the plain loop on GEMM " + i + " of ResNet-18");
            }
            outputs.add(got);
            for (int r = 0; r < g.m(); r += BLOCK_ROWS) {
                blocks.add(new int[] {i, r, Math.min(g.m(), r + BLOCK_ROWS)});
            }
        }
        tasks = blocks.toArray(new int[0][]);
    }

    /** Every GEMM of ResNet-18 on the calling thread. */
    @Benchmark
    public long vectorInt8GemmOneThread() {
        long sum = 0;
        for (int i = 0; i < gemms.size(); i++) {
            Int8Gemm g = gemms.get(i);
            VectorInt8Kernel.rows(g, 0, g.m(), outputs.get(i));
            sum += outputs.get(i)[0];
        }
        return sum;
    }

    /** The same on every core: blocks of rows in the common fork-join pool and the calling thread. */
    @Benchmark
    public long vectorInt8GemmAllCores() {
        IntStream.range(0, tasks.length).parallel().forEach(t -> {
            int[] task = tasks[t];
            VectorInt8Kernel.rows(gemms.get(task[0]), task[1], task[2], outputs.get(task[0]));
        });
        long sum = 0;
        for (int[] out : outputs) {
            sum += out[0];
        }
        return sum;
    }
}
