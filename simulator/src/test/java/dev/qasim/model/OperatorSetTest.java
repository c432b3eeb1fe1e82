package dev.qasim.model;

import static dev.qasim.model.OnnxBuilder.FLOAT;
import static dev.qasim.model.OnnxBuilder.INT64;
import static dev.qasim.model.OnnxBuilder.names;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.qasim.config.ArchLoader;
import dev.qasim.engine.Engine;
import dev.qasim.engine.EngineOptions;
import dev.qasim.input.BadInputException;
import dev.qasim.input.Problem;
import dev.qasim.model.ops.PpuStats;
import dev.qasim.workload.MatrixForm;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operator versions and attributes checked at load, constant folding, shape arithmetic free of PPU cost, and the
 * attention products (MatMul with batch dimensions, Einsum) on the array.
 */
class OperatorSetTest {
    static final Path HOME = Path.of(System.getProperty("qasim.home", ".."));

    @TempDir
    Path dir;

    private List<String> refused(OnnxBuilder b, String name) throws IOException {
        Path file = b.write(dir.resolve(name));
        Throwable t = catchThrowable(() -> ModelLoader.load(file, ModelOptions.defaults()));
        assertThat(t).as(name).isInstanceOf(BadInputException.class);
        return ((BadInputException) t).problems().stream().map(Problem::message).map(l -> l.substring(file.toString().length() + 2)).toList();
    }

    private static ModelRun run(Model m) {
        return m.run(ArchLoader.load(HOME.resolve("arch-configs/tpu-like-int8.yaml"), List.of("array.rows=8", "array.cols=8")),
                Engine.Kind.FAST, EngineOptions.defaults(), true, null, null, null);
    }

    @Test
    void everyAttributeAVersionLacksAMissingRequiredOneAndAWrongTypeAreReportedAtOnce() throws IOException {
        OnnxBuilder b = new OnnxBuilder(1);
        b.input("x", FLOAT, 1, 4).output("y", FLOAT, 1, 8);
        b.node("Squeeze", "sq", names("x"), names("s"), "axes", new int[] {0}); // an attribute until opset 13, an input since
        b.node("Concat", "cat", names("x", "x"), names("c")); // axis is required
        b.node("Softmax", "soft", names("c"), names("y"), "axis", "last"); // an int attribute given as a string
        assertThat(refused(b, "attributes.onnx")).containsExactly(
                "graph.node[0] (sq).axes (missing): is not an attribute of Squeeze in version 13 of its operator set (the model imports 13)",
                "graph.node[1] (cat).axis (missing): Concat needs this attribute",
                "graph.node[2] (soft).axis = string: must be a int attribute");
    }

    @Test
    void aRequiredInputLeftOutAndAnUnnamedFirstOutputAreReported() throws IOException {
        OnnxBuilder b = new OnnxBuilder(1);
        b.input("x", FLOAT, 1, 4).output("y", FLOAT, 1, 4);
        b.node("Add", "add", names("x", ""), names("a")); // "" leaves an optional input out; Add has none
        b.node("Relu", "relu", names("a"), names(""));
        b.node("Relu", "last", names("a"), names("y"));
        assertThat(refused(b, "empty.onnx")).containsExactly("graph.node[0] (add).input[1] (missing): Add needs its first 2 inputs; input 1 is left out",
                "graph.node[1] (relu).output[0] (missing): the node's first output needs a name");
    }

    @Test
    void anOperatorNewerThanTheImportedOpsetAndAnOpsetBeyondTwentyOneAreRefused() throws IOException {
        OnnxBuilder b = new OnnxBuilder(2);
        b.input("x", FLOAT, 2, 4).output("y", FLOAT, 2, 4);
        b.weights("g", new int[] {4}, 0.5, 1.5);
        b.node("LayerNormalization", "ln", names("x", "g"), names("y"));
        assertThat(refused(b, "ln13.onnx")).containsExactly("graph.node[0] (ln) = LayerNormalization: the model imports version 13 of the "
                + "operator set; qasim runs LayerNormalization as defined from version 17");
        b.opset("", 17);
        assertThat(ModelLoader.load(b.write(dir.resolve("ln17.onnx")), ModelOptions.defaults()).exactOutputs()).hasSize(1);
        b.opset("", 22);
        assertThat(refused(b, "opset22.onnx")).containsExactly("opset_import = ai.onnx 22: qasim reads ONNX operator sets up to 21 "
                + "(convert the model with onnx.version_converter, or export it at opset 21 or below)");
    }

