package dev.qasim.model;

import static dev.qasim.model.OnnxBuilder.FLOAT;
import static dev.qasim.model.OnnxBuilder.INT32;
import static dev.qasim.model.OnnxBuilder.INT8;
import static dev.qasim.model.OnnxBuilder.UINT8;
import static dev.qasim.model.OnnxBuilder.names;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.qasim.config.ArchConfig;
import dev.qasim.config.ArchLoader;
import dev.qasim.engine.Engine;
import dev.qasim.engine.EngineOptions;
import dev.qasim.engine.LayerResult;
import dev.qasim.input.BadInputException;
import dev.qasim.input.Problem;
import dev.qasim.model.ops.Ppu;
import dev.qasim.model.ops.PpuStats;
import dev.qasim.model.ops.Tensor;
import dev.qasim.quant.Calibration;
import dev.qasim.workload.Conv2d;
import dev.qasim.workload.FullyConnected;
import dev.qasim.workload.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelImportTest {
    static final Path HOME = Path.of(System.getProperty("qasim.home", ".."));

    @TempDir
    Path dir;

    static ArchConfig arch(String... overrides) {
        List<String> all = new java.util.ArrayList<>(List.of("array.rows=8", "array.cols=8"));
        all.addAll(List.of(overrides));
        return ArchLoader.load(HOME.resolve("arch-configs/tpu-like-int8.yaml"), all);
    }

    static ModelRun run(Model model, ArchConfig arch) {
        return model.run(arch, Engine.Kind.FAST, EngineOptions.defaults(), true, null, null, null);
    }

    @Test
    void floatCnnBecomesArrayLayersWithItsRealWeightsAndPpuWork() throws IOException {
        Model model = ModelLoader.load(OnnxBuilder.smallCnn(1).write(dir.resolve("cnn.onnx")), ModelOptions.defaults());
        assertThat(model.quantizedByQasim()).isTrue();
        Workload w = model.workload();
        assertThat(w.name()).isEqualTo("cnn");
        assertThat(w.layers()).extracting(l -> l.name()).containsExactly("conv1", "conv2", "fc");
        Conv2d conv2 = (Conv2d) w.layers().get(1);
        assertThat(conv2.groups()).isEqualTo(2);
        assertThat(conv2.h().size()).isEqualTo(4);
        assertThat(w.layers().get(2)).isInstanceOf(FullyConnected.class);
        assertThat(w.layers().get(0).spec().weights().toString()).isEqualTo("s8");
        assertThat(w.layers().get(1).spec().data().toString()).isEqualTo("u8"); // after ReLU and max pooling

        ModelRun run = run(model, arch());
        assertThat(run.array().layers()).allSatisfy(l -> assertThat(l.output().bitExact()).isTrue());
        assertThat(run.outputs()).hasSize(1);
        assertThat(run.outputs().get(0).values()).containsExactly(model.exactOutputs().get(0).values());
        assertThat(run.ppu()).extracting(PpuStats::node).contains("pool1", "add", "gap").doesNotContain("bn1", "relu1", "relu2");
        assertThat(run.postCycles()).isEqualTo(run.ppu().stream().mapToLong(PpuStats::cycles).sum()).isPositive();
        assertThat(run.array().notes()).anyMatch(n -> n.startsWith("post-processing unit: " + run.postCycles() + " cycles (8 lanes"));
        assertThat(run.array().notes()).anyMatch(n -> n.contains("equals the exact-arithmetic pass"));
    }

    @Test
    void accumulatorBoundsOfEveryLayerContainItsObservedSums() throws IOException {
        Model model = ModelLoader.load(OnnxBuilder.smallCnn(15).write(dir.resolve("cnn.onnx")), ModelOptions.defaults());
        var bounds = model.accumulatorBounds();
        assertThat(bounds).hasSize(3);
        for (var b : bounds) {
            assertThat(b.observedSaturateBits()).isBetween(b.observedWrapBits(), b.exactBits());
            assertThat(b.exactBits()).isLessThanOrEqualTo(b.a2qDataTypeBits());
            assertThat(b.a2qWeightBits()).isLessThanOrEqualTo(b.a2qDataTypeBits());
        }
        assertThat(bounds.get(0).k()).isEqualTo(27); // 3 x 3 x 3
        // a saturating array as wide as the widest observed prefix sum has no event; one bit less has some
        int widest = bounds.stream().mapToInt(b -> b.observedSaturateBits()).max().orElseThrow();
        ModelRun run = run(model, arch("pe.accumulatorBits=" + widest, "pe.overflow=saturate"));
        assertThat(run.array().overflowEvents()).isZero();
        ModelRun narrower = run(model, arch("pe.accumulatorBits=" + (widest - 1), "pe.overflow=saturate"));
        assertThat(narrower.array().overflowEvents()).isPositive();
    }

    @Test
    void eightBitQuantizedCnnFollowsTheFloatModelAndFourBitsLessClosely() throws IOException {
        Path file = OnnxBuilder.smallCnn(2).write(dir.resolve("cnn.onnx"));
        double sqnr8 = sqnrAgainstFloat(ModelLoader.load(file, ModelOptions.defaults()));
        double sqnr4 = sqnrAgainstFloat(ModelLoader.load(file, ModelOptions.defaults().withBits(4, 4)));
        assertThat(sqnr8).isGreaterThan(25);
        assertThat(sqnr4).isLessThan(sqnr8);
        double pow2 = sqnrAgainstFloat(ModelLoader.load(file, ModelOptions.defaults().withCalibration(Calibration.max().withPowerOfTwo())));
        assertThat(pow2).isGreaterThan(15);
    }

    private static double sqnrAgainstFloat(Model model) {
        ModelRun run = run(model, arch());
        String note = run.array().notes().stream().filter(n -> n.contains("against the float model")).findFirst().orElseThrow();
        return Double.parseDouble(note.replaceAll(".*SQNR ([-0-9.]+) dB.*", "$1"));
    }

    @Test
    void narrowSaturatingAccumulatorsChangeTheModelOutputAndAreCounted() throws IOException {
        Model model = ModelLoader.load(OnnxBuilder.smallCnn(3).write(dir.resolve("cnn.onnx")), ModelOptions.defaults());
        ModelRun run = run(model, arch("pe.accumulatorBits=12", "pe.overflow=saturate"));
        assertThat(run.array().overflowEvents()).isPositive();
        assertThat(run.outputs().get(0).values()).isNotEqualTo(model.exactOutputs().get(0).values());
        assertThat(run.array().notes()).anyMatch(n -> n.contains("differs from the exact-arithmetic pass"));
    }

    @Test
    void trapStopsTheModelRunWithANote() throws IOException {
        Model model = ModelLoader.load(OnnxBuilder.smallCnn(3).write(dir.resolve("cnn.onnx")), ModelOptions.defaults());
        ModelRun run = run(model, arch("pe.accumulatorBits=10", "pe.overflow=trap"));
        assertThat(run.outputs()).isEmpty();
        assertThat(run.array().layers().get(run.array().layers().size() - 1).trapped()).isTrue();
        assertThat(run.array().notes()).anyMatch(n -> n.contains("trapped; the model run stopped there"));
    }

    @Test
    void batchNormIsFoldedSoTheFloatPassMatchesTheUnfoldedGraph() throws IOException {
        OnnxBuilder b = OnnxBuilder.smallCnn(4);
        Graph graph = Graph.of(dev.qasim.model.onnx.Onnx.ModelProto.parseFrom(b.bytes()), "cnn", null);
        Graph folded = Quantization.foldBatchNorms(graph);
        assertThat(folded.nodes()).extracting(dev.qasim.model.ops.Node::op).doesNotContain("BatchNormalization");
        var inputs = ModelLoader.inputs(graph, ModelOptions.defaults(), "cnn");
        double[] plain = floatRun(graph, inputs);
        double[] withFold = floatRun(folded, inputs);
        for (int i = 0; i < plain.length; i++) {
            assertThat(Math.abs(withFold[i] - plain[i])).isLessThanOrEqualTo(1e-5 * Math.max(1e-3, Math.abs(plain[i])));
        }
    }

    private static double[] floatRun(Graph g, java.util.Map<String, Tensor> inputs) {
        Interpreter i = new Interpreter(g, "t", dev.qasim.workload.Reference::outputs, new Ppu(1, 64), java.util.Map.of(), 31);
        return ((Tensor.Real) i.run(inputs).get("logits")).data();
    }

    @Test
    void qdqConvWithZeroPointsAndPaddingEqualsTheFloatSemanticsOfItsNodes() throws IOException {
        // x (float) -> Q(u8, zp 128) -> DQ -> Conv(DQ(s8 per-channel weights), DQ(int32 bias)) -> Relu -> Q(u8) -> DQ
        OnnxBuilder b = new OnnxBuilder(5);
        SplittableRandom r = new SplittableRandom(6);
        int[] wq = new int[4 * 2 * 9];
        Arrays.setAll(wq, i -> r.nextInt(-127, 128));
        int[] bq = {100, -2000, 0, 555};
        double sx = 0.02;
        double[] sw = {0.01, 0.02, 0.005, 0.03};
        double sy = 0.05;
        b.input("x", FLOAT, 1, 2, 5, 5).output("y", FLOAT, 1, 4, 5, 5);
        b.initializer(OnnxBuilder.floats("sx", new int[0], new double[] {sx}))
                .initializer(OnnxBuilder.ints("zx", new int[0], UINT8, 128))
                .initializer(OnnxBuilder.ints("wq", new int[] {4, 2, 3, 3}, INT8, wq))
                .initializer(OnnxBuilder.floats("sw", new int[] {4}, sw))
                .initializer(OnnxBuilder.ints("zw", new int[] {4}, INT8, 0, 0, 0, 0))
                .initializer(OnnxBuilder.ints("bq", new int[] {4}, INT32, bq))
                .initializer(OnnxBuilder.floats("sb", new int[] {4}, new double[] {sx * sw[0], sx * sw[1], sx * sw[2], sx * sw[3]}))
                .initializer(OnnxBuilder.ints("zb", new int[] {4}, INT32, 0, 0, 0, 0))
                .initializer(OnnxBuilder.floats("sy", new int[0], new double[] {sy}))
                .initializer(OnnxBuilder.ints("zy", new int[0], UINT8, 3));
        b.node("QuantizeLinear", "qx", names("x", "sx", "zx"), names("xq"));
        b.node("DequantizeLinear", "dqx", names("xq", "sx", "zx"), names("xd"));
        b.node("DequantizeLinear", "dqw", names("wq", "sw", "zw"), names("wd"), "axis", 0);
        b.node("DequantizeLinear", "dqb", names("bq", "sb", "zb"), names("bd"), "axis", 0);
        b.node("Conv", "conv", names("xd", "wd", "bd"), names("c"), "pads", new int[] {1, 1, 1, 1});
        b.node("Relu", "relu", names("c"), names("rl"));
        b.node("QuantizeLinear", "qy", names("rl", "sy", "zy"), names("yq"));
        b.node("DequantizeLinear", "dqy", names("yq", "sy", "zy"), names("y"));
        double[] x = b.uniform(50, -2.5, 2.5);
        Path input = dir.resolve("x.npy");
        float[] xf = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            xf[i] = (float) x[i];
        }
        dev.qasim.workload.Npy.writeFloat32(input, new int[] {1, 2, 5, 5}, xf);
        Model model = ModelLoader.load(b.write(dir.resolve("qdq.onnx")), ModelOptions.defaults().withInputs(List.of(input)));
        assertThat(model.quantizedByQasim()).isFalse();
        assertThat(model.workload().layers()).singleElement().satisfies(l -> assertThat(l.spec().data().toString()).isEqualTo("u8"));
        ModelRun run = run(model, arch());
        double[] got = run.outputs().get(0).values();

        // the float semantics of the nodes, computed directly
        int[] xq = new int[50];
        for (int i = 0; i < 50; i++) {
            xq[i] = (int) Math.max(0, Math.min(255, Math.rint((float) xf[i] / (float) sx) + 128));
        }
        int equal = 0;
        for (int co = 0; co < 4; co++) {
            for (int oy = 0; oy < 5; oy++) {
                for (int ox = 0; ox < 5; ox++) {
                    double s = bq[co] * sx * sw[co];
                    for (int ci = 0; ci < 2; ci++) {
                        for (int u = 0; u < 3; u++) {
                            for (int v = 0; v < 3; v++) {
                                int yy = oy - 1 + u;
                                int xx = ox - 1 + v;
                                if (yy >= 0 && yy < 5 && xx >= 0 && xx < 5) {
                                    s += (xq[(ci * 5 + yy) * 5 + xx] - 128) * sx * wq[((co * 2 + ci) * 3 + u) * 3 + v] * sw[co];
                                }
                            }
                        }
                    }
                    double q = Math.max(0, Math.min(255, Math.rint(Math.max(0, s) / sy) + 3));
                    double expected = (q - 3) * sy;
                    double actual = got[(co * 5 + oy) * 5 + ox];
                    assertThat(Math.abs(actual - expected)).isLessThanOrEqualTo(sy * 1.0001);
                    equal += Math.abs(actual - expected) < 1e-6 ? 1 : 0;
                }
            }
        }
        assertThat(equal).isGreaterThanOrEqualTo(95);
        assertThat(run.ppu()).extracting(PpuStats::node).contains("qx", "conv", "dqy").doesNotContain("dqx", "dqw", "relu", "qy");
    }

    @Test
    void everyUnsupportedOperatorIsListedWithItsNodeAtOnce() throws IOException {
        OnnxBuilder b = new OnnxBuilder(7);
        b.input("x", FLOAT, 1, 4).output("z", FLOAT, 1, 4);
        b.node("Hardmax", "hard", names("x"), names("s"));
        b.node("Relu", "ok", names("s"), names("r"));
        b.node("Unique", "", names("r"), names("t"));
        b.node("com.example", "Magic", "magic", names("t"), names("z"));
        b.opset("com.example", 1);
        Path file = b.write(dir.resolve("bad-ops.onnx"));
        BadInputException e = (BadInputException) catchThrowable(() -> ModelLoader.load(file, ModelOptions.defaults()));
        assertThat(e).isNotNull();
        String rule = ": unsupported operator; the operators qasim runs are listed in docs/quantization.md";
        assertThat(e.problems()).extracting(Problem::message).containsExactly(
                file + ": graph.node[0] (hard) = Hardmax" + rule,
                file + ": graph.node[2] (Unique_2) = Unique" + rule,
                file + ": graph.node[3] (magic) = com.example.Magic" + rule);
    }

    @Test
    void valuesNobodyProducesAreReportedTogether() throws IOException {
        OnnxBuilder b = new OnnxBuilder(8);
        b.input("x", FLOAT, 1, 4).output("y", FLOAT, 1, 4).output("ghost", FLOAT, 1);
        b.node("Add", "add", names("x", "missing"), names("y"));
        Path file = b.write(dir.resolve("dangling.onnx"));
        assertThatThrownBy(() -> ModelLoader.load(file, ModelOptions.defaults())).isInstanceOf(BadInputException.class)
                .hasMessageContaining("graph.node[0] (add).input = missing: no graph input, initializer or earlier node produces this value")
                .hasMessageContaining("graph.output = ghost: no node produces this output");
    }

    @Test
    void truncatedCopiesAreBadInputNeverAnotherFailure() throws IOException {
        byte[] good = OnnxBuilder.smallCnn(9).bytes();
        Path file = dir.resolve("cut.onnx");
        int checked = 0;
        for (int len = 0; len < good.length; len += Math.max(1, good.length / 97)) {
            Files.write(file, Arrays.copyOf(good, len));
            assertThatThrownBy(() -> ModelLoader.load(file, ModelOptions.defaults())).as("first %d bytes", len)
                    .isInstanceOf(BadInputException.class).hasMessageStartingWith(file.toString());
            checked++;
        }
        assertThat(checked).isGreaterThan(90);
    }

    @Test
    void corruptedCopiesEitherLoadOrAreBadInput() throws IOException {
        byte[] good = OnnxBuilder.smallCnn(10).bytes();
        SplittableRandom r = new SplittableRandom(11);
        Path file = dir.resolve("corrupt.onnx");
        int rejected = 0;
        for (int trial = 0; trial < 200; trial++) {
            byte[] bad = good.clone();
            for (int k = 0; k < 1 + trial % 4; k++) {
                bad[r.nextInt(bad.length)] = (byte) r.nextInt(256);
            }
            Files.write(file, bad);
            Throwable t = catchThrowable(() -> ModelLoader.load(file, ModelOptions.defaults()));
            assertThat(t).as("trial %d", trial).satisfiesAnyOf(x -> assertThat(x).isNull(), x -> assertThat(x).isInstanceOf(BadInputException.class));
            rejected += t == null ? 0 : 1;
        }
        assertThat(rejected).isGreaterThan(20);
    }

    @Test
    void emptyGarbageAndMissingFilesAreBadInput() throws IOException {
        Path empty = Files.write(dir.resolve("empty.onnx"), new byte[0]);
        assertThatThrownBy(() -> ModelLoader.load(empty, ModelOptions.defaults())).isInstanceOf(BadInputException.class)
                .hasMessageContaining("the file is empty");
        Path text = Files.writeString(dir.resolve("text.onnx"), "name: not a model\nlayers: []\n");
        assertThatThrownBy(() -> ModelLoader.load(text, ModelOptions.defaults())).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> ModelLoader.load(dir.resolve("nope.onnx"), ModelOptions.defaults()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("file not found");
    }

    @Test
    void aTensorWhoseDataDoesNotMatchItsDimensionsIsReported() throws IOException {
        OnnxBuilder b = new OnnxBuilder(12);
        b.input("x", FLOAT, 1, 4).output("y", FLOAT, 1, 3);
        b.initializer(OnnxBuilder.floats("w", new int[] {3, 5}, new double[12])); // 12 values for 3 x 5
        b.node("Gemm", "fc", names("x", "w"), names("y"), "transB", 1);
        Path file = b.write(dir.resolve("short.onnx"));
        assertThatThrownBy(() -> ModelLoader.load(file, ModelOptions.defaults())).isInstanceOf(BadInputException.class)
                .hasMessage(file + ": graph.initializer[0] (w).raw_data = 48 bytes: the dimensions need 15 float values (60 bytes); "
                        + "the tensor is truncated or corrupt");
    }

    @Test
    void theSampleIsDeterministicAndInputsOfTheWrongShapeAreRejected() throws IOException {
        Path file = OnnxBuilder.smallCnn(13).write(dir.resolve("cnn.onnx"));
        Model a = ModelLoader.load(file, ModelOptions.defaults());
        Model b = ModelLoader.load(file, ModelOptions.defaults());
        assertThat(a.exactOutputs().get(0).values()).containsExactly(b.exactOutputs().get(0).values());
        Path wrong = dir.resolve("wrong.npy");
        dev.qasim.workload.Npy.writeFloat32(wrong, new int[] {1, 3, 4, 4}, new float[48]);
        assertThatThrownBy(() -> ModelLoader.load(file, ModelOptions.defaults().withInputs(List.of(wrong))))
                .isInstanceOf(BadInputException.class).hasMessageContaining("input image must have shape [1, 3, 8, 8]");
    }

    @Test
    void matMulOfTwoActivationsWithBatchDimensionsIsOneBatchedGemmLayer() throws IOException {
        OnnxBuilder b = new OnnxBuilder(14);
        b.input("a", FLOAT, 2, 3, 6).input("b", FLOAT, 2, 6, 5).output("y", FLOAT, 2, 3, 5);
        b.node("MatMul", "attn", names("a", "b"), names("y"));
        Model m = ModelLoader.load(b.write(dir.resolve("bmm.onnx")), ModelOptions.defaults());
        // both operands are activations: qasim calibrates them and multiplies them on the array, one gemm of 2 groups
        assertThat(m.workload().layers()).extracting(l -> l.name()).containsExactly("attn");
        assertThat(m.workload().layers().get(0).matrixForm()).isEqualTo(new dev.qasim.workload.MatrixForm(2, 3, 5, 6));
        ModelRun run = run(m, arch());
        assertThat(run.outputs().get(0).shape()).containsExactly(2, 3, 5);
        assertThat(run.array().layers()).extracting(LayerResult::macs).containsExactly(180L);
        assertThat(run.array().layers()).allSatisfy(l -> assertThat(l.output().bitExact()).isTrue());
    }

    @Test
    void theFirstCalibrationSampleValueThatIsNotFiniteIsNamedTheInputsFirstThenInTheOrderComputed() throws IOException {
        OnnxBuilder b = new OnnxBuilder(3);
        b.input("x", FLOAT, 1, 4).output("y", FLOAT, 1, 2).weights("w", new int[] {4, 2}, -1, 1);
        b.node("Log", "log", names("x"), names("lx"));
        b.node("Abs", "abs", names("lx"), names("ax"));
        b.node("MatMul", "mm", names("ax", "w"), names("y"));
        Path model = b.write(dir.resolve("log.onnx"));
        java.util.function.Function<double[], Throwable> calibrating = x -> catchThrowable(() -> ModelLoader.load(model,
                ModelOptions.defaults(), java.util.Map.of("x", x), java.util.Map.of("x", new int[] {1, 4})));
        // log(0) is -inf, and so are the values computed from it: the first one computed is named
        assertThat(calibrating.apply(new double[] {1, 2, 0, 3})).isInstanceOf(BadInputException.class)
                .hasMessageContaining("tensor lx = -Infinity: holds NaN or infinite values on the sample");
        // a NaN input is named before the values computed from it
        assertThat(calibrating.apply(new double[] {1, Double.NaN, 2, 3})).isInstanceOf(BadInputException.class)
                .hasMessageContaining("tensor x = NaN: holds NaN or infinite values on the sample");
        assertThat(ModelLoader.load(model, ModelOptions.defaults(), java.util.Map.of("x", new double[] {1, 2, 0.5, 3}),
                java.util.Map.of("x", new int[] {1, 4})).quantizedByQasim()).isTrue();
    }
}
