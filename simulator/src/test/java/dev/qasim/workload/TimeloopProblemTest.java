package dev.qasim.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeloopProblemTest {
    @TempDir
    Path dir;

    @Test
    void theShippedCnnLayerIsResnet18sLayer1Conv1WithoutPaddingAndTheGemmIsAGemm() {
        Workload conv = WorkloadLoader.load(WorkloadLoaderTest.SHIPPED.resolve("timeloop/resnet18-layer1-conv.yaml"));
        Workload yaml = WorkloadLoader.load(WorkloadLoaderTest.SHIPPED.resolve("resnet18.yaml"));
        Layer layer1 = yaml.layers().stream().filter(l -> l.name().equals("layer1.0.conv1")).findFirst().orElseThrow();
        assertThat(conv.layers()).singleElement().satisfies(l -> {
            assertThat(l.matrixForm()).isEqualTo(layer1.matrixForm());
            assertThat(((Conv2d) l).h().size()).isEqualTo(58);
            assertThat(((Conv2d) l).h().pad()).isZero();
        });
        Workload gemm = WorkloadLoader.load(WorkloadLoaderTest.SHIPPED.resolve("timeloop/gemm-bert-ffn.yaml"));
        assertThat(gemm.layers()).singleElement().isEqualTo(new Gemm(WorkloadLoader.defaultSpec("gemm-bert-ffn"), 128, 3072, 768));
    }

    @Test
    void stridesAndDilationsGiveTheInputTheWindowsReachAndPByQOutputs() throws IOException {
        // Timeloop 0.3 style: the sizes directly under problem, no shape (the CNN layer is Timeloop's default)
        Path f = WorkloadLoaderTest.write(dir, "p.yaml", String.join("\n", "problem:", "  C: 3", "  M: 8", "  R: 3", "  S: 5",
                "  P: 7", "  Q: 4", "  N: 2", "  Wstride: 2", "  Hstride: 3", "  Wdilation: 1", "  Hdilation: 2", ""));
        Conv2d c = (Conv2d) WorkloadLoader.load(f).layers().get(0);
        assertThat(new int[] {c.batch(), c.channels(), c.h().size(), c.w().size(), c.outChannels(), c.h().kernel(), c.w().kernel()})
                .containsExactly(2, 3, (4 - 1) * 3 + (5 - 1) * 2 + 1, (7 - 1) * 2 + (3 - 1) + 1, 8, 5, 3);
        assertThat(new int[] {c.h().stride(), c.w().stride(), c.h().dilation(), c.w().dilation(), c.outHeight(), c.outWidth()})
                .containsExactly(3, 2, 2, 1, 4, 7);
    }

    @Test
    void aDepthwiseShapeAndGroupsAreGroupedConvolutions() throws IOException {
        Path dw = WorkloadLoaderTest.write(dir, "dw.yaml", "problem:\n  shape:\n    name: dw-cnn-layer\n"
                + "    dimensions: [R, S, P, Q, C, N]\n  instance: {C: 32, R: 3, S: 3, P: 10, Q: 10}\n");
        Conv2d d = (Conv2d) WorkloadLoader.load(dw).layers().get(0);
        assertThat(d.depthwise()).isTrue();
        assertThat(d.matrixForm()).isEqualTo(new MatrixForm(32, 100, 1, 9));
        Path g = WorkloadLoaderTest.write(dir, "g.yaml", "problem:\n  shape: {dimensions: [G, C, M, R, S, N, P, Q]}\n"
                + "  instance: {G: 4, C: 8, M: 16, R: 1, S: 1, P: 5, Q: 5}\n");
        assertThat(WorkloadLoader.load(g).layers().get(0).matrixForm()).isEqualTo(new MatrixForm(4, 25, 16, 8));
    }

    @Test
    void unknownDimensionsShapesAndKeysAreRefusedByNameAllAtOnce() throws IOException {
        Path f = WorkloadLoaderTest.write(dir, "bad.yaml", "problem:\n  shape: {dimensions: [X, Y]}\n"
                + "  instance: {C: 0, M: 4, Z: 1}\nmapper: {}\nbogus: 1\n");
        assertThat(WorkloadLoaderTest.problemsOf(f)).containsExactly(
                f + ": bogus = 1: unknown key; allowed here: problem, architecture, architecture_constraints, mapper, mapping, "
                        + "mapspace, mapspace_constraints, constraints, sparse_optimizations, compound_components, variables, "
                        + "globals, model, ERT, ART, components",
                f + ": problem.shape.dimensions = [\"X\",\"Y\"]: qasim reads Timeloop's CNN layer (C, M, R, S, N, P, Q, and G for"
                        + " groups; without M a depthwise layer) and a matrix product (M, N, K)",
                f + ": problem.instance.C = 0: must be an integer from 1 to 16777216",
                f + ": problem.instance.Z = 1: unknown key; allowed here: C, M, R, S, N, P, Q, G, Wstride, Hstride, Wdilation, Hdilation");
    }
}