    /** x [N, 2, 3] -> x.view(x.size(0), -1) as PyTorch exports it (Shape, Gather, Unsqueeze, Concat, Reshape) -> fc. */
    private static OnnxBuilder dynamicFlatten() {
        OnnxBuilder b = new OnnxBuilder(3);
        b.input("x", FLOAT, -1, 2, 3).output("y", FLOAT, -1, 4);
        b.initializer(OnnxBuilder.ints("zero", new int[0], INT64, 0)).initializer(OnnxBuilder.ints("minus1", new int[] {1}, INT64, -1))
                .initializer(OnnxBuilder.ints("axes", new int[] {1}, INT64, 0)).weights("w", new int[] {4, 6}, -1, 1);
        b.node("Shape", "shape", names("x"), names("s"));
        b.node("Gather", "batch", names("s", "zero"), names("n"), "axis", 0);
        b.node("Unsqueeze", "unsq", names("n", "axes"), names("n1"));
        b.node("Concat", "cat", names("n1", "minus1"), names("target"), "axis", 0);
        b.node("Reshape", "flat", names("x", "target"), names("f"));
        b.node("Gemm", "fc", names("f", "w"), names("y"), "transB", 1);
        return b;
    }

    @Test
    void theShapeArithmeticOfADynamicBatchCostsNoPostProcessingWork() throws IOException {
        Path file = dynamicFlatten().write(dir.resolve("flatten.onnx"));
        Path three = dir.resolve("x.npy");
        dev.qasim.workload.Npy.writeFloat32(three, new int[] {3, 2, 3}, new float[18]);
        Model m = ModelLoader.load(file, ModelOptions.defaults().withInputs(List.of(three)));
        assertThat(m.workload().layers()).singleElement().satisfies(l -> assertThat(l.matrixForm()).isEqualTo(new MatrixForm(1, 3, 4, 6)));
        ModelRun run = run(m);
        assertThat(run.outputs().get(0).shape()).containsExactly(3, 4);
        assertThat(run.ppu()).extracting(PpuStats::node).doesNotContain("shape", "batch", "unsq", "cat", "flat");
    }

    @Test
    void constantSubgraphsAreFoldedIntoInitializersAtLoad() throws IOException {
        OnnxBuilder b = new OnnxBuilder(4);
        b.input("x", FLOAT, 2, 3).output("y", FLOAT, 2, 4);
        b.weights("wt", new int[] {3, 4}, -1, 1);
        b.node("Transpose", "t", names("wt"), names("w")); // [4, 3]
        b.node("Gemm", "fc", names("x", "w"), names("y"), "transB", 1);
        Path file = b.write(dir.resolve("fold.onnx"));
        Graph g = Graph.of(OnnxFile.model(file), file.toString(), dir);
        assertThat(g.nodes()).extracting(dev.qasim.model.ops.Node::op).containsExactly("Gemm");
        assertThat(g.initializers().get("w").shape()).containsExactly(4, 3);
    }

    /** q, k, v [B, H, T, D] -> scores q k^T (MatMul or Einsum) -> Softmax -> p v: attention's two products. */
    private static OnnxBuilder attention(boolean einsum) {
        OnnxBuilder b = new OnnxBuilder(5).opset("", 17);
        b.input("q", FLOAT, 2, 2, 5, 4).input("k", FLOAT, 2, 2, 5, 4).input("v", FLOAT, 2, 2, 5, 4).output("y", FLOAT, 2, 2, 5, 4);
        if (einsum) {
            b.node("Einsum", "qk", names("q", "k"), names("s"), "equation", "bhid,bhjd->bhij");
            b.node("Softmax", "soft", names("s"), names("p"), "axis", -1);
            b.node("Einsum", "pv", names("p", "v"), names("y"), "equation", "bhij,bhjd->bhid");
        } else {
            b.node("Transpose", "kt", names("k"), names("t"), "perm", new int[] {0, 1, 3, 2});
            b.node("MatMul", "qk", names("q", "t"), names("s"));
            b.node("Softmax", "soft", names("s"), names("p"), "axis", -1);
            b.node("MatMul", "pv", names("p", "v"), names("y"));
        }
        return b;
    }

    @Test
    void attentionsProductsRunOnTheArrayAsBatchedGemmsWhetherMatMulOrEinsum() throws IOException {
        double[][] outputs = new double[2][];
        for (int e = 0; e < 2; e++) {
            Model m = ModelLoader.load(attention(e == 1).write(dir.resolve("attention" + e + ".onnx")), ModelOptions.defaults());
            // batch 2 x heads 2 = 4 groups; Q K^T: 5 x 5 over 4, P V: 5 x 4 over 5
            assertThat(m.workload().layers()).extracting(l -> l.matrixForm())
                    .containsExactly(new MatrixForm(4, 5, 5, 4), new MatrixForm(4, 5, 4, 5));
            assertThat(m.workload().layers()).extracting(l -> l.spec().data().toString()).containsExactly("s8", "u8"); // P >= 0
            ModelRun run = run(m);
            assertThat(run.array().layers()).allSatisfy(l -> assertThat(l.output().bitExact()).isTrue());
            outputs[e] = run.outputs().get(0).values();
            assertThat(run.array().notes()).anyMatch(n -> n.contains("against the float model") && n.contains("SQNR"));
        }
        assertThat(outputs[1]).containsExactly(outputs[0]); // the same products, the same integers
    }
}
