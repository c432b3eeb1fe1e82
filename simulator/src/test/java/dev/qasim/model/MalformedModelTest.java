package dev.qasim.model;

import static dev.qasim.model.OnnxBuilder.FLOAT;
import static dev.qasim.model.OnnxBuilder.INT32;
import static dev.qasim.model.OnnxBuilder.INT8;
import static dev.qasim.model.OnnxBuilder.UINT8;
import static dev.qasim.model.OnnxBuilder.names;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.qasim.input.BadInputException;
import dev.qasim.input.Problem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed Conv, pooling and Gemm nodes are bad input (exit code 2): one line per problem naming the file, the
 * node, the attribute or tensor, its value and what is allowed; never a Java exception's name.
 */
class MalformedModelTest {
    /** The largest kernel size, stride, dilation, pad or group qasim takes (2^24). */
    private static final int MAX_SIZE = 1 << 24;

    @TempDir
    Path dir;

    /** Loads the model, which must be refused; returns its problem lines. */
    private List<String> refused(OnnxBuilder b, String name) throws IOException {
        Path file = b.write(dir.resolve(name));
        Throwable t = catchThrowable(() -> ModelLoader.load(file, ModelOptions.defaults()));
        assertThat(t).as(name).isInstanceOf(BadInputException.class);
        List<String> lines = ((BadInputException) t).problems().stream().map(Problem::message).toList();
        assertThat(lines).allSatisfy(l -> assertThat(l).startsWith(file + ": graph.node[")
                .doesNotContain("Exception").doesNotContain("/ by zero"));
        return lines.stream().map(l -> l.substring(file.toString().length() + 2)).toList();
    }

    /** x [xShape] -> Conv with weights w [wShape] and the given attributes -> y. */
    private static OnnxBuilder conv(int[] xShape, int[] wShape, Object... attributes) {
        OnnxBuilder b = new OnnxBuilder(1);
        b.input("x", FLOAT, xShape).output("y", FLOAT);
        b.weights("w", wShape, -1, 1);
        b.node("Conv", "conv", names("x", "w"), names("y"), attributes);
        return b;
    }

    private static OnnxBuilder pool(String op, Object... attributes) {
        OnnxBuilder b = new OnnxBuilder(2);
        b.input("x", FLOAT, 1, 2, 6, 6).output("y", FLOAT);
        b.node(op, "pool", names("x"), names("y"), attributes);
        return b;
    }

    @Test
    void convWeightsWhoseInputChannelsTimesGroupDifferFromTheInputsChannelsAreRefused() throws IOException {
        assertThat(refused(conv(new int[] {1, 1, 6, 6}, new int[] {2, 5, 3, 3}), "channels.onnx")).containsExactly(
                "graph.node[0] (conv).input[1] (w) = [2, 5, 3, 3]: the weight's input channels (5) times group (1) must equal "
                        + "the input's channels (1, input x [1, 1, 6, 6])");
        assertThat(refused(conv(new int[] {1, 4, 6, 6}, new int[] {4, 1, 3, 3}, "group", 2), "grouped.onnx")).containsExactly(
                "graph.node[0] (conv).input[1] (w) = [4, 1, 3, 3]: the weight's input channels (1) times group (2) must equal "
                        + "the input's channels (4, input x [1, 4, 6, 6])");
    }

    @Test
    void convPadsThatAreNegativeOrDoNotFitAnIntAreRefusedNotTruncated() throws IOException {
        long huge = 1L << 40;
        assertThat(refused(conv(new int[] {1, 1, 6, 6}, new int[] {2, 1, 3, 3}, "pads", new long[] {huge, huge, huge, huge}),
                "huge-pads.onnx")).containsExactly("graph.node[0] (conv).pads = [1099511627776, 1099511627776, 1099511627776, "
                + "1099511627776]: must be 4 integers (top, left, bottom, right) from 0 to " + MAX_SIZE);
        assertThat(refused(conv(new int[] {1, 1, 6, 6}, new int[] {2, 1, 3, 3}, "pads", new int[] {-1, -1, -1, -1}),
                "negative-pads.onnx")).containsExactly("graph.node[0] (conv).pads = [-1, -1, -1, -1]: must be 4 integers "
                + "(top, left, bottom, right) from 0 to " + MAX_SIZE);
    }

