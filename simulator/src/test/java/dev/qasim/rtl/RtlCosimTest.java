package dev.qasim.rtl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qasim.arith.OverflowPolicy;
import dev.qasim.config.ArchConfig;
import dev.qasim.config.ArchLoader;
import dev.qasim.config.ArrayConfig;
import dev.qasim.config.Dataflow;
import dev.qasim.config.EnergyConfig;
import dev.qasim.config.MemoryConfig;
import dev.qasim.config.PeConfig;
import dev.qasim.config.PeKind;
import dev.qasim.config.TermsConfig;
import dev.qasim.engine.ArrayRun;
import dev.qasim.engine.CycleTrace.Edge;
import dev.qasim.engine.EngineOptions;
import dev.qasim.engine.Mapping;
import dev.qasim.engine.ProcessingElement;
import dev.qasim.engine.SteppedEngine;
import dev.qasim.engine.TestLayers;
import dev.qasim.model.Dataset;
import dev.qasim.model.Model;
import dev.qasim.model.ModelLoader;
import dev.qasim.model.ModelOptions;
import dev.qasim.terms.Encoding;
import dev.qasim.workload.Layer;
import dev.qasim.workload.Lowered;
import dev.qasim.workload.Workload;
import dev.qasim.workload.WorkloadLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated RTL, built by Verilator with the co-simulation testbench, equals the stepped engine cycle for
 * cycle: every value at the array's edges (stream, preload or weights entering, partial sums entering and
 * leaving), every output with its cycle, every overflow event, and the cycle the run ends (or traps). Each
 * configuration is one Verilator build, reused for all its layers (docs/rtl.md).
 */
class RtlCosimTest {
    private static final Path HOME = Path.of(System.getProperty("qasim.home", ".."));
    /** Layers, cycles and events compared, per dataflow and PE kind (printed at the end for the docs). */
    private static final Map<String, long[]> COMPARED = new ConcurrentHashMap<>();

    @TempDir
    Path scratch;

    /** A random-layer configuration: one build. */
    record Config(int rows, int cols, Dataflow dataflow, boolean overlap, int mulBits, int accBits, int lanes,
                  OverflowPolicy policy) {
        ArchConfig arch() {
            return new ArchConfig("cosim", 1000, new ArrayConfig(rows, cols, dataflow, overlap),
                    new PeConfig(PeKind.MAC, mulBits, accBits, accBits * lanes, policy),
                    new TermsConfig(Encoding.HESE, Encoding.HESE, 8, null, null, 1),
                    new MemoryConfig(64, 64, 64, Double.POSITIVE_INFINITY), new EnergyConfig(EnergyConfig.DEFAULT_TABLE));
        }

        @Override
        public String toString() {
            return rows + "x" + cols + " " + dataflow + (overlap ? " overlapped" : " back-to-back") + ", " + mulBits + "-bit multipliers, "
                    + accBits + "-bit " + policy.name().toLowerCase() + " accumulators, " + lanes + (lanes == 1 ? " lane" : " lanes");
        }
    }

    /** A random-layer configuration of a term-serial array (HESE, one pair a cycle): one build. */
    record TermConfig(int rows, int cols, Dataflow dataflow, boolean overlap, int mulBits, int accBits, OverflowPolicy policy,
                      int groupSize, int groupBudget, int dataTerms) {
        ArchConfig arch() {
            return new ArchConfig("cosim-term", 1000, new ArrayConfig(rows, cols, dataflow, overlap),
                    new PeConfig(PeKind.TERM_SERIAL, mulBits, accBits, accBits, policy),
                    new TermsConfig(Encoding.HESE, Encoding.HESE, groupSize, groupBudget, dataTerms, 1),
                    new MemoryConfig(64, 64, 64, Double.POSITIVE_INFINITY), new EnergyConfig(EnergyConfig.DEFAULT_TABLE));
        }

        @Override
        public String toString() {
            return rows + "x" + cols + " " + dataflow.name().toLowerCase() + " term-serial" + (overlap ? " overlapped" : " back-to-back") + ", " + mulBits + "-bit operands, "
                    + accBits + "-bit " + policy.name().toLowerCase() + " accumulators, g " + groupSize + ", k " + groupBudget + ", s "
                    + dataTerms;
        }
    }

