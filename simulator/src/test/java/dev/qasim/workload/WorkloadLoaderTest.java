package dev.qasim.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qasim.input.BadInputException;
import dev.qasim.input.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkloadLoaderTest {
    static final Path SHIPPED = Path.of(System.getProperty("qasim.home", "..")).resolve("workloads");

    @TempDir
    Path dir;

    /** Writes a file into a test's folder. */
    static Path write(Path dir, String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    static List<String> problemsOf(Path file) {
        try {
            WorkloadLoader.load(file);
        } catch (BadInputException e) {
            return e.problems().stream().map(Problem::message).toList();
        }
        throw new AssertionError("expected " + file + " to be rejected");
    }

    private static Workload shipped(String name) {
        return WorkloadLoader.load(SHIPPED.resolve(name));
    }

    private static Layer layer(Workload w, String name) {
        return w.layers().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void everyShippedWorkloadLoadsUnderItsFileName() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(SHIPPED)) {
            files = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".csv")).sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("resnet18.yaml", "resnet50.yaml",
                "mobilenetv2.yaml", "vgg16.yaml", "bert-base-encoder.yaml", "mlp-784-512-512-10.yaml", "gemm-64.yaml",
                "conv-28x28x16.yaml", "npy-example.yaml", "scalesim-resnet18.csv");
        for (Path f : files) {
            Workload w = WorkloadLoader.load(f);
            assertThat(w.name()).isEqualTo(f.getFileName().toString().replaceFirst("\\.(yaml|csv)$", ""));
            assertThat(Files.readString(f)).as(f + " says where its shapes come from").matches("(?s)^(#|Layer name[^\\n]*#).*");
        }
    }

    @Test
    void shippedNetworksHaveTheirPublishedMultiplyAccumulateCounts() {
        assertThat(shipped("resnet18.yaml").macs()).isEqualTo(1_814_073_344L);
        assertThat(shipped("resnet50.yaml").macs()).isEqualTo(4_089_184_256L);
        assertThat(shipped("mobilenetv2.yaml").macs()).isEqualTo(300_774_272L);
        assertThat(shipped("vgg16.yaml").macs()).isEqualTo(15_470_264_320L);
        assertThat(shipped("bert-base-encoder.yaml").macs()).isEqualTo(931_135_488L);
        assertThat(shipped("mlp-784-512-512-10.yaml").macs()).isEqualTo(784 * 512 + 512 * 512 + 512 * 10);
    }

    @Test
    void resnet18PinsItsFirstConvDownsampleAndFcInMatrixForm() {
        Workload w = shipped("resnet18.yaml");
        assertThat(w.layers()).hasSize(21);
        Conv2d conv1 = (Conv2d) layer(w, "conv1");
        assertThat(conv1.matrixForm()).isEqualTo(new MatrixForm(1, 12544, 64, 147));
        assertThat(conv1.spec().termRevealing()).isFalse();
        assertThat(conv1.spec().weights()).isEqualTo(Operand.signed(8));
        assertThat(conv1.spec().data()).isEqualTo(Operand.unsigned(8));
        assertThat(conv1.spec().values()).isEqualTo(new ValueSource.Synthetic(ValueSource.Distribution.GAUSSIAN, 1));
        assertThat(layer(w, "layer2.0.downsample").matrixForm()).isEqualTo(new MatrixForm(1, 784, 128, 64));
        assertThat(layer(w, "layer4.1.conv2").matrixForm()).isEqualTo(new MatrixForm(1, 49, 512, 4608));
        assertThat(layer(w, "fc").matrixForm()).isEqualTo(new MatrixForm(1, 1, 1000, 512));
        assertThat(w.layers()).filteredOn(l -> l.spec().termRevealing()).hasSize(20);
    }

    @Test
    void resnet50HasBottlenecks3463WithFourDownsampleConvs() {
        Workload w = shipped("resnet50.yaml");
        assertThat(w.layers()).hasSize(54);
        assertThat(w.layers()).filteredOn(l -> l.name().endsWith(".downsample")).hasSize(4);
        assertThat(layer(w, "layer3.5.conv3").matrixForm()).isEqualTo(new MatrixForm(1, 196, 1024, 256));
        assertThat(layer(w, "layer4.0.conv2").matrixForm()).isEqualTo(new MatrixForm(1, 49, 512, 4608));
        assertThat(layer(w, "fc").matrixForm()).isEqualTo(new MatrixForm(1, 1, 1000, 2048));
    }

    @Test
    void mobilenetV2DepthwiseLayersHaveOneGroupPerChannelAndKOfNineAndAreUnrevealed() {
        Workload w = shipped("mobilenetv2.yaml");
        List<Conv2d> depthwise = w.layers().stream().filter(l -> l.name().endsWith(".dw")).map(Conv2d.class::cast).toList();
        assertThat(depthwise).hasSize(17);
        for (Conv2d dw : depthwise) {
            assertThat(dw.groups()).isEqualTo(dw.channels()).isEqualTo(dw.outChannels());
            assertThat(dw.depthwise()).isTrue();
            assertThat(dw.matrixForm().k()).isEqualTo(9);
            assertThat(dw.matrixForm().n()).isEqualTo(1);
            assertThat(dw.spec().termRevealing()).isFalse();
        }
        assertThat(layer(w, "block2.dw").matrixForm()).isEqualTo(new MatrixForm(96, 3136, 1, 9));
        assertThat(layer(w, "conv1").spec().termRevealing()).isFalse();
        assertThat(w.layers()).filteredOn(l -> !l.spec().termRevealing()).hasSize(18);
        assertThat(layer(w, "conv_last").matrixForm()).isEqualTo(new MatrixForm(1, 49, 1280, 320));
        assertThat(layer(w, "fc").matrixForm()).isEqualTo(new MatrixForm(1, 1, 1000, 1280));
    }

    @Test
    void vgg16AndBertAndTheMicroWorkloadsHaveTheirShapes() {
        Workload vgg = shipped("vgg16.yaml");
        assertThat(vgg.layers()).hasSize(16);
        assertThat(layer(vgg, "conv1_1").matrixForm()).isEqualTo(new MatrixForm(1, 50176, 64, 27));
        assertThat(layer(vgg, "fc6").matrixForm()).isEqualTo(new MatrixForm(1, 1, 4096, 25088));
        Workload bert = shipped("bert-base-encoder.yaml");
        assertThat(bert.layers()).hasSize(28).allSatisfy(l -> assertThat(l.spec().data()).isEqualTo(Operand.signed(8)));
        assertThat(layer(bert, "qkv").matrixForm()).isEqualTo(new MatrixForm(1, 128, 2304, 768));
        assertThat(layer(bert, "head11.scores").matrixForm()).isEqualTo(new MatrixForm(1, 128, 128, 64));
        assertThat(layer(bert, "head0.context").matrixForm()).isEqualTo(new MatrixForm(1, 128, 64, 128));
        assertThat(layer(bert, "ffn2").matrixForm()).isEqualTo(new MatrixForm(1, 128, 768, 3072));
        assertThat(shipped("conv-28x28x16.yaml").layers().get(0).matrixForm()).isEqualTo(new MatrixForm(1, 676, 32, 144));
        assertThat(shipped("gemm-64.yaml").layers().get(0).matrixForm()).isEqualTo(new MatrixForm(1, 64, 64, 64));
    }

    @Test
    void theNpyExampleReadsNumpysFilesAndItsOutputsFollowFromThem() {
        Workload w = shipped("npy-example.yaml");
        Layer fc = w.layers().get(0);
        assertThat(fc.spec().values()).isEqualTo(new ValueSource.Npy(SHIPPED.toAbsolutePath().normalize().resolve("npy-example-w.npy"),
                SHIPPED.toAbsolutePath().normalize().resolve("npy-example-x.npy"), null));
        LayerValues v = WorkloadLoader.values(fc);
        long expected = 0;
        for (int k = 0; k < 8; k++) {
            expected += (long) v.weights().get(3 * 8 + k) * v.data().get(8 + k); // output (batch 1, feature 3)
        }
        assertThat(Reference.outputs(fc, v)[4 + 3]).isEqualTo(expected);
        assertThat(v.data().get(15)).isEqualTo(255);
    }

    @Test
    void smallShippedWorkloadsGiveValuesThatFitTheirOperands() {
        for (String name : List.of("gemm-64.yaml", "conv-28x28x16.yaml", "mlp-784-512-512-10.yaml")) {
            for (Layer layer : shipped(name).layers()) {
                LayerValues v = WorkloadLoader.values(layer);
                assertThat(v.weights().shape()).containsExactly(layer.weightShape());
                assertThat(v.data().range()[0]).isGreaterThanOrEqualTo(0);
            }
        }
    }

    @Test
    void layerKeysOverrideTheDefaultsAndValuesMergeKeyByKey() throws IOException {
        Path f = write(dir, "o.yaml", String.join("\n",
                "defaults: { weightBits: 4, dataBits: 6, dataSigned: true, values: { distribution: laplace, seed: 9 } }",
                "layers:",
                "  - { name: a, type: gemm, m: 2, n: 3, k: 4 }",
                "  - { name: b, type: fc, inFeatures: 5, outFeatures: 6, weightBits: 2, dataSigned: false, termRevealing: false, values: { seed: 3 } }",
                "  - { name: c, type: conv2d, input: [2, 4, 9, 7], kernel: [6, 2, 3, 2], stride: [2, 1], padding: [1, 0], dilation: 2, groups: 2 }",
                ""));
        Workload w = WorkloadLoader.load(f);
        assertThat(w.name()).isEqualTo("o");
        assertThat(w.source()).isEqualTo(f);
        assertThat(w.notes()).isEmpty();
        LayerSpec a = w.layers().get(0).spec();
        assertThat(a).isEqualTo(new LayerSpec("a", Operand.signed(4), Operand.signed(6), true,
                new ValueSource.Synthetic(ValueSource.Distribution.LAPLACE, 9)));
        assertThat(w.layers().get(1).spec()).isEqualTo(new LayerSpec("b", Operand.signed(2), Operand.unsigned(6), false,
                new ValueSource.Synthetic(ValueSource.Distribution.LAPLACE, 3)));
        Conv2d c = (Conv2d) w.layers().get(2);
        assertThat(c).isEqualTo(new Conv2d(c.spec(), 2, 4, 6, new Conv2d.Axis(9, 3, 2, 1, 2), new Conv2d.Axis(7, 2, 1, 0, 2), 2));
        assertThat(c.outHeight()).isEqualTo(4); // floor((9 + 2 - 2*2 - 1) / 2) + 1
        assertThat(c.outWidth()).isEqualTo(5); // floor((7 - 2*1 - 1) / 1) + 1
    }

    @Test
    void shapeAndStructureProblemsAreAllReportedAtOnceWithTheirKeyPaths() throws IOException {
        Path f = write(dir, "bad.yaml", String.join("\n",
                "defaults: { weightBits: 0, dataBits: 8, colour: red }",
                "layers:",
                "  - { name: zero, type: conv2d, input: [1, 0, 8, 8], kernel: [4, 1, 3, 3] }",
                "  - { name: big, type: conv2d, input: [1, 3, 5, 5], kernel: [8, 3, 9, 9], padding: 1 }",
                "  - { name: grp, type: conv2d, input: [1, 8, 8, 8], kernel: [6, 2, 3, 3], groups: 4 }",
                "  - { name: cin, type: conv2d, input: [1, 8, 8, 8], kernel: [8, 3, 3, 3], groups: 2 }",
                "  - { name: big, type: fc, inFeatures: 4, outFeatures: 2 }",
                "  - { name: x, type: pool, size: 2 }",
                "  - { name: y, type: gemm, m: 4, n: -4, k: 4, strid: 2 }",
                "  - { type: gemm, m: 1, n: 1, k: 1 }",
                "  - { name: noType, m: 1 }",
                "  - { name: d, type: conv2d, input: [1, 9, 8, 8], kernel: [4, 3, 3, 3], groups: 2, stride: [1, 2, 3] }",
                ""));
        assertThat(problemsOf(f)).containsExactly(
                f + ": defaults.weightBits = 0: must be an integer from 1 to 32",
                f + ": defaults.colour = \"red\": unknown key; allowed here: weightBits, dataBits, dataSigned, values",
                f + ": layers[0].input = 0: must be an integer from 1 to 16777216",
                f + ": layers[1].kernel = [8,3,9,9]: the kernel spans 9x9 (dilation included), more than the padded input"
                        + " 7x7 (H + 2 * padding, W + 2 * padding)",
                f + ": layers[2].groups = 4: must divide the output channels Cout = 6",
                f + ": layers[3].kernel = [8,3,3,3]: kernel[1] (Cin/groups) must be C / groups = 8 / 2 = 4",
                f + ": layers[4].name = \"big\": duplicate: layers[1] has this name; names must be unique",
                f + ": layers[5].type = \"pool\": must be one of conv2d, fc, gemm",
                f + ": layers[6].n = -4: must be an integer of at least 1",
                f + ": layers[6].strid = 2: unknown key; allowed here: name, type, m, n, k, weightBits, dataBits, dataSigned,"
                        + " termRevealing, values",
                f + ": layers[7].name (missing): required: a non-empty string, unique in the workload",
                f + ": layers[8].type (missing): required: one of conv2d, fc, gemm",
                f + ": layers[9].stride = [1,2,3]: must be an integer or a list of 2 integers, each from 1 to 16777216");
    }

    @Test
    void hugeLayersAreProblemsNotCrashes() throws IOException {
        Path f = write(dir, "h.yaml", String.join("\n",
                "layers:",
                "  - { name: a, type: gemm, m: 100000, n: 100000, k: 2 }",
                "  - { name: b, type: conv2d, input: [1, 1, 8, 8], kernel: [1, 1, 3, 3], padding: 2000000000 }",
                "  - { name: c, type: conv2d, input: [4096, 1, 4096, 4096], kernel: [1, 1, 1, 1] }",
                ""));
        assertThat(problemsOf(f)).containsExactly(
                f + ": layers[0].name = \"a\": the output tensor [100000, 100000] is too large: at most 2147483639 values are supported",
                f + ": layers[1].padding = 2000000000: must be an integer from 0 to 16777216",
                f + ": layers[2].name = \"c\": the data tensor [4096, 1, 4096, 4096] is too large: at most 2147483639 values are supported");
    }

    @Test
    void aKernelLargerThanThePaddedInputIsRejectedWithTheLayersKeyPath() throws IOException {
        Path f = write(dir, "k.yaml", "layers:\n  - { name: c, type: conv2d, input: [1, 1, 4, 9], kernel: [1, 1, 3, 3], dilation: [2, 1] }\n");
        assertThat(problemsOf(f)).containsExactly(f + ": layers[0].kernel = [1,1,3,3]: the kernel spans 5x3 (dilation included),"
                + " more than the padded input 4x9 (H + 2 * padding, W + 2 * padding)");
    }

    @Test
    void channelsThatGroupsDoNotDivideAreRejected() throws IOException {
        Path f = write(dir, "g.yaml", "layers:\n  - { name: c, type: conv2d, input: [1, 6, 4, 4], kernel: [8, 1, 3, 3], groups: 4 }\n");
        assertThat(problemsOf(f)).containsExactly(f + ": layers[0].groups = 4: must divide the input channels C = 6");
    }

    @Test
    void aMissingLayersListAndUnknownTopLevelKeysAreReported() throws IOException {
        Path f = write(dir, "e.yaml", "name: empty\nlayer: []\n");
        assertThat(problemsOf(f)).containsExactly(
                f + ": layers (missing): required: a non-empty list of mappings",
                f + ": layer = []: unknown key; allowed here: name, outputSize, defaults, layers");
    }

    @Test
    void valueSourceKeysMustMatchTheSourceInForce() throws IOException {
        Path f = write(dir, "v.yaml", String.join("\n",
                "defaults: { dataBits: 32, values: { source: synthetic, scale: 0.5 } }",
                "layers:",
                "  - { name: a, type: gemm, m: 1, n: 1, k: 1, dataSigned: true, values: { source: npy, seed: 3, weights: w.npy } }",
                "  - { name: b, type: gemm, m: 1, n: 1, k: 1, dataSigned: true, values: { distribution: cauchy, data: x.npy } }",
                "  - { name: c, type: gemm, m: 1, n: 1, k: 1, dataBits: 32 }",
                ""));
        assertThat(problemsOf(f)).containsExactly(
                f + ": defaults.dataBits = 32: unsigned data is at most 31 bits wide (tensors hold 32-bit signed integers);"
                        + " use dataSigned: true or fewer bits",
                f + ": defaults.values.scale = 0.5: used only with source: npy; the source here is synthetic",
                f + ": layers[0].values.seed = 3: used only with source: synthetic; the source here is npy",
                f + ": layers[1].values.distribution = \"cauchy\": must be one of gaussian, laplace",
                f + ": layers[1].values.data = \"x.npy\": used only with source: npy; the source here is synthetic",
                f + ": layers[2].dataBits = 32: unsigned data is at most 31 bits wide (tensors hold 32-bit signed integers);"
                        + " use dataSigned: true or fewer bits");
    }

    @Test
    void npyFilesAreCheckedAtLoadingForExistenceDtypeShapeAndRange() throws IOException {
        Npy.write(dir.resolve("w84.npy"), new IntTensor(new int[] {8, 4}, new int[32]), Npy.Dtype.INT8);
        Npy.write(dir.resolve("w48.npy"), new IntTensor(new int[] {4, 8}, ramp(32, -16)), Npy.Dtype.INT8);
        Npy.write(dir.resolve("x.npy"), new IntTensor(new int[] {1, 8}, ramp(8, 0)), Npy.Dtype.UINT8);
        NpyTest.raw(dir, "c64.npy", 1, "{'descr': '<c8', 'fortran_order': False, 'shape': (1, 8), }", new byte[64]);
        Npy.writeFloat32(dir.resolve("xf.npy"), new int[] {1, 8}, new float[8]);
        Path f = write(dir, "n.yaml", String.join("\n",
                "defaults: { values: { source: npy, data: x.npy } }",
                "layers:",
                "  - { name: a, type: fc, inFeatures: 8, outFeatures: 4, values: { weights: missing.npy } }",
                "  - { name: b, type: fc, inFeatures: 8, outFeatures: 4, values: { weights: w84.npy, data: c64.npy } }",
                "  - { name: c, type: fc, inFeatures: 8, outFeatures: 4, weightBits: 4, values: { weights: w48.npy } }",
                "  - { name: d, type: fc, inFeatures: 8, outFeatures: 4, values: { weights: w48.npy, data: xf.npy } }",
                "  - { name: e, type: fc, inFeatures: 8, outFeatures: 4 }",
                "  - { name: ok, type: fc, inFeatures: 8, outFeatures: 4, values: { weights: w48.npy, data: xf.npy, scale: 0.25 } }",
                ""));
        assertThat(problemsOf(f)).containsExactly(
                f + ": layers[0].values.weights = \"missing.npy\": file not found",
                f + ": layers[1].values.weights = \"w84.npy\": has shape (8, 4); the layer needs (4, 8) (outFeatures, inFeatures)",
                f + ": layers[1].values.data = \"c64.npy\": dtype '<c8' is not supported; allowed: " + Npy.Dtype.allowed()
                        + " (convert with x.astype(np.int32), for example)",
                f + ": layers[2].values.weights = \"w48.npy\": holds values from -16 to 15; s4 allows -8 to 7",
                f + ": layers[3].values.data = \"xf.npy\": holds float32 values, which need values.scale"
                        + " (value = round_half_even(x / scale))",
                f + ": layers[4].values.weights (missing): required with source: npy: a .npy file, relative to the workload file");
    }

    @Test
    void npyPathsAreRelativeToTheWorkloadFileAndFloat32IsQuantizedWithTheScale() throws IOException {
        Files.createDirectories(dir.resolve("sub/data"));
        Npy.write(dir.resolve("sub/data/w.npy"), new IntTensor(new int[] {2, 3}, ramp(6, -3)), Npy.Dtype.INT8);
        Npy.writeFloat32(dir.resolve("sub/data/x.npy"), new int[] {1, 3}, new float[] {0.1f, 0.375f, 9f});
        Path f = dir.resolve("sub/w.yaml");
        Files.writeString(f, "layers:\n  - { name: a, type: fc, inFeatures: 3, outFeatures: 2, dataBits: 4,"
                + " values: { source: npy, weights: data/w.npy, data: data/x.npy, scale: 0.25 } }\n");
        Layer a = WorkloadLoader.load(f).layers().get(0);
        LayerValues v = WorkloadLoader.values(a);
        assertThat(v.weights().data()).containsExactly(-3, -2, -1, 0, 1, 2);
        assertThat(v.data().data()).containsExactly(0, 2, 15); // 0.4 -> 0, 1.5 -> 2 (even), 36 -> clamped to u4 max
    }

    @Test
    void aCsvWorkloadIsReadAsASCaleSimTopology() {
        Workload w = WorkloadLoader.load(SHIPPED.resolve("scalesim-resnet18.csv"));
        assertThat(w.layers()).hasSize(21);
    }

    @Test
    void aMissingFileIsOneProblem() {
        Path f = dir.resolve("none.yaml");
        assertThat(problemsOf(f)).containsExactly(f + ": file not found");
    }

    private static int[] ramp(int n, int from) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = from + i;
        }
        return v;
    }

    @Test
    void theResolvedYamlOfEveryShippedWorkloadLoadsBackToEqualLayers() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(SHIPPED)) {
            files = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".csv")).sorted().toList();
        }
        for (Path f : files) {
            Workload w = WorkloadLoader.load(f);
            String yaml = WorkloadLoader.toYaml(w);
            Workload back = WorkloadLoader.load(write(dir, "again.yaml", yaml));
            assertThat(back.name()).isEqualTo(w.name());
            assertThat(back.layers()).as(f.toString()).isEqualTo(w.layers());
            w.notes().forEach(note -> assertThat(yaml).contains("# " + note + "\n"));
        }
    }
}
