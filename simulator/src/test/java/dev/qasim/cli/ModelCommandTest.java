package dev.qasim.cli;

import static dev.qasim.cli.CliTest.HOME;
import static dev.qasim.cli.CliTest.qasim;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qasim.model.OnnxBuilder;
import dev.qasim.workload.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCommandTest {
    static final String TPU = HOME.resolve("arch-configs/tpu-like-int8.yaml").toString();

    @TempDir
    Path dir;

    @Test
    void runTakesAnOnnxModelAndReportsItsArrayLayersAndThePpu() throws Exception {
        Path model = OnnxBuilder.smallCnn(21).write(dir.resolve("cnn.onnx"));
        Path out = dir.resolve("report");
        CliTest.Run r = qasim("run", "--arch", TPU, "--set", "array.rows=16", "--set", "array.cols=16",
                "--workload", model.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertThat(report.get("workload").get("name").asText()).isEqualTo("cnn");
        assertThat(report.get("layers")).extracting(l -> l.get("name").asText()).containsExactly("conv1", "conv2", "fc");
        assertThat(report.get("layers")).allSatisfy(l -> assertThat(l.get("output").get("bitExact").asBoolean()).isTrue());
        assertThat(report.get("notes").toString()).contains("post-processing unit: ", "against the float model");
        // the post-processing unit's cycles and energy are counted and reported apart from the array's
        JsonNode totals = report.get("totals");
        long ppuCycles = 0;
        for (JsonNode node : report.get("postProcessing")) {
            ppuCycles += node.get("cycles").asLong();
        }
        assertThat(ppuCycles).isPositive();
        assertThat(totals.get("postCycles").asLong()).isEqualTo(ppuCycles);
        double sum = 0;
        for (JsonNode component : totals.get("energyBreakdownPj")) {
            sum += component.asDouble();
        }
        assertThat(totals.get("energyBreakdownPj").get("postProcessing").asDouble()).isPositive();
        assertThat(sum).isCloseTo(totals.get("energyPj").asDouble(), org.assertj.core.data.Offset.offset(1e-6 * sum));
    }

    @Test
    void runReadsTheModelInputFromANpyFile() throws Exception {
        Path model = OnnxBuilder.smallCnn(22).write(dir.resolve("cnn.onnx"));
        float[] image = new float[3 * 8 * 8];
        Arrays.fill(image, 0.5f);
        Path x = dir.resolve("x.npy");
        Npy.writeFloat32(x, new int[] {1, 3, 8, 8}, image);
        CliTest.Run r = qasim("run", "--arch", TPU, "--workload", model.toString(), "--input", x.toString(),
                "--out", dir.resolve("a").toString(), "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        CliTest.Run wrong = qasim("run", "--arch", TPU, "--workload", model.toString(), "--input", x.toString(),
                "--input", x.toString(), "--out", dir.resolve("b").toString());
        assertThat(wrong.code()).isEqualTo(2);
        assertThat(wrong.err()).contains("the model has 1 input(s) ([image])");
    }

    @Test
    void truncatedAndCorruptedModelsExitTwoWithAClearLineAndNoStackTrace() throws Exception {
        byte[] good = OnnxBuilder.smallCnn(23).bytes();
        Path cut = Files.write(dir.resolve("cut.onnx"), Arrays.copyOf(good, good.length / 2));
        CliTest.Run r = qasim("run", "--arch", TPU, "--workload", cut.toString(), "--out", dir.resolve("c").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith(cut.toString() + ": ").doesNotContain("Exception", "\tat ");
        assertThat(dir.resolve("c")).doesNotExist();
        byte[] bad = good.clone();
        for (int i = 0; i < 40; i++) {
            bad[i * 7] = (byte) 0xff;
        }
        Path corrupt = Files.write(dir.resolve("corrupt.onnx"), bad);
        CliTest.Run c = qasim("check", "--arch", TPU, "--workload", corrupt.toString());
        assertThat(c.code()).isEqualTo(2);
        assertThat(c.err()).contains(corrupt.toString()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void malformedConvAttributesExitTwoWithOneLineEachAndNoReport() throws Exception {
        dev.qasim.model.onnx.Onnx.ModelProto.Builder m = dev.qasim.model.onnx.Onnx.ModelProto.parseFrom(OnnxBuilder.smallCnn(24).bytes())
                .toBuilder();
        m.getGraphBuilder().getNodeBuilder(0).addAttribute(dev.qasim.model.onnx.Onnx.AttributeProto.newBuilder().setName("auto_pad")
                .setType(dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.STRING)
                .setS(com.google.protobuf.ByteString.copyFromUtf8("WHATEVER")));
        m.getGraphBuilder().getNodeBuilder(4).addAttribute(dev.qasim.model.onnx.Onnx.AttributeProto.newBuilder().setName("strides")
                .setType(dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType.INTS).addInts(0).addInts(1));
        Path model = Files.write(dir.resolve("bad-conv.onnx"), m.build().toByteArray());
        CliTest.Run r = qasim("run", "--arch", TPU, "--workload", model.toString(), "--out", dir.resolve("r").toString());
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().lines().toList()).containsExactly(
                model + ": graph.node[0] (conv1).auto_pad = WHATEVER: must be NOTSET, VALID, SAME_UPPER or SAME_LOWER "
                        + "(SAME_* only where it pads both sides equally)",
                model + ": graph.node[4] (conv2).strides = [0, 1]: must be 2 integers from 1 to 16777216");
        assertThat(dir.resolve("r")).doesNotExist();
    }
}