    /**
     * Term-serial arrays of every dataflow with overlapped and back-to-back folds, groups of 2 to 4 and budgets that
     * cut terms, narrow accumulators so that wrap and saturate overflow often.
     */
    static Stream<TermConfig> termConfigs() {
        return Stream.of(
                new TermConfig(3, 2, Dataflow.WS, true, 8, 10, OverflowPolicy.WRAP, 3, 4, 2),
                new TermConfig(2, 3, Dataflow.WS, false, 6, 6, OverflowPolicy.SATURATE, 2, 2, 2),
                new TermConfig(2, 2, Dataflow.WS, true, 8, 12, OverflowPolicy.SATURATE, 4, 5, 3),
                new TermConfig(3, 2, Dataflow.IS, true, 7, 7, OverflowPolicy.SATURATE, 3, 4, 2),
                new TermConfig(2, 3, Dataflow.IS, false, 8, 8, OverflowPolicy.WRAP, 2, 2, 3),
                new TermConfig(3, 2, Dataflow.OS, true, 8, 9, OverflowPolicy.WRAP, 3, 3, 2),
                new TermConfig(4, 3, Dataflow.OS, false, 6, 7, OverflowPolicy.SATURATE, 4, 4, 3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("termConfigs")
    void theTermSerialRtlEqualsTheSteppedEngineCycleForCycleOnRandomSmallLayers(TermConfig config) throws Exception {
        ArchConfig arch = config.arch();
        VerilatorModel model = VerilatorModel.of(arch);
        SplittableRandom random = new SplittableRandom(2121 + config.toString().hashCode()); // a stable seed per configuration
        int layers = 12;
        int overflowed = 0;
        int partialRowFolds = 0;
        int partialColumnFolds = 0;
        int signedData = 0;
        int cutWeights = 0;
        for (int i = 0; i < layers; i++) {
            Layer layer = TestLayers.random(random, "r" + i, config.mulBits());
            Result r = compare(arch, model, TestLayers.lowered(layer), random.nextLong());
            overflowed += r.run.overflowEvents() > 0 ? 1 : 0;
            Mapping map = ProcessingElement.of(arch).map(arch.array(), layer);
            partialRowFolds += map.spatialRows() % map.rows() != 0 ? 1 : 0;
            partialColumnFolds += map.spatialCols() % map.slots() != 0 ? 1 : 0;
            signedData += layer.spec().data().signedness() == dev.qasim.arith.Signedness.SIGNED ? 1 : 0;
            cutWeights += r.run.arrayValues() != null && !java.util.Arrays.equals(r.run.arrayValues().weights().data(),
                    r.layer.values().weights().data()) ? 1 : 0;
        }
        // the layers exercise what the configuration is for
        assertThat(partialRowFolds).as("layers with a partial row fold").isGreaterThan(2);
        assertThat(partialColumnFolds).as("layers with a partial column fold").isGreaterThan(2);
        assertThat(signedData).as("layers with signed data").isBetween(2, layers - 2);
        assertThat(cutWeights).as("layers whose weights lost terms to the budget").isGreaterThan(2);
        assertThat(overflowed).as("layers that overflowed").isGreaterThan(2);
    }

    /**
     * The shipped term-revealing design (tr-fpga-64x128: HESE, g 8, k 12, s 3, 32-bit wrapping accumulators) cut to
     * 8 x 8, on the shipped convolution (synthetic values) and on the last layer of the MNIST MLP with real digits;
     * that layer also on the same array input and output stationary.
     */
    @Test
    void theShippedConvolutionAndARealMnistLayerOnAn8x8TermRevealingArrayEqualTheSteppedEngine() throws Exception {
        ArchConfig arch = ArchLoader.load(HOME.resolve("arch-configs/tr-fpga-64x128.yaml"), List.of("array.rows=8", "array.cols=8"));
        Result conv = compareShipped(arch, "workloads/conv-28x28x16.yaml");
        // the schedule's beats of k s = 36 cycles, and two encoder cycles per fold
        Mapping map = ProcessingElement.of(arch).map(arch.array(), conv.layer.layer());
        assertThat(conv.run.computeCycles()).as("cycles").isEqualTo(map.computeCycles() * 12 * 3 + map.folds() * 2L);
        Dataset mnist = Dataset.load(HOME.resolve("workloads/mnist"));
        Model model = ModelLoader.load(HOME.resolve("workloads/models/mlp-784-512-512-10-mnist.onnx"), ModelOptions.defaults(),
                Map.of("input", mnist.test().images(0, 16)), Map.of("input", new int[] {16, 784}));
        Layer last = model.workload().layers().get(2);
        compare(arch, VerilatorModel.of(arch), new Lowered(last, WorkloadLoader.values(last)), 1);
        for (String dataflow : List.of("is", "os")) {
            ArchConfig other = ArchLoader.load(HOME.resolve("arch-configs/tr-fpga-64x128.yaml"), List.of("array.rows=8", "array.cols=8",
                    "array.dataflow=" + dataflow));
            compare(other, VerilatorModel.of(other), new Lowered(last, WorkloadLoader.values(last)), 1);
        }
    }

    /**
     * Every dataflow with overlapped and back-to-back folds, one and several lanes; narrow accumulators so that
     * wrap and saturate overflow often; trap on each dataflow.
     */
    static Stream<Config> configs() {
        return Stream.of(
                new Config(3, 2, Dataflow.WS, true, 8, 9, 2, OverflowPolicy.WRAP),
                new Config(2, 3, Dataflow.WS, false, 6, 7, 1, OverflowPolicy.SATURATE),
                new Config(3, 3, Dataflow.IS, true, 8, 8, 2, OverflowPolicy.SATURATE),
                new Config(2, 4, Dataflow.IS, false, 5, 6, 1, OverflowPolicy.WRAP),
                new Config(3, 2, Dataflow.OS, true, 8, 9, 3, OverflowPolicy.WRAP),
                new Config(4, 3, Dataflow.OS, false, 7, 7, 1, OverflowPolicy.SATURATE),
                new Config(3, 3, Dataflow.WS, true, 4, 5, 2, OverflowPolicy.TRAP),
                new Config(2, 3, Dataflow.IS, false, 4, 4, 3, OverflowPolicy.TRAP),
                new Config(3, 2, Dataflow.OS, true, 4, 5, 2, OverflowPolicy.TRAP));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void theRtlEqualsTheSteppedEngineCycleForCycleOnRandomSmallLayers(Config config) throws Exception {
        ArchConfig arch = config.arch();
        VerilatorModel model = VerilatorModel.of(arch);
        SplittableRandom random = new SplittableRandom(2121 + config.toString().hashCode()); // a stable seed per configuration
        int layers = 16;
        int overflowed = 0;
        int trapped = 0;
        int partialRowFolds = 0;
        int partialColumnFolds = 0;
        int signedData = 0;
        for (int i = 0; i < layers; i++) {
            Layer layer = TestLayers.random(random, "r" + i, config.mulBits());
            Result r = compare(arch, model, TestLayers.lowered(layer), random.nextLong());
            overflowed += r.run.overflowEvents() > 0 ? 1 : 0;
            trapped += r.run.trapped() ? 1 : 0;
            Mapping map = Mapping.of(arch, layer.matrixForm());
            partialRowFolds += map.spatialRows() % map.rows() != 0 ? 1 : 0;
            partialColumnFolds += map.spatialCols() % map.slots() != 0 ? 1 : 0;
            signedData += layer.spec().data().signedness() == dev.qasim.arith.Signedness.SIGNED ? 1 : 0;
        }
        // the layers exercise what the configuration is for
        assertThat(partialRowFolds).as("layers with a partial row fold").isGreaterThan(2);
        assertThat(partialColumnFolds).as("layers with a partial column fold").isGreaterThan(2);
        assertThat(signedData).as("layers with signed data").isBetween(2, layers - 2);
        if (config.policy() == OverflowPolicy.TRAP) {
            assertThat(trapped).as("layers that trapped").isGreaterThan(2).isLessThan(layers);
        } else {
            assertThat(overflowed).as("layers that overflowed").isGreaterThan(2);
        }
    }

    @Test
    void theShippedConvolutionOnTheShipped16x16OutputStationaryArrayEqualsTheSteppedEngine() throws Exception {
        ArchConfig arch = ArchLoader.load(HOME.resolve("arch-configs/edge-os-16x16.yaml"), List.of());
        Result r = compareShipped(arch, "workloads/conv-28x28x16.yaml");
        assertThat(r.run.computeCycles()).as("cycles").isEqualTo(Mapping.of(arch, r.layer.form()).computeCycles());
    }

    @Test
    void theShippedConvolutionOnAn8x8WeightStationaryInt8ArrayEqualsTheSteppedEngine() throws Exception {
        ArchConfig arch = ArchLoader.load(HOME.resolve("arch-configs/tpu-like-int8.yaml"), List.of("array.rows=8", "array.cols=8"));
        Result r = compareShipped(arch, "workloads/conv-28x28x16.yaml");
        assertThat(r.run.computeCycles()).as("cycles").isEqualTo(Mapping.of(arch, r.layer.form()).computeCycles());
    }

    /**
     * Real data: the MNIST MLP (workloads/models) quantized to 8 bits on 16 real test digits (workloads/mnist); its
     * three layers, with the model's weights and the activations of those digits, on the shipped 16x16 os array
     * (16-bit saturating accumulators: the real sums saturate) and its last layer on 8x8 ws and is arrays.
     */
    @Test
    void theMnistMlpOnRealDigitsEqualsTheSteppedEngineLayerByLayer() throws Exception {
        Dataset mnist = Dataset.load(HOME.resolve("workloads/mnist"));
        Model model = ModelLoader.load(HOME.resolve("workloads/models/mlp-784-512-512-10-mnist.onnx"), ModelOptions.defaults(),
                Map.of("input", mnist.test().images(0, 16)), Map.of("input", new int[] {16, 784}));
        ArchConfig os = ArchLoader.load(HOME.resolve("arch-configs/edge-os-16x16.yaml"), List.of());
        long events = 0;
        for (Layer layer : model.workload().layers()) {
            Result r = compare(os, VerilatorModel.of(os), new Lowered(layer, WorkloadLoader.values(layer)), 1);
            events += r.run.overflowEvents();
        }
        assertThat(events).as("saturating additions of the real sums in 16 bits").isPositive();
        Layer last = model.workload().layers().get(2);
        for (String dataflow : List.of("ws", "is")) {
            ArchConfig arch = ArchLoader.load(HOME.resolve("arch-configs/tpu-like-int8.yaml"),
                    List.of("array.rows=8", "array.cols=8", "array.dataflow=" + dataflow));
            compare(arch, VerilatorModel.of(arch), new Lowered(last, WorkloadLoader.values(last)), 1);
        }
    }

    @Test
    void aMismatchNamesTheFirstCyclePeAndSignal() throws Exception {
        // the RTL of a wrapping array against the stepped engine of the same array saturating: the first overflow
        // that changes a value shows first at the bottom of its column
        Config wrap = new Config(3, 2, Dataflow.WS, true, 8, 12, 2, OverflowPolicy.WRAP);
        VerilatorModel model = VerilatorModel.of(wrap.arch());
        ArchConfig saturating = new Config(3, 2, Dataflow.WS, true, 8, 12, 2, OverflowPolicy.SATURATE).arch();
        Lowered layer = TestLayers.lowered(TestLayers.gemm(4, 3, 9));
        EdgeTrace.Recorder recorder = new EdgeTrace.Recorder(8);
        ArrayRun run = new SteppedEngine().run(saturating, layer, new EngineOptions(20, recorder));
        assertThat(run.overflowEvents()).as("the layer overflows").isPositive();
        EdgeTrace engine = recorder.trace(run.computeCycles(), run.trapped());
        EdgeTrace rtl = model.run(LayerProgram.of(wrap.arch(), layer, 1), run.computeCycles() + 100, scratch);
        String difference = EdgeTrace.firstDifference(rtl, engine);
        System.out.println("rtl co-simulation, a wrapping RTL against a saturating qasim: " + difference);
        assertThat(difference).matches("cycle \\d+, PE\\(2,[01]\\) lane [01], psum-out: RTL -?\\d+, qasim -?\\d+");
        long cycle = Long.parseLong(difference.split("[ ,]")[1]);
        assertThat(cycle).as("after the first overflow").isGreaterThanOrEqualTo(run.overflow().first().get(0).where().cycle());
    }

    @Test
    void aTermSerialMismatchNamesTheFirstCyclePeAndSignal() throws Exception {
        // the RTL of a wrapping term-serial array against the stepped engine of the same array saturating
        TermConfig wrap = termConfigs().findFirst().orElseThrow();
        assertThat(wrap.policy()).isEqualTo(OverflowPolicy.WRAP);
        VerilatorModel model = VerilatorModel.of(wrap.arch());
        ArchConfig saturating = new TermConfig(wrap.rows(), wrap.cols(), wrap.dataflow(), wrap.overlap(), wrap.mulBits(), wrap.accBits(),
                OverflowPolicy.SATURATE, wrap.groupSize(), wrap.groupBudget(), wrap.dataTerms()).arch();
        Lowered layer = TestLayers.lowered(TestLayers.gemm(4, 3, 9));
        EdgeTrace.Recorder recorder = EdgeTrace.Recorder.values();
        ArrayRun run = new SteppedEngine().run(saturating, layer, new EngineOptions(20, recorder));
        assertThat(run.overflowEvents()).as("the layer overflows").isPositive();
        EdgeTrace engine = recorder.trace(run.computeCycles(), run.trapped());
        EdgeTrace rtl = model.run(LayerProgram.of(wrap.arch(), layer, 1), run.computeCycles() + 100, scratch);
        String difference = EdgeTrace.firstDifference(rtl, engine);
        System.out.println("rtl co-simulation, a wrapping term-serial RTL against a saturating qasim: " + difference);
        assertThat(difference).matches("cycle \\d+, PE\\(\\d,\\d\\) lane 0, (overflow|psum-out): .*");
        long cycle = Long.parseLong(difference.split("[ ,]")[1]);
        assertThat(cycle).as("after the first overflow").isGreaterThanOrEqualTo(run.overflow().first().get(0).where().cycle());
    }

    @AfterAll
    static void summary() {
        COMPARED.forEach((kind, c) -> System.out.printf("rtl co-simulation %s: %d layers (%d trapped), %d cycles, %d events equal"
                + " (%d outputs, %d overflow events)%n", kind, c[0], c[5], c[1], c[2], c[3], c[4]));
    }

    record Result(Lowered layer, ArrayRun run, EdgeTrace rtl) {}

    private Result compareShipped(ArchConfig arch, String workload) throws Exception {
        Workload w = WorkloadLoader.load(HOME.resolve(workload));
        Layer layer = w.layers().get(0);
        return compare(arch, VerilatorModel.of(arch), new Lowered(layer, WorkloadLoader.values(layer)), 1);
    }

    /** Runs a layer on both and asserts them equal; the RTL must also have popped every operand vector. */
    private Result compare(ArchConfig arch, VerilatorModel model, Lowered layer, long fillerSeed) throws Exception {
        boolean term = model.rtl.term();
        EdgeTrace.Recorder recorder = term ? EdgeTrace.Recorder.values() : new EdgeTrace.Recorder(arch.pe().multiplierBits());
        ArrayRun run = new SteppedEngine().run(arch, layer, new EngineOptions(20, recorder));
        EdgeTrace engine = recorder.trace(run.computeCycles(), run.trapped());
        EdgeTrace rtl = model.run(LayerProgram.of(arch, layer, fillerSeed), run.computeCycles() + 1000, scratch);
        String what = layer.layer() + " on " + arch.array() + " " + arch.pe();
        assertThat(EdgeTrace.firstDifference(rtl, engine)).as(what).isNull();
        if (!run.trapped()) {
            Mapping map = ProcessingElement.of(arch).map(arch.array(), layer.layer());
            long pre = map.preloads() ? (long) map.folds() * map.rows() : 0;
            assertThat(rtl.summary()).as(what).isEqualTo("end " + run.computeCycles() + " 0 0 " + pre + " " + (long) map.folds() * map.streamed());
            assertThat(engine.count(Edge.OUTPUT)).as("outputs " + what).isEqualTo(layer.form().outputs());
        }
        String kind = arch.array().dataflow().name().toLowerCase() + (term ? " term-serial" : "");
        long[] c = COMPARED.computeIfAbsent(kind, d -> new long[6]);
        synchronized (c) {
            c[0]++;
            c[1] += run.computeCycles();
            c[2] += engine.events();
            c[3] += engine.count(Edge.OUTPUT);
            c[4] += engine.count(Edge.OVERFLOW);
            c[5] += run.trapped() ? 1 : 0;
        }
        return new Result(layer, run, rtl);
    }
}
