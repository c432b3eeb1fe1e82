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
            assertThat(((Conv2d) theirs).h().pad()).isZero();
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
        Conv2d.Axis side = new Conv2d.Axis(224, 11, 4, 0, 1);
        assertThat(conv1).isEqualTo(new Conv2d(WorkloadLoader.defaultSpec("Conv1"), 1, 3, 96, side, side, 1));
        assertThat(conv1.matrixForm()).isEqualTo(new MatrixForm(1, 54 * 54, 96, 363));
        Conv2d wide = (Conv2d) w.layers().get(3);
        assertThat(wide.h().stride()).isEqualTo(2);
        assertThat(wide.w().stride()).isEqualTo(3);
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

    @Test
    void fieldsAfterTheStrideAreIgnoredAsScaleSimIgnoresThemAndNoted() throws IOException {
        // the shape of SCALE-Sim's own conv_nets/Resnet50.csv: named and empty columns after Strides, a line of commas
        Path f = WorkloadLoaderTest.write(dir, "r50.csv", String.join("\n",
                "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,,,Eh,Ew,e2",
                ",,,,,,,,,,,,",
                "Conv1,224,224,7,7,3,64,2,,,110,110,12100",
                "CB2a_1,56,56,1,1,64,64,1,,,,,",
                ""));
        Workload w = ScaleSimTopology.load(f);
        assertThat(w.layers()).extracting(Layer::name).containsExactly("Conv1", "CB2a_1");
        Conv2d conv1 = (Conv2d) w.layers().get(0);
        assertThat(new int[] {conv1.h().stride(), conv1.w().stride()}).containsExactly(2, 2);
        assertThat(w.notes()).contains("fields after the last column (the stride) ignored on 1 line(s), the first line 3,"
                + " as SCALE-Sim reads only a layer's columns");
        // a ninth field is the stride width, as SCALE-Sim reads it
        Path two = WorkloadLoaderTest.write(dir, "two.csv",
                "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\nc,9,9,3,3,1,1,1,2,7,\n");
        Conv2d c = (Conv2d) ScaleSimTopology.load(two).layers().get(0);
        assertThat(new int[] {c.h().stride(), c.w().stride(), c.outHeight(), c.outWidth()}).containsExactly(1, 2, 7, 4);
    }

    @Test
    void aRepeatedLayerNameIsMadeUniqueAndNoted() throws IOException {
        Path f = WorkloadLoaderTest.write(dir, "db.csv", "Layer, M, N, K,\nGEMM,16,8,4,\nGEMM,16,8,4,\nGEMM_2,2,2,2,\nGEMM,1,1,1,\n");
        Workload w = ScaleSimTopology.load(f);
        assertThat(w.layers()).extracting(Layer::name).containsExactly("GEMM", "GEMM_2", "GEMM_2_2", "GEMM_3");
        assertThat(w.notes()).containsExactly(
                "line 3: the layer name GEMM is also line 2's; this layer is named GEMM_2 (SCALE-Sim allows repeated names, qasim's reports need unique ones)",
                "line 4: the layer name GEMM_2 is also line 3's; this layer is named GEMM_2_2 (SCALE-Sim allows repeated names, qasim's reports need unique ones)",
                "line 5: the layer name GEMM is also line 2's; this layer is named GEMM_3 (SCALE-Sim allows repeated names, qasim's reports need unique ones)");
    }

    @Test
    void aLayerTooLargeForValuesIsReadAndNotedAsShapeOnly() throws IOException {
        // rows of SCALE-Sim's own GEMM_mnk/unet2d.csv: Conv9a has 3481956 x 1152 data values, more than 2^31
        Path f = WorkloadLoaderTest.write(dir, "unet.csv", "Layer,M,N,K\nConv9a,3481956,64,1152\nConv10,3474496,2,64\n");
        Workload w = ScaleSimTopology.load(f);
        assertThat(w.layers()).hasSize(2);
        assertThat(w.notes()).singleElement().asString().startsWith("Conv9a: the data tensor [3481956, 1152] is too large")
                .contains("runs shape-only");
    }

    @Test
    void scaleSimOutputSizesFollowItsCeilFormulaAndAreNotNotedAsDifferences() {
        Workload w = ScaleSimTopology.load(WorkloadLoaderTest.SHIPPED.resolve("scalesim-resnet18.csv"), OutputSize.SCALESIM);
        Conv2d conv1 = (Conv2d) w.layers().get(0);
        assertThat(new int[] {conv1.outHeight(), conv1.outWidth()}).containsExactly(113, 113);
        assertThat(w.notes()).isEmpty();
        // every layer: ceil((H - K + S) / S) exactly, brute force over small sizes for the rule itself
        for (int h = 1; h <= 20; h++) {
            for (int k = 1; k <= h; k++) {
                for (int s = 1; s <= 5; s++) {
                    assertThat(OutputSize.SCALESIM.of(h, k, s, 0, 1)).isEqualTo((int) Math.ceil((h - k + s) / (double) s));
                    assertThat(OutputSize.STANDARD.of(h, k, s, 0, 1)).isEqualTo((h - k) / s + 1);
                }
            }
        }
    }
}
