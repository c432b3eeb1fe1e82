package dev.qasim.cli;

import static dev.qasim.cli.CliTest.HOME;
import static dev.qasim.cli.CliTest.qasim;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qasim validate} and {@code qasim reproduce} from the command line: exit codes, reports, errors. */
class ValidateCommandTest {
    static final String TPU = HOME.resolve("arch-configs/tpu-like-int8.yaml").toString();
    static final String MLP = HOME.resolve("workloads/models/mlp-784-512-512-10-mnist.onnx").toString();
    static final String MNIST = HOME.resolve("workloads/mnist").toString();
    /** A model exported by PyTorch's ONNX exporter, with its test data, from ONNX's own test data (libonnx-testdata). */
    static final Path PYTORCH_LINEAR = Path.of("/usr/share/libonnx-testdata/data/pytorch-converted/test_Linear");

    @TempDir
    Path dir;

    @Test
    void validateWritesTheReportsAndExitsZeroWithinTheLimits() throws Exception {
        Path out = dir.resolve("v");
        CliTest.Run r = qasim("validate", "--arch", TPU, "--model", MLP, "--data", MNIST, "--limit", "100", "--calibrate", "mse", "--weight-calibrate", "percentile-99.9",
                "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("within the hardware's limits", "/fc1/Gemm", "one image = 1.000 points");
        assertThat(r.out()).doesNotContain("operand bits for acc");
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertThat(report.get("calibration").asText()).isEqualTo("mse");
        assertThat(report.get("weightCalibration").asText()).isEqualTo("percentile-99.9");
        assertThat(report.get("violation").asBoolean()).isFalse();
        assertThat(report.get("accuracy").get("simulatedHardware").asDouble()).isEqualTo(report.get("accuracy").get("quantizedExact").asDouble());
        assertThat(report.get("layers")).hasSize(3).allSatisfy(l -> {
            assertThat(l.get("minimalSafeAccumulatorBits").asInt()).isBetween(2, 32);
            assertThat(l.get("violations")).isEmpty();
            assertThat(l.get("bitAllocation").isNull()).isTrue();
        });
        assertThat(out.resolve("report.md")).exists();
        assertThat(Files.readString(out.resolve("report.html"))).contains("<html");
    }

    @Test
    void bitAllocationAddsTheOperandWidthsForTheAccumulatorToTheTableAndTheJson() throws Exception {
        Path out = dir.resolve("v");
        CliTest.Run r = qasim("validate", "--arch", TPU, "--set", "pe.accumulatorBits=16", "--set", "pe.overflow=saturate",
                "--model", MLP, "--data", MNIST, "--limit", "20", "--calibration", "64", "--bit-allocation", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(3);
        assertThat(r.out()).contains("operand bits for acc (calib. / l1)");
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertThat(report.get("layers")).hasSize(3).allSatisfy(l -> {
            JsonNode a = l.get("bitAllocation");
            assertThat(a.get("accumulatorBits").asInt()).isEqualTo(16);
            assertThat(a.get("observedEqualBits").asInt()).isBetween(a.get("guaranteedEqualBits").asInt(), 8);
            assertThat(a.get("choices")).hasSize(7);
            assertThat(a.get("choices").get(0).get("dataBits").asInt()).isEqualTo(2);
        });
        assertThat(Files.readString(out.resolve("report.md"))).contains("operand bits for acc");
    }

    @Test
    void aLayerWiderThanTheMultiplierExitsThreeNamingIt() {
        CliTest.Run r = qasim("validate", "--arch", TPU, "--set", "pe.multiplierBits=4", "--model", MLP, "--data", MNIST,
                "--limit", "20", "--out", dir.resolve("v").toString());
        assertThat(r.code()).as(r.err()).isEqualTo(3);
        assertThat(r.out()).contains("operand wider than the 4-bit multiplier");
    }

    @Test
    void aModelFromAnotherToolChainIsValidatedOnItsOwnTestData() {
        boolean present = Files.isRegularFile(PYTORCH_LINEAR.resolve("model.onnx"));
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but " + PYTORCH_LINEAR + " is missing; .ci/run installs libonnx-testdata");
        }
        Assumptions.assumeTrue(present, PYTORCH_LINEAR + " not found (apt-get install libonnx-testdata)");
        String model = PYTORCH_LINEAR.resolve("model.onnx").toString();
        CliTest.Run ok = qasim("validate", "--arch", TPU, "--model", model, "--data", PYTORCH_LINEAR.toString(),
                "--out", dir.resolve("a").toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("top-1 agreement", "simulated hardware 100.00 %");
        CliTest.Run narrow = qasim("validate", "--arch", TPU, "--set", "pe.multiplierBits=4", "--model", model,
                "--data", PYTORCH_LINEAR.toString(), "--out", dir.resolve("b").toString());
        assertThat(narrow.code()).as(narrow.err()).isEqualTo(3);
    }

    @Test
    void badInputGivesExitTwoOneLineAndWritesNothing() {
        Path out = dir.resolve("never");
        CliTest.Run missing = qasim("validate", "--arch", TPU, "--model", MLP, "--data", dir.resolve("absent").toString(),
                "--out", out.toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err().lines().toList()).hasSize(1);
        assertThat(missing.err()).contains("absent", "not found: --data takes a folder").doesNotContain("Exception");
        CliTest.Run policy = qasim("validate", "--arch", TPU, "--model", MLP, "--data", MNIST, "--calibrate", "median",
                "--out", out.toString());
        assertThat(policy.code()).isEqualTo(2);
        assertThat(policy.err()).contains("'median'", "max, mse, kl or percentile-P");
        CliTest.Run weights = qasim("validate", "--arch", TPU, "--model", MLP, "--data", MNIST, "--weight-calibrate", "percentile-101",
                "--out", out.toString());
        assertThat(weights.code()).isEqualTo(2);
        assertThat(weights.err()).contains("--weight-calibrate", "'percentile-101'").doesNotContain("Exception");
        assertThat(out).doesNotExist();
    }

    @Test
    void labelsOutsideTheModelsClassesExitTwoNamingTheLabelsFileAndWriteNothing() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        dev.qasim.workload.IdxFiles.images(data.resolve("t10k-images-idx3-ubyte"), 3, 28, 28);
        Path labels = dev.qasim.workload.IdxFiles.write(data.resolve("t10k-labels-idx1-ubyte"), 0x801, new int[] {3},
                new byte[] {3, (byte) 200, 1});
        Path out = dir.resolve("never");
        CliTest.Run r = qasim("validate", "--arch", TPU, "--model", MLP, "--data", data.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().lines().toList()).containsExactly(labels + ": labels[1] = 200: the model " + MLP
                + " has 10 output classes (output logits [1, 10]), so labels must be 0..9");
        assertThat(out).doesNotExist();
    }
}