    @Test
    void anUnknownAutoPadIsRefusedNamingTheValuesQasimRuns() throws IOException {
        assertThat(refused(conv(new int[] {1, 1, 6, 6}, new int[] {2, 1, 3, 3}, "auto_pad", "WHATEVER"), "auto-pad.onnx"))
                .containsExactly("graph.node[0] (conv).auto_pad = WHATEVER: must be NOTSET, VALID, SAME_UPPER or SAME_LOWER "
                        + "(SAME_* only where it pads both sides equally)");
    }

    @Test
    void aConvKernelShapeThatDisagreesWithTheWeightIsRefused() throws IOException {
        assertThat(refused(conv(new int[] {1, 1, 6, 6}, new int[] {2, 1, 3, 3}, "kernel_shape", new int[] {5, 5}), "kernel.onnx"))
                .containsExactly("graph.node[0] (conv).kernel_shape = [5, 5]: must equal the weight's kernel [3, 3] (weight w [2, 1, 3, 3])");
    }

    @Test
    void aConvOnAThreeDimensionalInputIsRefusedAsNeedingAFourDimensionalOne() throws IOException {
        assertThat(refused(conv(new int[] {1, 1, 6}, new int[] {2, 1, 3}), "conv1d.onnx")).containsExactly(
                "graph.node[0] (conv).input[0] (x) = [1, 1, 6]: qasim runs 2-D convolutions only: the input must be 4-D (N, C, H, W)",
                "graph.node[0] (conv).input[1] (w) = [2, 1, 3]: qasim runs 2-D convolutions only: the weights must be 4-D "
                        + "(output channels, input channels / group, kernel height, kernel width)");
    }

    @Test
    void anExportedOneDimensionalConvOrPoolIsOneLineSayingQasimRunsTwoDimensionalOnes() throws IOException {
        // as PyTorch exports Conv1d and MaxPool1d: every window attribute 1-D
        assertThat(refused(conv(new int[] {1, 1, 6, 6}, new int[] {2, 1, 3, 3}, "kernel_shape", new int[] {3}, "strides", new int[] {1},
                "pads", new int[] {1, 1}, "dilations", new int[] {1}), "conv1d-attrs.onnx")).containsExactly(
                "graph.node[0] (conv).kernel_shape = [3]: a 1-D convolution; qasim runs 2-D ones only");
        assertThat(refused(pool("MaxPool", "kernel_shape", new int[] {2, 2, 2}), "pool3d.onnx")).containsExactly(
                "graph.node[0] (pool).kernel_shape = [2, 2, 2]: a 3-D pooling; qasim runs 2-D ones only");
    }

    @Test
    void zeroOrNegativeGroupStridesAndDilationsAreRefusedEachOnItsOwnLine() throws IOException {
        assertThat(refused(conv(new int[] {1, 4, 6, 6}, new int[] {4, 4, 3, 3}, "group", 0, "strides", new int[] {0, 1},
                "dilations", new int[] {1, -1}), "zeros.onnx")).containsExactly(
                "graph.node[0] (conv).strides = [0, 1]: must be 2 integers from 1 to " + MAX_SIZE,
                "graph.node[0] (conv).dilations = [1, -1]: must be 2 integers from 1 to " + MAX_SIZE,
                "graph.node[0] (conv).group = 0: must be an integer from 1 to " + MAX_SIZE);
        assertThat(refused(conv(new int[] {1, 4, 6, 6}, new int[] {6, 1, 3, 3}, "group", 3), "group.onnx")).containsExactly(
                "graph.node[0] (conv).group = 3: must divide the input's channels (4) and the weight's output channels (6)");
        assertThat(refused(conv(new int[] {1, 4, 6, 6}, new int[] {4, 4, 3, 3}, "strides", new int[] {2}), "short.onnx"))
                .containsExactly("graph.node[0] (conv).strides = [2]: must be 2 integers from 1 to " + MAX_SIZE);
    }

