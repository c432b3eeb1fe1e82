package dev.qasim.model;

import dev.qasim.model.ops.Tensor;
import dev.qasim.model.ops.Ppu;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.qasim.config.ArchConfig;
import dev.qasim.config.ArchLoader;
import dev.qasim.engine.Engine;
import dev.qasim.engine.EngineOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ONNX's own node tests (Debian package libonnx-testdata): each model runs with the inputs of its
 * test_data_set_0 (weights and zero points included), the integer products on a simulated 4 x 4 array (several
 * folds), and every output must equal the expected one exactly (integer outputs) or within float32 rounding.
 * Skipped, with the reason, where the package is not installed; under CI=true its absence fails.
 */
class OnnxConformanceTest {
    static final Path NODE_TESTS = Path.of("/usr/share/libonnx-testdata/data/node");
    static final Path HOME = Path.of(System.getProperty("qasim.home", ".."));

    /** The tests issue 8 names, plus test_basic_convinteger. */
    static final List<String> TESTS = List.of("test_basic_convinteger", "test_convinteger_with_padding",
            "test_convinteger_without_padding", "test_matmulinteger", "test_qlinearconv", "test_qlinearmatmul_2D",
            "test_qlinearmatmul_3D", "test_quantizelinear", "test_quantizelinear_axis", "test_dequantizelinear",
            "test_dequantizelinear_axis");

    @BeforeAll
    static void requireTestData() {
        boolean present = Files.isDirectory(NODE_TESTS.resolve("test_qlinearconv"));
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but ONNX's test vectors are missing at " + NODE_TESTS
                    + "; .ci/run installs the Debian package libonnx-testdata");
        }
        Assumptions.assumeTrue(present, "ONNX conformance skipped: " + NODE_TESTS
                + " not found (apt-get install libonnx-testdata)");
    }

    static Stream<Arguments> tests() {
        return TESTS.stream().map(Arguments::of);
    }

    static List<Path> files(Path dir, String prefix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
        }
    }

    /** ONNX's float node tests of the operators qasim imports, run by the float reference (the calibration pass). */
    static Stream<Arguments> floatTests() throws IOException {
        try (Stream<Path> s = Files.list(NODE_TESTS)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("test_(basic_conv_with.*|conv_with.*|gemm_.*|matmul_[234]d|relu|add|add_bcast|maxpool_2d.*"
                            + "|averagepool_2d.*|globalaveragepool.*|flatten.*|reshape.*|batchnorm.*|clip.*)"))
                    .sorted().map(Arguments::of).toList().stream();
        }
    }

    /** Node tests qasim rejects as bad input on purpose (asymmetric padding, ceil_mode, training mode). */
    static final List<String> REJECTED = List.of("test_averagepool_2d_ceil", "test_maxpool_2d_ceil",
            "test_averagepool_2d_same_lower", "test_averagepool_2d_same_upper", "test_maxpool_2d_same_lower",
            "test_maxpool_2d_same_upper", "test_batchnorm_epsilon_training_mode", "test_batchnorm_example_training_mode");

    @ParameterizedTest(name = "{0}")
    @MethodSource("floatTests")
    void floatReferenceReproducesOnnxFloatNodeTestsOrRejectsThemAsBadInput(String test) throws IOException {
        Path dir = NODE_TESTS.resolve(test);
        Path data = dir.resolve("test_data_set_0");
        String source = dir.resolve("model.onnx").toString();
        dev.qasim.input.BadInputException rejected = null;
        java.util.Map<String, Tensor> out = null;
        try {
            Graph graph = Graph.of(OnnxFile.model(dir.resolve("model.onnx")), source, dir);
            var inputs = ModelLoader.inputs(graph, ModelOptions.defaults().withInputs(files(data, "input_")), source);
            out = new Interpreter(graph, source, dev.qasim.workload.Reference::outputs, new Ppu(1, 64), java.util.Map.of(), 31).run(inputs);
        } catch (dev.qasim.input.BadInputException e) {
            rejected = e;
        }
        if (REJECTED.contains(test)) {
            assertThat(rejected).as(test + " is outside what qasim imports").isNotNull();
            return;
        }
        assertThat(rejected).as(test).isNull();
        List<Path> expected = files(data, "output_");
        int i = 0;
        for (Tensor got : out.values()) {
            Tensor want = OnnxFile.tensorFile(expected.get(i++));
            assertThat(got.shape()).isEqualTo(want.shape());
            double[] w = want instanceof Tensor.Real r ? r.data() : java.util.Arrays.stream(((Tensor.Ints) want).data()).asDoubleStream().toArray();
            double[] g = got instanceof Tensor.Real r ? r.data() : java.util.Arrays.stream(((Tensor.Ints) got).data()).asDoubleStream().toArray();
            for (int k = 0; k < w.length; k++) {
                assertThat(g[k]).as("%s[%d]", test, k).isCloseTo(w[k], within(1e-4 * Math.max(1, Math.abs(w[k]))));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tests")
    void reproducesTheExpectedOutputsWithTheIntegerWorkOnTheArray(String test) throws IOException {
        Path dir = NODE_TESTS.resolve(test);
        Path data = dir.resolve("test_data_set_0");
        Model model = ModelLoader.load(dir.resolve("model.onnx"), ModelOptions.defaults().withInputs(files(data, "input_")));
        ArchConfig arch = ArchLoader.load(HOME.resolve("arch-configs/tpu-like-int8.yaml"),
                List.of("array.rows=4", "array.cols=4", "pe.datapathBits=32"));
        ModelRun run = model.run(arch, Engine.Kind.FAST, EngineOptions.defaults(), true, null, null, null);
        List<Path> expected = files(data, "output_");
        assertThat(run.outputs()).hasSize(expected.size());
        boolean arrayWork = test.contains("conv") || test.contains("matmul");
        assertThat(run.array().layers().isEmpty()).isEqualTo(!arrayWork);
        run.array().layers().forEach(l -> assertThat(l.output().bitExact()).isTrue());
        for (int i = 0; i < expected.size(); i++) {
            Tensor want = OnnxFile.tensorFile(expected.get(i));
            ModelOutput got = run.outputs().get(i);
            assertThat(got.shape()).isEqualTo(want.shape());
            if (want instanceof Tensor.Ints w) {
                assertThat(got.integer()).isTrue();
                assertThat(got.values()).containsExactly(java.util.Arrays.stream(w.data()).asDoubleStream().toArray());
            } else {
                double[] w = ((Tensor.Real) want).data();
                for (int k = 0; k < w.length; k++) {
                    assertThat(got.values()[k]).isCloseTo(w[k], within(1e-6 * Math.max(1, Math.abs(w[k]))));
                }
            }
        }
        assertThat(run.postCycles()).isPositive();
    }
}
