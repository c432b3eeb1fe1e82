package dev.qasim.model;

import static dev.qasim.model.OnnxBuilder.FLOAT;
import static dev.qasim.model.OnnxBuilder.names;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.protobuf.ByteString;
import dev.qasim.input.BadInputException;
import dev.qasim.input.Problem;
import dev.qasim.model.onnx.Onnx;
import dev.qasim.model.ops.ElementType;
import dev.qasim.model.ops.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Element types, external data and sparse initializers: read exactly, or refused in one line naming the tensor. */
class OnnxFileTest {
    @TempDir
    Path dir;

    private static Onnx.TensorProto.Builder header(String name, ElementType type, int... dims) {
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name).setDataType(type.number());
        for (int d : dims) {
            t.addDims(d);
        }
        return t;
    }

    private static Tensor decode(Onnx.TensorProto t) {
        return OnnxFile.tensor(t, "t.onnx", "tensor", null);
    }

    private static double[] reals(Onnx.TensorProto t) {
        return ((Tensor.Real) decode(t)).data();
    }

    private static int[] ints(Onnx.TensorProto t) {
        return ((Tensor.Ints) decode(t)).data();
    }

    @Test
    void smallFloatFormatsDecodeTheirLargestNormalsSubnormalsAndSpecialsExactly() {
        assertThat(ElementType.FLOAT16.decode(0x3c00)).isEqualTo(1.0);
        assertThat(ElementType.FLOAT16.decode(0x7bff)).isEqualTo(65504.0);
        assertThat(ElementType.FLOAT16.decode(0x0001)).isEqualTo(Math.scalb(1.0, -24));
        assertThat(ElementType.FLOAT16.decode(0xfc00)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(ElementType.FLOAT16.decode(0x7e00)).isNaN();
        assertThat(ElementType.BFLOAT16.decode(0x3f80)).isEqualTo(1.0);
        assertThat(ElementType.BFLOAT16.decode(0xc040)).isEqualTo(-3.0);
        assertThat(ElementType.FLOAT8E4M3FN.decode(0x7e)).isEqualTo(448.0);
        assertThat(ElementType.FLOAT8E4M3FN.decode(0x7f)).isNaN();
        assertThat(ElementType.FLOAT8E4M3FN.decode(0x01)).isEqualTo(Math.scalb(1.0, -9));
        assertThat(ElementType.FLOAT8E4M3FN.decode(0x80)).isEqualTo(-0.0);
        assertThat(ElementType.FLOAT8E4M3FNUZ.decode(0x7f)).isEqualTo(240.0);
        assertThat(ElementType.FLOAT8E4M3FNUZ.decode(0x80)).isNaN();
        assertThat(ElementType.FLOAT8E4M3FNUZ.decode(0x01)).isEqualTo(Math.scalb(1.0, -10));
        assertThat(ElementType.FLOAT8E5M2.decode(0x7b)).isEqualTo(57344.0);
        assertThat(ElementType.FLOAT8E5M2.decode(0x7c)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(ElementType.FLOAT8E5M2.decode(0x7d)).isNaN();
        assertThat(ElementType.FLOAT8E5M2FNUZ.decode(0x7f)).isEqualTo(57344.0);
        assertThat(ElementType.FLOAT8E5M2FNUZ.decode(0x80)).isNaN();
        assertThat(ElementType.FLOAT8E8M0.decode(127)).isEqualTo(1.0);
        assertThat(ElementType.FLOAT8E8M0.decode(0)).isEqualTo(Math.scalb(1.0, -127));
        assertThat(ElementType.FLOAT8E8M0.decode(255)).isNaN();
        double[] e2m1 = new double[16];
        for (int p = 0; p < 16; p++) {
            e2m1[p] = ElementType.FLOAT4E2M1.decode(p);
        }
        assertThat(e2m1).containsExactly(0, 0.5, 1, 1.5, 2, 3, 4, 6, -0.0, -0.5, -1, -1.5, -2, -3, -4, -6);
    }

    @Test
    void packedFourAndTwoBitIntegersReadLowBitsFirstFromRawDataAndTypedFields() {
        // int4 -8, 7, -1 and uint4 3, 12, 9: two per byte, low nibble first, the last byte half used
        assertThat(ints(header("a", ElementType.INT4, 3).setRawData(ByteString.copyFrom(new byte[] {(byte) 0x78, 0x0f})).build()))
                .containsExactly(-8, 7, -1);
        assertThat(ints(header("b", ElementType.UINT4, 3).addInt32Data(0xc3).addInt32Data(0x9).build())).containsExactly(3, 12, 9);
        assertThat(ints(header("c", ElementType.INT2, 5).setRawData(ByteString.copyFrom(new byte[] {(byte) 0b00_11_10_01, 0b01}))
                .build())).containsExactly(1, -2, -1, 0, 1);
        assertThat(ints(header("d", ElementType.UINT2, 4).addInt32Data(0b11_10_01_00).build())).containsExactly(0, 1, 2, 3);
        assertThat(((Tensor.Ints) decode(header("e", ElementType.INT4, 1).addInt32Data(8).build())).type().toString()).isEqualTo("s4");
    }

    @Test
    void float16AndFloat8TensorsAreReadFromRawBytesAndInt32Patterns() {
        assertThat(reals(header("h", ElementType.FLOAT16, 2).setRawData(ByteString.copyFrom(new byte[] {0, 0x3c, 0, (byte) 0xc0})).build()))
                .containsExactly(1.0, -2.0);
        assertThat(reals(header("f8", ElementType.FLOAT8E4M3FN, 2).addInt32Data(0x7e).addInt32Data(0x38).build()))
                .containsExactly(448.0, 1.0);
        assertThat(reals(header("f4", ElementType.FLOAT4E2M1, 3).setRawData(ByteString.copyFrom(new byte[] {(byte) 0xf7, 0x02})).build()))
                .containsExactly(6.0, -6.0, 1.0);
    }

    @Test
    void int64ValuesBeyondThirtyTwoBitsSaturateAndBoolReadsAsZeroOrOne() {
        assertThat(ints(header("s", ElementType.INT64, 3).addInt64Data(Long.MAX_VALUE).addInt64Data(Long.MIN_VALUE).addInt64Data(-5)
                .build())).containsExactly(Integer.MAX_VALUE, Integer.MIN_VALUE, -5);
        assertThat(ints(header("u", ElementType.UINT64, 2).addUint64Data(-1L).addUint64Data(7).build()))
                .containsExactly(Integer.MAX_VALUE, 7);
        assertThat(ints(header("b", ElementType.BOOL, 3).setRawData(ByteString.copyFrom(new byte[] {0, 1, 1})).build()))
                .containsExactly(0, 1, 1);
    }

    @Test
    void stringAndComplexTensorsAreRefusedByName() {
        for (ElementType t : List.of(ElementType.STRING, ElementType.COMPLEX64, ElementType.COMPLEX128, ElementType.UNDEFINED)) {
            Throwable e = catchThrowable(() -> decode(header("z", t, 1).build()));
            assertThat(e).isInstanceOf(BadInputException.class).hasMessageStartingWith("t.onnx: tensor.data_type = " + t.label()
                    + ": element type " + t.label() + " is not supported");
        }
        assertThat(catchThrowable(() -> decode(header("z", ElementType.FLOAT, 1).setDataType(99).build())))
                .hasMessage("t.onnx: tensor.data_type = 99: is not an ONNX element type (0..26)");
    }

    /** A 1 x 4 -> 1 x 3 Gemm whose weights [3, 4] are stored by {@code weights}. */
    private Path gemm(String name, Onnx.TensorProto weights) throws IOException {
        OnnxBuilder b = new OnnxBuilder(3);
        b.input("x", FLOAT, 1, 4).output("y", FLOAT, 1, 3);
        b.initializer(weights);
        b.node("Gemm", "fc", names("x", "w"), names("y"), "transB", 1);
        return b.write(dir.resolve(name));
    }

    private static final double[] W = {0.5, -1, 0.25, 2, -0.75, 1.5, 0.125, -2, 1, 0.5, -0.5, 0.25};

    private static byte[] floatBytes(double[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) {
            b.putFloat((float) x);
        }
        return b.array();
    }

    private static Onnx.TensorProto external(String location, Long offset, Long length) {
        Onnx.TensorProto.Builder t = header("w", ElementType.FLOAT, 3, 4).setDataLocation(Onnx.TensorProto.DataLocation.EXTERNAL);
        t.addExternalData(Onnx.StringStringEntryProto.newBuilder().setKey("location").setValue(location));
        if (offset != null) {
            t.addExternalData(Onnx.StringStringEntryProto.newBuilder().setKey("offset").setValue(offset.toString()));
        }
        if (length != null) {
            t.addExternalData(Onnx.StringStringEntryProto.newBuilder().setKey("length").setValue(length.toString()));
        }
        return t.build();
    }

    private List<String> refused(Path model) {
        Throwable t = catchThrowable(() -> ModelLoader.load(model, ModelOptions.defaults()));
        assertThat(t).isInstanceOf(BadInputException.class);
        return ((BadInputException) t).problems().stream().map(Problem::message).toList();
    }

    @Test
    void weightsInAnExternalFileAtAnOffsetGiveTheSameModelAsWeightsInside() throws IOException {
        Path inside = gemm("inside.onnx", OnnxBuilder.floats("w", new int[] {3, 4}, W));
        byte[] data = new byte[4096 + 48 + 16];
        System.arraycopy(floatBytes(W), 0, data, 4096, 48);
        Files.createDirectories(dir.resolve("weights"));
        Files.write(dir.resolve("weights/model.onnx.data"), data);
        Path outside = gemm("outside.onnx", external("weights/model.onnx.data", 4096L, 48L));
        assertThat(ModelLoader.load(outside, ModelOptions.defaults()).exactOutputs().get(0).values())
                .containsExactly(ModelLoader.load(inside, ModelOptions.defaults()).exactOutputs().get(0).values());
        // no length: the rest of the file, which must then be exactly the tensor
        Files.write(dir.resolve("w.bin"), floatBytes(W));
        assertThat(ModelLoader.load(gemm("rest.onnx", external("w.bin", null, null)), ModelOptions.defaults()).exactOutputs().get(0)
                .values()).containsExactly(ModelLoader.load(inside, ModelOptions.defaults()).exactOutputs().get(0).values());
    }

    @Test
    void externalDataOutsideTheModelsFolderOrOfTheWrongSizeIsOneLineEach() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("model"));
        Files.write(dir.resolve("secret.bin"), floatBytes(W));
        Files.write(sub.resolve("w.bin"), floatBytes(W));
        String prefix = "graph.initializer[0] (w).external_data";
        Path up = gemm("model/up.onnx", external("../secret.bin", null, null));
        assertThat(refused(up)).containsExactly(up + ": " + prefix + ".location = ../secret.bin: must be a relative path inside "
                + "the model's folder (no absolute path, no '..'), as ONNX requires");
        Path absolute = gemm("model/absolute.onnx", external(dir.resolve("secret.bin").toString(), null, null));
        assertThat(refused(absolute)).containsExactly(absolute + ": " + prefix + ".location = " + dir.resolve("secret.bin")
                + ": must be a relative path inside the model's folder (no absolute path, no '..'), as ONNX requires");
        Path missing = gemm("model/missing.onnx", external("nowhere.bin", null, null));
        assertThat(refused(missing)).containsExactly(missing + ": " + prefix + ".location = nowhere.bin: file not found (looked for "
                + sub.toAbsolutePath().resolve("nowhere.bin") + ")");
        Path longer = gemm("model/longer.onnx", external("w.bin", 4L, 44L));
        assertThat(refused(longer)).containsExactly(longer + ": " + prefix + ".length = 44: the dimensions need 12 float values (48 bytes)");
        Path past = gemm("model/past.onnx", external("w.bin", 8L, 48L));
        assertThat(refused(past)).containsExactly(past + ": " + prefix + " = offset 8, length 48: reaches past the end of "
                + sub.toAbsolutePath().resolve("w.bin") + " (48 bytes)");
        Path badOffset = gemm("model/offset.onnx", external("w.bin", null, null).toBuilder()
                .addExternalData(Onnx.StringStringEntryProto.newBuilder().setKey("offset").setValue("-4")).build());
        assertThat(refused(badOffset)).containsExactly(badOffset + ": " + prefix + ".offset = -4: must be a byte count (a decimal "
                + "integer from 0)");
        Files.createSymbolicLink(sub.resolve("link.bin"), dir.resolve("secret.bin"));
        Path link = gemm("model/link.onnx", external("link.bin", null, null));
        assertThat(refused(link)).containsExactly(link + ": " + prefix + ".location = link.bin: leads outside the model's folder "
                + sub.toAbsolutePath() + " (through a link); external data must stay inside it");
    }

    @Test
    void aSparseInitializerIsTheDenseTensorItStandsFor() throws IOException {
        double[] dense = new double[12];
        dense[1] = 2;
        dense[6] = -1.5;
        dense[11] = 0.25;
        Path reference = gemm("dense.onnx", OnnxBuilder.floats("w", new int[] {3, 4}, dense));
        Onnx.SparseTensorProto sparse = Onnx.SparseTensorProto.newBuilder().addDims(3).addDims(4)
                .setValues(OnnxBuilder.floats("w", new int[] {3}, new double[] {2, -1.5, 0.25}))
                .setIndices(header("i", ElementType.INT64, 3, 2).addInt64Data(0).addInt64Data(1).addInt64Data(1).addInt64Data(2)
                        .addInt64Data(2).addInt64Data(3)).build();
        OnnxBuilder b = new OnnxBuilder(3);
        b.input("x", FLOAT, 1, 4).output("y", FLOAT, 1, 3);
        b.sparseInitializer(sparse);
        b.node("Gemm", "fc", names("x", "w"), names("y"), "transB", 1);
        Path model = b.write(dir.resolve("sparse.onnx"));
        assertThat(ModelLoader.load(model, ModelOptions.defaults()).exactOutputs().get(0).values())
                .containsExactly(ModelLoader.load(reference, ModelOptions.defaults()).exactOutputs().get(0).values());
    }
}