    @Test
    void poolingKernelStridesAndPadsOutOfRangeAreRefused() throws IOException {
        assertThat(refused(pool("MaxPool", "kernel_shape", new int[] {0, 2}, "strides", new int[] {0, 0}), "max.onnx")).containsExactly(
                "graph.node[0] (pool).kernel_shape = [0, 2]: must be 2 integers from 1 to " + MAX_SIZE,
                "graph.node[0] (pool).strides = [0, 0]: must be 2 integers from 1 to " + MAX_SIZE);
        assertThat(refused(pool("AveragePool", "kernel_shape", new int[] {2, 2}, "pads", new int[] {-1, 0, -1, 0},
                "auto_pad", "same"), "avg.onnx")).containsExactly(
                "graph.node[0] (pool).pads = [-1, 0, -1, 0]: must be 4 integers (top, left, bottom, right) from 0 to " + MAX_SIZE,
                "graph.node[0] (pool).auto_pad = same: must be NOTSET, VALID, SAME_UPPER or SAME_LOWER "
                        + "(SAME_* only where it pads both sides equally)");
        assertThat(refused(pool("AveragePool", "kernel_shape", new long[] {1L << 33, 2}), "wide.onnx")).containsExactly(
                "graph.node[0] (pool).kernel_shape = [8589934592, 2]: must be 2 integers from 1 to " + MAX_SIZE);
        OnnxBuilder flat = new OnnxBuilder(3);
        flat.input("x", FLOAT, 1, 6).output("y", FLOAT);
        flat.node("GlobalAveragePool", "gap", names("x"), names("y"));
        assertThat(refused(flat, "gap.onnx")).containsExactly(
                "graph.node[0] (gap).input[0] (x) = [1, 6]: GlobalAveragePool runs on 4-D inputs (N, C, H, W) only");
    }

    /** A ConvInteger of a [1, 3, 3, 3] weight on a 2-channel u8 input, with the given attributes. */
    private static OnnxBuilder convInteger(Object... attributes) {
        OnnxBuilder ci = new OnnxBuilder(4);
        ci.input("x", UINT8, 1, 2, 5, 5).output("y", INT32);
        ci.initializer(OnnxBuilder.ints("w", new int[] {1, 3, 3, 3}, UINT8, new int[27]));
        ci.node("ConvInteger", "ci", names("x", "w"), names("y"), attributes);
        return ci;
    }

    @Test
    void integerAndQLinearConvsShareTheConvChecks() throws IOException {
        assertThat(refused(convInteger("strides", new int[] {1, 0}), "convinteger.onnx")).containsExactly(
                "graph.node[0] (ci).strides = [1, 0]: must be 2 integers from 1 to " + MAX_SIZE);
        assertThat(refused(convInteger(), "convinteger-channels.onnx")).containsExactly(
                "graph.node[0] (ci).input[1] (w) = [1, 3, 3, 3]: the weight's input channels (3) times group (1) must equal "
                        + "the input's channels (2, input x [1, 2, 5, 5])");
        OnnxBuilder ql = new OnnxBuilder(5);
        ql.input("x", UINT8, 1, 2, 5, 5).output("y", UINT8);
        ql.initializer(OnnxBuilder.floats("xs", new int[0], new double[] {0.1}))
                .initializer(OnnxBuilder.ints("xz", new int[0], UINT8, 0))
                .initializer(OnnxBuilder.ints("w", new int[] {2, 2, 3, 3}, INT8, new int[36]))
                .initializer(OnnxBuilder.floats("ws", new int[0], new double[] {0.1}))
                .initializer(OnnxBuilder.ints("wz", new int[0], INT8, 0))
                .initializer(OnnxBuilder.floats("ys", new int[0], new double[] {0.1}))
                .initializer(OnnxBuilder.ints("yz", new int[0], UINT8, 0));
        ql.node("QLinearConv", "qc", names("x", "xs", "xz", "w", "ws", "wz", "ys", "yz"), names("y"), "group", 2);
        assertThat(refused(ql, "qlinearconv.onnx")).containsExactly(
                "graph.node[0] (qc).input[3] (w) = [2, 2, 3, 3]: the weight's input channels (2) times group (2) must equal "
                        + "the input's channels (2, input x [1, 2, 5, 5])");
    }

