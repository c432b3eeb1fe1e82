package dev.qasim.cli;

import static dev.qasim.cli.CliTest.HOME;
import static dev.qasim.cli.CliTest.qasim;
import static org.assertj.core.api.Assertions.assertThat;

import dev.qasim.model.NpyFiles;
import dev.qasim.model.onnx.Onnx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The models made by tools/train-byo-models.py, as a user runs them: run, check, validate on the committed .npz of
 * real Fashion-MNIST test images and on the IDX folder, tradeoff --data and sweep, each through the command line.
 */
class ByoModelsCommandTest {
    static final String TPU = HOME.resolve("arch-configs/tpu-like-int8.yaml").toString();
    static final String TR = HOME.resolve("arch-configs/tr-fpga-64x128.yaml").toString();
    static final Path NPZ = HOME.resolve("workloads/fashion-mnist/test-1000.npz");
    static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    @TempDir
    Path dir;

    /** The five files: the ResNet with its weights inside and outside, the transformer, the ResNet as QDQ and as 4-bit QONNX. */
    static Stream<String> models() {
        return Stream.of("resnet-fashion-mnist", "resnet-fashion-mnist-external", "transformer-fashion-mnist",
                "resnet-fashion-mnist-qdq", "resnet-fashion-mnist-qonnx-4bit");
    }

