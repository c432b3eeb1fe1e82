package dev.qasim.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScaleSimTopologyTest {
    @TempDir
    Path dir;

    @Test
    void theShippedResnet18TopologyHasTheMatrixFormsOfResnet18YamlAndNotesWhereSizesDiffer() {
        Workload csv = ScaleSimTopology.load(WorkloadLoaderTest.SHIPPED.resolve("scalesim-resnet18.csv"));
        Workload yaml = WorkloadLoader.load(WorkloadLoaderTest.SHIPPED.resolve("resnet18.yaml"));
        assertThat(csv.name()).isEqualTo("scalesim-resnet18");
        assertThat(csv.layers()).hasSize(yaml.layers().size());
        for (int i = 0; i < yaml.layers().size(); i++) {
            Layer theirs = csv.layers().get(i);
            assertThat(theirs.name()).isEqualTo(yaml.layers().get(i).name().replace('.', '_'));
            assertThat(theirs.matrixForm()).as(theirs.name()).isEqualTo(yaml.layers().get(i).matrixForm());
            assertThat(((Conv2d) theirs).padH()).isZero();
        }
        assertThat(csv.notes()).containsExactly(
                "conv1: SCALE-Sim's output is 113x113, qasim's true size is 112x112",
                "layer2_0_conv1: SCALE-Sim's output is 29x29, qasim's true size is 28x28",
                "layer2_0_downsample: SCALE-Sim's output is 29x29, qasim's true size is 28x28",
                "layer3_0_conv1: SCALE-Sim's output is 15x15, qasim's true size is 14x14",
                "layer3_0_downsample: SCALE-Sim's output is 15x15, qasim's true size is 14x14",
                "layer4_0_conv1: SCALE-Sim's output is 8x8, qasim's true size is 7x7",
                "layer4_0_downsample: SCALE-Sim's output is 8x8, qasim's true size is 7x7");
    }

    @Test
    void theConvFormIsReadWithPaddingZeroBatchOneAndGroupsOneAndSaysWhereOutputSizesDiffer() throws IOException {
        Path f = WorkloadLoaderTest.write(dir, "net.csv", String.join("\n",
                "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,",
                "",
                "Conv1     ,224         ,224        ,11           ,11          ,3       ,96        ,4      ,",
                "conv3, 56, 56, 3, 3, 64, 128, 2,#stride 2",
                "\tConv4,13,13,3,3,384,384,1",
                ",,,,,,,,",
                "wide,9,10,3,2,8,16,2,3,",
                ""));
        Workload w = WorkloadLoader.load(f);
        assertThat(w.name()).isEqualTo("net");
        assertThat(w.layers()).extracting(Layer::name).containsExactly("Conv1", "conv3", "Conv4", "wide");
        Conv2d conv1 = (Conv2d) w.layers().get(0);
        assertThat(conv1).isEqualTo(new Conv2d(WorkloadLoader.defaultSpec("Conv1"), 1, 3, 224, 224, 96, 11, 11, 4, 4, 0, 0, 1, 1, 1));
        assertThat(conv1.matrixForm()).isEqualTo(new MatrixForm(1, 54 * 54, 96, 363));
        Conv2d wide = (Conv2d) w.layers().get(3);
        assertThat(wide.strideH()).isEqualTo(2);
        assertThat(wide.strideW()).isEqualTo(3);
        assertThat(w.notes()).containsExactly(
                "Conv1: SCALE-Sim's output is 55x55, qasim's true size is 54x54",
                "conv3: SCALE-Sim's output is 28x28, qasim's true size is 27x27",
                "wide: SCALE-Sim's output is 4x4, qasim's true size is 4x3");
    }

    @Test
    void aDpLayerIsADepthwiseConvWithOneGroupPerChannelAsScaleSimSplitsIt() throws IOException {
        Path f = WorkloadLoaderTest.write(dir, "dw.csv", "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"
                + "Conv2_DP,112,112,3,3,32,1,1,\n");
        Workload w = ScaleSimTopology.load(f);
        Conv2d dw = (Conv2d) w.layers().get(0);
        assertThat(dw.groups()).isEqualTo(32);
        assertThat(dw.depthwise()).isTrue();
        assertThat(dw.matrixForm()).isEqualTo(new MatrixForm(32, 110 * 110, 1, 9));
        assertThat(w.notes()).containsExactly(
                "Conv2_DP: a DP (depthwise) layer, read as SCALE-Sim does: groups = 32, 1 filter(s) per channel");
    }

    @Test
    void theGemmFormIsToldApartByItsHeaderWithOrWithoutTrailingCommas() throws IOException {
        Workload a = ScaleSimTopology.load(WorkloadLoaderTest.write(dir, "a.csv", "Layer Name, M, N, K,\nTest 1, 256, 128, 256,\n"));
        assertThat(a.layers()).containsExactly(new Gemm(WorkloadLoader.defaultSpec("Test 1"), 256, 128, 256));
        assertThat(a.notes()).isEmpty();
        Workload b = ScaleSimTopology.load(WorkloadLoaderTest.write(dir, "b.csv", "Layer,M,N,K\nQKT,1024,1024,64\nQKTV,1024,64,1024\n"));
        assertThat(b.layers()).extracting(Layer::matrixForm)
                .containsExactly(new MatrixForm(1, 1024, 1024, 64), new MatrixForm(1, 1024, 64, 1024));
    }

    @Test
    void badRowsAreAllReportedWithTheirLineAndColumn() throws IOException {
        Path f = WorkloadLoaderTest.write(dir, "bad.csv", String.join("\n",
                "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,",
                "c1,7,7,9,3,3,8,1,",
                "c2,7,x,3,3,3,0,1,",
                "c3,7,7,3,3,3",
                "c1,7,7,3,3,3,8,1,",
                ",7,7,3,3,3,8,1,",
                "c5,7,7,3,8,3,8,1,",
                ""));
        assertThat(WorkloadLoaderTest.problemsOf(f)).containsExactly(
                f + ": line 2, Filter Height = 9: must be at most the IFMAP Height 7 (SCALE-Sim has no padding)",
                f + ": line 3, IFMAP Width = x: must be an integer of at least 1",
                f + ": line 3, Num Filter = 0: must be an integer of at least 1",
                f + ": line 4 = \"c3,7,7,3,3,3\": a conv-form row has 8 fields: Layer name, IFMAP Height, IFMAP Width,"
                        + " Filter Height, Filter Width, Channels, Num Filter, Strides; or 9, with Stride Height and Stride Width",
                f + ": line 5, Layer name = c1: duplicate: line 2 has this name; names must be unique",
                f + ": line 6, Layer name = \"\": must not be empty",
                f + ": line 7, Filter Width = 8: must be at most the IFMAP Width 7 (SCALE-Sim has no padding)");
    }

    @Test
    void aFileWithoutAHeaderOrWithoutLayersIsRejected() throws IOException {
        Path noHeader = WorkloadLoaderTest.write(dir, "n.csv", "conv1,224,224,7,7,3,64,2,\nconv2,56,56,3,3,64,64,1,\n");
        assertThat(WorkloadLoaderTest.problemsOf(noHeader)).containsExactly(noHeader + ": line 1 = \"conv1,224,224,7,7,3,64,2\":"
                + " looks like a layer; the first line must be the header: Layer name, IFMAP Height, IFMAP Width, Filter Height,"
                + " Filter Width, Channels, Num Filter, Strides (conv form) or Layer name, M, N, K (GEMM form)");
        Path empty = WorkloadLoaderTest.write(dir, "e.csv", "\n\n");
        assertThat(WorkloadLoaderTest.problemsOf(empty)).singleElement().asString().startsWith(empty + ": the file is empty");
        Path headerOnly = WorkloadLoaderTest.write(dir, "h.csv", "Layer, M, N, K,\n");
        assertThat(WorkloadLoaderTest.problemsOf(headerOnly)).containsExactly(headerOnly + ": no layers after the header line");
        Path gemmRow = WorkloadLoaderTest.write(dir, "g.csv", "Layer, M, N, K,\nbig,4,5,\n");
        assertThat(WorkloadLoaderTest.problemsOf(gemmRow)).containsExactly(
                gemmRow + ": line 2 = \"big,4,5\": a GEMM-form row has 4 fields: Layer name, M, N, K");
    }
}