    @Test
    void aConvIntegerWithZeroPointsAndSeveralOutputChannelsIsNotMistakenForABiasedConv() throws IOException {
        // inputs x, w, x_zero_point, w_zero_point: the third is a scalar zero point, not a bias of one value per channel
        OnnxBuilder ci = new OnnxBuilder(8);
        ci.input("x", UINT8, 1, 1, 5, 5).output("y", INT32);
        ci.initializer(OnnxBuilder.ints("w", new int[] {4, 1, 3, 3}, UINT8, new int[36]))
                .initializer(OnnxBuilder.ints("xz", new int[0], UINT8, 3))
                .initializer(OnnxBuilder.ints("wz", new int[0], UINT8, 1));
        ci.node("ConvInteger", "ci", names("x", "w", "xz", "wz"), names("y"));
        Model m = ModelLoader.load(ci.write(dir.resolve("zero-points.onnx")), ModelOptions.defaults());
        assertThat(m.workload().layers()).singleElement().satisfies(l -> assertThat(l.matrixForm().n()).isEqualTo(4));
    }

    @Test
    void aConvBiasWithoutOneValuePerOutputChannelIsRefused() throws IOException {
        OnnxBuilder c = new OnnxBuilder(6);
        c.input("x", FLOAT, 1, 1, 6, 6).output("y", FLOAT);
        c.weights("w", new int[] {2, 1, 3, 3}, -1, 1).weights("b", new int[] {1}, -1, 1);
        c.node("Conv", "conv", names("x", "w", "b"), names("y"));
        assertThat(refused(c, "bias.onnx")).containsExactly(
                "graph.node[0] (conv).input[2] (b) = [1]: the bias must have one value per output channel (2)");
    }

    @Test
    void everyAttributeProblemOfEveryNodeIsReportedAtOnceBeforeAnythingRuns() throws IOException {
        OnnxBuilder b = new OnnxBuilder(7);
        b.input("x", FLOAT, 1, 1, 6, 6).output("y", FLOAT);
        b.weights("w", new int[] {2, 1, 3, 3}, -1, 1);
        b.node("Conv", "conv", names("x", "w"), names("c"), "auto_pad", "WHATEVER");
        b.node("MaxPool", "pool", names("c"), names("y"), "kernel_shape", new int[] {2, -2});
        assertThat(refused(b, "two.onnx")).containsExactly(
                "graph.node[0] (conv).auto_pad = WHATEVER: must be NOTSET, VALID, SAME_UPPER or SAME_LOWER "
                        + "(SAME_* only where it pads both sides equally)",
                "graph.node[1] (pool).kernel_shape = [2, -2]: must be 2 integers from 1 to " + MAX_SIZE);
    }

    @Test
    void gemmWeightsTooSmallToQuantizeAreRefusedNamingTheNodeAndTensor() throws IOException {
        OnnxBuilder b = new OnnxBuilder(8);
        b.input("x", FLOAT, 1, 4).output("y", FLOAT);
        double[] tiny = new double[12];
        Arrays.fill(tiny, 1e-45);
        b.initializer(OnnxBuilder.floats("w", new int[] {3, 4}, tiny)).weights("b", new int[] {3}, 0.5, 1);
        b.node("Gemm", "fc", names("x", "w", "b"), names("y"), "transB", 1);
        List<String> lines = refused(b, "tiny.onnx");
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("graph.node[0] (fc).input[1] (w) = ").contains("too small to quantize");
        assertThat(lines.get(0)).doesNotContain("cannot round");
    }

    @Test
    void matMulWithTinyWeightsBeforeAClipRunsWithTheBoundsClampedToTheIntegerGrid() throws IOException {
        OnnxBuilder m = new OnnxBuilder(9);
        m.input("x", FLOAT, 1, 4).output("y", FLOAT);
        double[] tiny = new double[12];
        Arrays.fill(tiny, 1e-45);
        m.initializer(OnnxBuilder.floats("w", new int[] {4, 3}, tiny))
                .initializer(OnnxBuilder.floats("lo", new int[0], new double[] {0}))
                .initializer(OnnxBuilder.floats("hi", new int[0], new double[] {6}));
        m.node("MatMul", "mm", names("x", "w"), names("p"));
        m.node("Clip", "clip", names("p", "lo", "hi"), names("y"));
        Model model = ModelLoader.load(m.write(dir.resolve("tiny-matmul.onnx")), ModelOptions.defaults());
        for (double v : model.exactOutputs().get(0).values()) {
            assertThat(v).isBetween(0.0, 1e-43);
        }
    }
}