    private static String model(String name) {
        return HOME.resolve("workloads/models/" + name + ".onnx").toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void runSimulatesEveryLayerBitExactAndCheckListsThem(String name) {
        CliTest.Run run = qasim("run", "--arch", TPU, "--workload", model(name), "--out", dir.resolve("run").toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("equals the exact-arithmetic pass", "post-processing unit: ").doesNotContain("differs");
        assertThat(run.out().lines().filter(l -> l.contains("conv2d") || l.contains(" fc ") || l.contains("gemm")))
                .isNotEmpty().allMatch(l -> l.endsWith("bit-exact"));
        assertThat(dir.resolve("run/report.json")).exists();
        CliTest.Run check = qasim("check", "--arch", TPU, "--workload", model(name));
        assertThat(check.code()).as(check.err()).isZero();
        assertThat(check.out()).contains(name.startsWith("transformer") ? "gemm" : "conv2d");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void validateOnTheNpzOfRealTestImagesGivesTheAccuracyTheDocsReport(String name) {
        CliTest.Run v = qasim("validate", "--arch", TPU, "--model", model(name), "--data", NPZ.toString(), "--limit", "100",
                "--calibration", "32", "--out", dir.resolve("v").toString());
        assertThat(v.code()).as(v.err()).isZero();
        assertThat(v.out()).contains("100 test images of " + NPZ, "top-5: ", "within the hardware's limits")
                .doesNotContain("NEAR CHANCE");
        double hardware = Double.parseDouble(v.out().replaceAll("(?s).*simulated hardware ([0-9.]+) %.*", "$1"));
        assertThat(hardware).isGreaterThan(80); // 100 real test images; the full split's accuracies are in workloads/models/README.md
        assertThat(dir.resolve("v/report.html")).exists();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void validateOnTheIdxFolderOfFashionMnist(String name) {
        boolean present = Files.isRegularFile(FASHION.resolve("t10k-images-idx3-ubyte.gz"));
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but Fashion-MNIST is missing at " + FASHION + "; .ci/run installs dataset-fashion-mnist");
        }
        Assumptions.assumeTrue(present, "Fashion-MNIST not found at " + FASHION + " (apt-get install dataset-fashion-mnist)");
        CliTest.Run v = qasim("validate", "--arch", TPU, "--model", model(name), "--data", FASHION.toString(), "--limit", "100",
                "--calibration", "32", "--out", dir.resolve("v").toString());
        assertThat(v.code()).as(v.err()).isZero();
        assertThat(v.out()).contains("100 test images of " + FASHION).doesNotContain("NEAR CHANCE");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void tradeoffWithDataGivesAnAccuracyPerPointAndSweepRunsAGrid(String name) throws Exception {
        CliTest.Run t = qasim("tradeoff", "--arch", TR, "--workload", model(name), "--data", NPZ.toString(), "--limit", "20",
                "--budgets", "8,16", "--groups", "16", "--weight-bits", "4", "--out", dir.resolve("t").toString());
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out()).contains("top-1 %", "conventional weights 4 bits");
        assertThat(dir.resolve("t/tradeoff.csv")).exists();
        Path grid = dir.resolve("grid.yaml");
        Files.writeString(grid, "grid:\n  array.rows: [16, 32]\n");
        CliTest.Run s = qasim("sweep", "--arch", TPU, "--workload", model(name), "--grid", grid.toString(), "--out",
                dir.resolve("s").toString(), "--jobs", "1");
        assertThat(s.code()).as(s.err()).isZero();
        assertThat(s.out()).contains("2 points: 2 ran");
        assertThat(Files.readString(dir.resolve("s/sweep.csv"))).contains("/fc/Gemm");
    }

    @Test
    void theFashionCnnOnMnistDigitsIsFlaggedNearChanceAndExitsThreeUnlessAllowed() {
        String cnn = HOME.resolve("workloads/models/cnn-fashion-mnist.onnx").toString();
        String mnist = HOME.resolve("workloads/mnist").toString();
        CliTest.Run flagged = qasim("validate", "--arch", TPU, "--model", cnn, "--data", mnist, "--limit", "300", "--out",
                dir.resolve("a").toString());
        assertThat(flagged.code()).isEqualTo(3);
        assertThat(flagged.out()).contains("NEAR CHANCE: top-1 ", "within the hardware's limits");
        CliTest.Run allowed = qasim("validate", "--arch", TPU, "--model", cnn, "--data", mnist, "--limit", "300", "--allow-near-chance",
                "--out", dir.resolve("b").toString());
        assertThat(allowed.code()).isZero();
    }

    @Test
    void malformedDataIsOneLineExitTwoAndNothingWritten() throws Exception {
        Path mismatch = dir.resolve("mismatch.npz");
        NpyFiles.npz(mismatch, new String[] {"x", "y"}, NpyFiles.float64(new int[] {3, 784}, new double[3 * 784]),
                NpyFiles.int64(new int[] {1, 2}));
        Path fractional = dir.resolve("fractional.npz");
        NpyFiles.npz(fractional, new String[] {"x", "y"}, NpyFiles.float64(new int[] {2, 784}, new double[2 * 784]),
                NpyFiles.float64(new int[] {2}, new double[] {1, 2.5}));
        Path images = Files.createDirectories(dir.resolve("images/coat"));
        Files.writeString(images.resolve("broken.png"), "not an image");
        for (Path data : new Path[] {mismatch, fractional, dir.resolve("images")}) {
            Path out = dir.resolve("out-" + data.getFileName());
            CliTest.Run r = qasim("validate", "--arch", TPU, "--model", model("resnet-fashion-mnist"), "--data", data.toString(), "--out",
                    out.toString());
            assertThat(r.code()).as(r.out()).isEqualTo(2);
            assertThat(r.err().lines()).singleElement()
                    .satisfies(l -> assertThat(l).contains(data.getFileName().toString()).doesNotContain("Exception"));
            assertThat(out).doesNotExist();
        }
    }

    @Test
    void externalDataOutsideTheModelsFolderIsOneLinePerTensorExitTwoAndNothingWritten() throws Exception {
        Onnx.ModelProto m = Onnx.ModelProto.parseFrom(Files.readAllBytes(Path.of(model("resnet-fashion-mnist-external"))));
        Path folder = Files.createDirectories(dir.resolve("model"));
        Files.copy(Path.of(model("resnet-fashion-mnist-external") + ".data"), dir.resolve("weights.data"));
        for (String location : new String[] {"../weights.data", dir.resolve("weights.data").toString()}) {
            Onnx.ModelProto.Builder b = m.toBuilder();
            int external = 0;
            for (Onnx.TensorProto.Builder t : b.getGraphBuilder().getInitializerBuilderList()) {
                for (int i = 0; i < t.getExternalDataCount(); i++) {
                    if (t.getExternalData(i).getKey().equals("location")) {
                        t.setExternalData(i, t.getExternalData(i).toBuilder().setValue(location));
                        external++;
                    }
                }
            }
            Path file = folder.resolve("escaping.onnx");
            Files.write(file, b.build().toByteArray());
            Path out = dir.resolve("out");
            CliTest.Run r = qasim("run", "--arch", TPU, "--workload", file.toString(), "--out", out.toString());
            assertThat(r.code()).as(r.out()).isEqualTo(2);
            assertThat(external).isGreaterThan(10);
            assertThat(r.err().lines()).hasSize(external).allSatisfy(l -> assertThat(l).startsWith(file + ": graph.initializer[")
                    .contains(".external_data.location = " + location + ": must be a relative path inside the model's folder"));
            assertThat(out).doesNotExist();
        }
    }
}
