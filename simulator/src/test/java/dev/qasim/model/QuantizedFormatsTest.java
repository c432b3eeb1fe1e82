package dev.qasim.model;

import static dev.qasim.model.OnnxBuilder.FLOAT;
import static dev.qasim.model.OnnxBuilder.INT32;
import static dev.qasim.model.OnnxBuilder.INT8;
import static dev.qasim.model.OnnxBuilder.UINT8;
import static dev.qasim.model.OnnxBuilder.names;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.qasim.config.ArchConfig;
import dev.qasim.config.ArchLoader;
import dev.qasim.engine.Engine;
import dev.qasim.engine.EngineOptions;
import dev.qasim.model.ops.Registry;
import dev.qasim.model.ops.Tensor;
import dev.qasim.workload.Layer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QONNX's Quant, BipolarQuant and Trunc, and onnxruntime's com.microsoft quantized operators, against their
 * published definitions (computed here in double precision from the definitions' formulas), and their integers on
 * the simulated array.
 */
class QuantizedFormatsTest {
    static final Path HOME = Path.of(System.getProperty("qasim.home", ".."));

    @TempDir
    Path dir;

    private static ArchConfig arch() {
        return ArchLoader.load(HOME.resolve("arch-configs/tpu-like-int8.yaml"), List.of("array.rows=4", "array.cols=4"));
    }

    private static ModelRun run(Model m) {
        return m.run(arch(), Engine.Kind.FAST, EngineOptions.defaults(), true, null, null, null);
    }

    /** The float reference's outputs of a graph on given inputs. */
    private Map<String, Tensor> reference(OnnxBuilder b, String name, Map<String, Tensor> inputs) throws IOException {
        Path file = b.write(dir.resolve(name));
        Graph g = Graph.of(OnnxFile.model(file), file.toString(), dir);
        return Interpreter.floatPass(g, file.toString(), 31, null).run(inputs);
    }

    private static OnnxBuilder quantNode(String mode, int bits, int signed, int narrow, double scale, double zero) {
        OnnxBuilder b = new OnnxBuilder(1).opset(Registry.QONNX, 1);
        b.input("x", FLOAT, 10).output("y", FLOAT, 10);
        b.initializer(OnnxBuilder.floats("s", new int[0], new double[] {scale}))
                .initializer(OnnxBuilder.floats("z", new int[0], new double[] {zero}))
                .initializer(OnnxBuilder.floats("b", new int[0], new double[] {bits}));
        b.node(Registry.QONNX, "Quant", "q", names("x", "s", "z", "b"), names("y"), "signed", signed, "narrow", narrow, "rounding_mode", mode);
        return b;
    }

    @Test
    void quantRoundsEveryValueOfQonnxsRoundingTableAsItsSpecificationSays() throws IOException {
        double[] x = {5.5, 2.5, 1.6, 1.1, 1.0, -1.0, -1.1, -1.6, -2.5, -5.5};
        Map<String, double[]> table = Map.of(
                "ROUND", new double[] {6, 2, 2, 1, 1, -1, -1, -2, -2, -6},
                "CEIL", new double[] {6, 3, 2, 2, 1, -1, -1, -1, -2, -5},
                "FLOOR", new double[] {5, 2, 1, 1, 1, -1, -2, -2, -3, -6},
                "UP", new double[] {6, 3, 2, 2, 1, -1, -2, -2, -3, -6},
                "DOWN", new double[] {5, 2, 1, 1, 1, -1, -1, -1, -2, -5},
                "HALF_UP", new double[] {6, 3, 2, 1, 1, -1, -1, -2, -3, -6},
                "HALF_DOWN", new double[] {5, 2, 2, 1, 1, -1, -1, -2, -2, -5});
        for (Map.Entry<String, double[]> e : table.entrySet()) {
            Map<String, Tensor> out = reference(quantNode(e.getKey().toLowerCase(java.util.Locale.ROOT), 8, 1, 0, 1, 0),
                    e.getKey() + ".onnx", Map.of("x", new Tensor.Real(new int[] {10}, x)));
            Tensor.Real y = (Tensor.Real) out.get("y");
            assertThat(y.data()).as(e.getKey()).containsExactly(e.getValue());
            assertThat(y.source().data()).as(e.getKey() + " integers").containsExactly(
                    java.util.Arrays.stream(e.getValue()).mapToInt(v -> (int) v).toArray());
        }
    }

    @Test
    void quantClampsToTheNarrowOrFullRangeOfEveryWidthWithItsZeroPoint() throws IOException {
        SplittableRandom r = new SplittableRandom(2);
        double[] x = new double[10];
        for (int i = 0; i < 10; i++) {
            x[i] = r.nextDouble(-40, 40);
        }
        for (int bits = 1; bits <= 8; bits++) {
            for (int signed = 0; signed < 2; signed++) {
                for (int narrow = 0; narrow < 2; narrow++) {
                    if (bits == 1 && signed == 1 && narrow == 1) {
                        continue; // an empty range
                    }
                    double scale = 0.75;
                    double zero = signed == 1 ? 0 : 1;
                    Map<String, Tensor> out = reference(quantNode("ROUND", bits, signed, narrow, scale, zero), "q.onnx",
                            Map.of("x", new Tensor.Real(new int[] {10}, x)));
                    double lo = signed == 1 ? -Math.pow(2, bits - 1) + narrow : 0;
                    double hi = signed == 1 ? Math.pow(2, bits - 1) - 1 : Math.pow(2, bits) - 1 - narrow;
                    Tensor.Real y = (Tensor.Real) out.get("y");
                    for (int i = 0; i < 10; i++) {
                        double q = Math.rint(Math.max(lo, Math.min(hi, x[i] / scale + zero)));
                        assertThat(y.data()[i]).as("%d bits signed %d narrow %d", bits, signed, narrow).isCloseTo((q - zero) * scale, within(1e-6));
                        assertThat(y.source().data()[i]).isEqualTo((int) q);
                    }
                    assertThat(y.source().type().bits()).isEqualTo(bits);
                }
            }
        }
    }

    @Test
    void bipolarQuantIsPlusOrMinusItsScaleAndTruncDropsLowBitsAsBothVersionsDefine() throws IOException {
        OnnxBuilder b = new OnnxBuilder(3).opset(Registry.QONNX, 1);
        b.input("x", FLOAT, 2, 3).output("y", FLOAT, 2, 3);
        b.initializer(OnnxBuilder.floats("s", new int[] {2, 1}, new double[] {0.5, 2}));
        b.node(Registry.QONNX, "BipolarQuant", "bq", names("x", "s"), names("y"));
        double[] x = {-1, 0, 3, 0.2, -0.1, -7};
        Tensor.Real y = (Tensor.Real) reference(b, "bipolar.onnx", Map.of("x", new Tensor.Real(new int[] {2, 3}, x))).get("y");
        assertThat(y.data()).containsExactly(-0.5, 0.5, 0.5, 2, -2, -2);
        assertThat(y.source().data()).containsExactly(-1, 1, 1, 1, -1, -1);

        // version 1: (floor(round(x / s + z) / 2^(in - out)) - z) s
        OnnxBuilder t1 = new OnnxBuilder(4).opset(Registry.QONNX, 1);
        t1.input("x", FLOAT, 4).output("y", FLOAT, 4);
        t1.initializer(OnnxBuilder.floats("s", new int[0], new double[] {0.5})).initializer(OnnxBuilder.floats("z", new int[0], new double[] {0}))
                .initializer(OnnxBuilder.floats("ib", new int[0], new double[] {8})).initializer(OnnxBuilder.floats("ob", new int[0], new double[] {4}));
        t1.node(Registry.QONNX, "Trunc", "t", names("x", "s", "z", "ib", "ob"), names("y"));
        double[] tx = {20, -20, 7.5, 63};
        Tensor.Real ty = (Tensor.Real) reference(t1, "trunc1.onnx", Map.of("x", new Tensor.Real(new int[] {4}, tx))).get("y");
        for (int i = 0; i < 4; i++) {
            assertThat(ty.data()[i]).isEqualTo(Math.floor(Math.rint(tx[i] / 0.5) / 16) * 0.5);
        }
        // version 2: shift by log2(out_scale / scale), clamp to the output width, (q - z / 2^k) out_scale
        OnnxBuilder t2 = new OnnxBuilder(5).opset(Registry.QONNX, 2);
        t2.input("x", FLOAT, 4).output("y", FLOAT, 4);
        t2.initializer(OnnxBuilder.floats("s", new int[0], new double[] {0.5})).initializer(OnnxBuilder.floats("z", new int[0], new double[] {0}))
                .initializer(OnnxBuilder.floats("ib", new int[0], new double[] {8})).initializer(OnnxBuilder.floats("os", new int[0], new double[] {4}))
                .initializer(OnnxBuilder.floats("ob", new int[0], new double[] {4}));
        t2.node(Registry.QONNX, "Trunc", "t", names("x", "s", "z", "ib", "os", "ob"), names("y"), "rounding_mode", "ROUND");
        Tensor.Real t2y = (Tensor.Real) reference(t2, "trunc2.onnx", Map.of("x", new Tensor.Real(new int[] {4}, tx))).get("y");
        for (int i = 0; i < 4; i++) {
            double q = Math.rint(Math.max(-8, Math.min(7, Math.rint(tx[i] / 0.5) / 8)));
            assertThat(t2y.data()[i]).isEqualTo(q * 4);
        }
    }

    /** x [1, 2, 6, 6] -> Quant (u8, 1/64) -> Conv 3x3 with 4-bit per-channel weights -> Relu -> Quant (u4) -> y. */
    private static OnnxBuilder qonnxConv() {
        OnnxBuilder b = new OnnxBuilder(6).opset(Registry.QONNX, 1);
        b.input("x", FLOAT, 1, 2, 6, 6).output("y", FLOAT, 1, 3, 6, 6);
        b.weights("w", new int[] {3, 2, 3, 3}, -1, 1).weights("bias", new int[] {3}, -0.2, 0.2);
        b.initializer(OnnxBuilder.floats("sx", new int[0], new double[] {1.0 / 64}))
                .initializer(OnnxBuilder.floats("zero", new int[0], new double[] {0}))
                .initializer(OnnxBuilder.floats("b8", new int[0], new double[] {8}))
                .initializer(OnnxBuilder.floats("sw", new int[] {3, 1, 1, 1}, new double[] {1.0 / 7, 0.9 / 7, 0.8 / 7}))
                .initializer(OnnxBuilder.floats("b4", new int[0], new double[] {4}))
                .initializer(OnnxBuilder.floats("sy", new int[0], new double[] {0.25}));
        b.node(Registry.QONNX, "Quant", "qx", names("x", "sx", "zero", "b8"), names("xq"), "signed", 0);
        b.node(Registry.QONNX, "Quant", "qw", names("w", "sw", "zero", "b4"), names("wq"), "signed", 1, "narrow", 1);
        b.node("Conv", "conv", names("xq", "wq", "bias"), names("c"), "pads", new int[] {1, 1, 1, 1});
        b.node("Relu", "relu", names("c"), names("r"));
        b.node(Registry.QONNX, "Quant", "qy", names("r", "sy", "zero", "b4"), names("y"), "signed", 0);
        return b;
    }

    @Test
    void aQonnxConvMultipliesItsFourBitWeightsOnTheArrayAndRequantizesStraightToTheNextQuant() throws IOException {
        Path file = qonnxConv().write(dir.resolve("qonnx-conv.onnx"));
        Model m = ModelLoader.load(file, ModelOptions.defaults());
        assertThat(m.quantizedByQasim()).isFalse();
        Layer layer = m.workload().layers().get(0);
        assertThat(layer.spec().weights().toString()).isEqualTo("s4");
        assertThat(layer.spec().data().toString()).isEqualTo("u8");
        ModelRun run = run(m);
        assertThat(run.array().layers()).allSatisfy(l -> assertThat(l.output().bitExact()).isTrue());
        // the float reference runs the graph as QONNX defines it: the integer pipeline agrees to one output step
        Map<String, Tensor> inputs = ModelLoader.inputs(Graph.of(OnnxFile.model(file), file.toString(), dir), ModelOptions.defaults(),
                file.toString());
        Tensor.Real ref = (Tensor.Real) reference(qonnxConv(), "again.onnx", inputs).get("y");
        double[] got = run.outputs().get(0).values();
        int equal = 0;
        for (int i = 0; i < got.length; i++) {
            assertThat(Math.abs(got[i] - ref.data()[i])).isLessThanOrEqualTo(0.25 + 1e-9);
            equal += got[i] == ref.data()[i] ? 1 : 0;
        }
        assertThat(equal).isGreaterThanOrEqualTo(got.length * 95 / 100);
        assertThat(run.ppu()).extracting(dev.qasim.model.ops.PpuStats::node).contains("qx", "conv").doesNotContain("relu", "qy", "qw");
    }

    /** s (a - za) + ... : the definitions of com.microsoft's QLinearAdd and QLinearMul, and their requantization. */
    private static int quantize(double v, double scale, long zero, int lo, int hi) {
        return (int) Math.max(lo, Math.min(hi, Math.rint(v / scale) + zero));
    }

    @Test
    void qlinearAddAndMulFollowOnnxruntimesDefinitionsToOneStepWithBroadcasting() throws IOException {
        for (String op : List.of("QLinearAdd", "QLinearMul")) {
            OnnxBuilder b = new OnnxBuilder(7).opset(Registry.MICROSOFT, 1);
            b.input("a", UINT8, 2, 4).input("bb", UINT8, 4).output("c", UINT8, 2, 4);
            b.initializer(OnnxBuilder.floats("as", new int[0], new double[] {0.05})).initializer(OnnxBuilder.ints("az", new int[0], UINT8, 120))
                    .initializer(OnnxBuilder.floats("bs", new int[0], new double[] {0.03})).initializer(OnnxBuilder.ints("bz", new int[0], UINT8, 10))
                    .initializer(OnnxBuilder.floats("cs", new int[0], new double[] {op.equals("QLinearAdd") ? 0.07 : 0.4}))
                    .initializer(OnnxBuilder.ints("cz", new int[0], UINT8, 100));
            b.node(Registry.MICROSOFT, op, "q", names("a", "as", "az", "bb", "bs", "bz", "cs", "cz"), names("c"));
            int[] a = {0, 40, 120, 200, 255, 7, 130, 66};
            int[] bv = {10, 250, 0, 77};
            Map<String, Tensor> in = Map.of("a", Tensor.Ints.plain(new int[] {2, 4}, a, dev.qasim.workload.Operand.unsigned(8)),
                    "bb", Tensor.Ints.plain(new int[] {4}, bv, dev.qasim.workload.Operand.unsigned(8)));
            Tensor.Ints c = (Tensor.Ints) reference(b, op + ".onnx", in).get("c");
            for (int i = 0; i < 8; i++) {
                double x = 0.05 * (a[i] - 120);
                double y = 0.03 * (bv[i % 4] - 10);
                int want = quantize(op.equals("QLinearAdd") ? x + y : x * y, op.equals("QLinearAdd") ? 0.07 : 0.4, 100, 0, 255);
                assertThat(Math.abs(c.data()[i] - want)).as(op + "[" + i + "]").isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void qgemmMultipliesOnTheArrayWithItsInt32BiasAndOutputsRealsWithoutAnOutputScale() throws IOException {
        OnnxBuilder b = new OnnxBuilder(8).opset(Registry.MICROSOFT, 1);
        b.input("a", UINT8, 2, 3).output("y", FLOAT, 2, 4);
        b.initializer(OnnxBuilder.floats("as", new int[0], new double[] {0.1})).initializer(OnnxBuilder.ints("az", new int[0], UINT8, 5))
                .initializer(OnnxBuilder.ints("w", new int[] {4, 3}, INT8, 1, -2, 3, 4, 5, -6, -7, 8, 9, 10, -11, 12))
                .initializer(OnnxBuilder.floats("ws", new int[] {4}, new double[] {0.01, 0.02, 0.03, 0.04}))
                .initializer(OnnxBuilder.ints("wz", new int[] {4}, INT8, 0, 0, 0, 0))
                .initializer(OnnxBuilder.ints("c", new int[] {4}, INT32, 100, -200, 300, -400));
        b.node(Registry.MICROSOFT, "QGemm", "qg", names("a", "as", "az", "w", "ws", "wz", "c"), names("y"), "transB", 1, "alpha", 1.0);
        Path file = b.write(dir.resolve("qgemm.onnx"));
        Path input = dir.resolve("a.npy");
        int[] a = {5, 15, 0, 255, 30, 6};
        dev.qasim.workload.Npy.write(input, new dev.qasim.workload.IntTensor(new int[] {2, 3}, a), dev.qasim.workload.Npy.Dtype.UINT8);
        Model m = ModelLoader.load(file, ModelOptions.defaults().withInputs(List.of(input)));
        assertThat(m.workload().layers()).singleElement().satisfies(l -> assertThat(l.type()).isEqualTo("fc"));
        ModelRun run = run(m);
        int[] w = {1, -2, 3, 4, 5, -6, -7, 8, 9, 10, -11, 12};
        double[] ws = {0.01, 0.02, 0.03, 0.04};
        int[] c = {100, -200, 300, -400};
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 4; j++) {
                long acc = c[j];
                for (int k = 0; k < 3; k++) {
                    acc += (long) (a[i * 3 + k] - 5) * w[j * 3 + k];
                }
                assertThat(run.outputs().get(0).values()[i * 4 + j]).isCloseTo(acc * 0.1 * ws[j], within(1e-5));
            }
        }
    }

    @Test
    void theRestOfOnnxruntimesQuantizedOperatorsFollowTheirDefinitions() throws IOException {
        OnnxBuilder b = new OnnxBuilder(9).opset(Registry.MICROSOFT, 1);
        b.input("x", UINT8, 1, 2, 2, 2).output("gap", UINT8, 1, 2, 1, 1).output("sig", UINT8, 1, 2, 2, 2).output("cat", UINT8, 1, 4, 2, 2)
                .output("soft", UINT8, 1, 2, 2, 2).output("leaky", UINT8, 1, 2, 2, 2);
        b.initializer(OnnxBuilder.floats("s", new int[0], new double[] {0.1})).initializer(OnnxBuilder.ints("z", new int[0], UINT8, 128))
                .initializer(OnnxBuilder.floats("so", new int[0], new double[] {1.0 / 256})).initializer(OnnxBuilder.ints("zo", new int[0], UINT8, 0))
                .initializer(OnnxBuilder.floats("sc", new int[0], new double[] {0.2})).initializer(OnnxBuilder.ints("zc", new int[0], UINT8, 64));
        b.node(Registry.MICROSOFT, "QLinearGlobalAveragePool", "gap", names("x", "s", "z", "s", "z"), names("gap"));
        b.node(Registry.MICROSOFT, "QLinearSigmoid", "sig", names("x", "s", "z", "so", "zo"), names("sig"));
        b.node(Registry.MICROSOFT, "QLinearConcat", "cat", names("sc", "zc", "x", "s", "z", "x", "sc", "zc"), names("cat"), "axis", 1);
        b.node(Registry.MICROSOFT, "QLinearSoftmax", "soft", names("x", "s", "z", "so", "zo"), names("soft"), "opset", 13, "axis", -1);
        b.node(Registry.MICROSOFT, "QLinearLeakyRelu", "leaky", names("x", "s", "z", "s", "z"), names("leaky"), "alpha", 0.1);
        int[] x = {0, 50, 128, 255, 100, 130, 200, 10};
        Map<String, Tensor> out = reference(b, "ms.onnx", Map.of("x", Tensor.Ints.plain(new int[] {1, 2, 2, 2}, x,
                dev.qasim.workload.Operand.unsigned(8))));
        double[] real = new double[8];
        for (int i = 0; i < 8; i++) {
            real[i] = (x[i] - 128) * 0.1;
        }
        int[] gap = ((Tensor.Ints) out.get("gap")).data();
        for (int c = 0; c < 2; c++) {
            double mean = (real[4 * c] + real[4 * c + 1] + real[4 * c + 2] + real[4 * c + 3]) / 4;
            assertThat(Math.abs(gap[c] - quantize(mean, 0.1, 128, 0, 255))).isLessThanOrEqualTo(1);
        }
        int[] sig = ((Tensor.Ints) out.get("sig")).data();
        int[] leaky = ((Tensor.Ints) out.get("leaky")).data();
        for (int i = 0; i < 8; i++) {
            assertThat(sig[i]).isEqualTo(quantize(1 / (1 + Math.exp(-real[i])), 1.0 / 256, 0, 0, 255));
            assertThat(leaky[i]).isEqualTo(quantize(real[i] < 0 ? 0.1 * real[i] : real[i], 0.1, 128, 0, 255));
        }
        int[] cat = ((Tensor.Ints) out.get("cat")).data();
        for (int i = 0; i < 8; i++) {
            assertThat(Math.abs(cat[i] - quantize(real[i], 0.2, 64, 0, 255))).isLessThanOrEqualTo(1); // requantized to Y
            assertThat(cat[8 + i]).isEqualTo(x[i]); // already Y's parameters: unchanged
        }
        int[] soft = ((Tensor.Ints) out.get("soft")).data();
        for (int g = 0; g < 4; g++) {
            double e0 = Math.exp(real[2 * g]);
            double e1 = Math.exp(real[2 * g + 1]);
            assertThat(soft[2 * g]).isEqualTo(quantize(e0 / (e0 + e1), 1.0 / 256, 0, 0, 255));
        }
    }
}
