package dev.qasim.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qasim.input.BadInputException;
import dev.qasim.input.Problem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NpyTest {
    @TempDir
    Path dir;

    private static final Operand S32 = Operand.signed(32);

    /** A .npy file made by hand: any version, any header text, any data bytes. */
    static Path raw(Path dir, String name, int major, String header, byte[] data) throws IOException {
        byte[] text = header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int lengthBytes = major == 1 ? 2 : 4;
        ByteBuffer b = ByteBuffer.allocate(8 + lengthBytes + text.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            b.putShort((short) text.length);
        } else {
            b.putInt(text.length);
        }
        b.put(text).put(data);
        Path f = dir.resolve(name);
        Files.write(f, b.array());
        return f;
    }

    private static String ruleOf(Runnable read) {
        try {
            read.run();
        } catch (BadInputException e) {
            assertThat(e.problems()).hasSize(1);
            return e.problems().get(0).rule();
        }
        throw new AssertionError("expected the file to be rejected");
    }

    @ParameterizedTest
    @EnumSource(Npy.Dtype.class)
    void everyDtypeRoundTripsItsExtremesAndShape(Npy.Dtype dtype) {
        int[] extremes = switch (dtype) {
            case INT8 -> new int[] {-128, -1, 0, 1, 127, 5};
            case UINT8 -> new int[] {0, 1, 128, 255, 7, 9};
            case INT16 -> new int[] {-32768, -1, 0, 1, 32767, 300};
            case UINT16 -> new int[] {0, 1, 32768, 65535, 300, 2};
            case INT32, INT64 -> new int[] {Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE, 70000};
            case UINT32, UINT64 -> new int[] {0, 1, 2, Integer.MAX_VALUE, 70000, 3};
            case BOOL -> new int[] {0, 1, 1, 0, 0, 1};
            case FLOAT16 -> new int[] {-2048, -1, 0, 1, 2048, 1000};
            case FLOAT64 -> new int[] {Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE, 12345};
            default -> new int[] {-(1 << 24), -1, 0, 1, 1 << 24, 12345};
        };
        if (dtype == Npy.Dtype.FLOAT16) {
            return; // written by NumPy only (qasim reads float16, it does not write it)
        }
        Path f = dir.resolve(dtype + ".npy");
        Npy.write(f, new IntTensor(new int[] {2, 3}, extremes), dtype);
        IntTensor back = Npy.read(f, S32, 1.0);
        assertThat(back.shape()).containsExactly(2, 3);
        assertThat(back.data()).containsExactly(extremes);
    }

    @Test
    void writtenHeadersAreNumpysVersionOneLayoutPaddedTo64Bytes() throws IOException {
        Path f = dir.resolve("h.npy");
        Npy.write(f, new IntTensor(new int[] {5}, new int[] {1, 2, 3, 4, 5}), Npy.Dtype.INT8);
        byte[] bytes = Files.readAllBytes(f);
        int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        assertThat((10 + headerLength) % 64).isZero();
        String header = new String(bytes, 10, headerLength, StandardCharsets.ISO_8859_1);
        assertThat(header).startsWith("{'descr': '|i1', 'fortran_order': False, 'shape': (5,), }").endsWith("\n");
        assertThat(bytes).hasSize(10 + headerLength + 5);
    }

    @Test
    void bigEndianFilesAndVersionsTwoAndThreeAreRead() throws IOException {
        ByteBuffer be = ByteBuffer.allocate(6).order(ByteOrder.BIG_ENDIAN).putShort((short) -2).putShort((short) 300).putShort((short) 7);
        Path v2 = raw(dir, "be.npy", 2, "{'descr': '>i2', 'fortran_order': False, 'shape': (3,), }\n", be.array());
        assertThat(Npy.read(v2, S32, null).data()).containsExactly(-2, 300, 7);
        ByteBuffer le = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(-5).putInt(6);
        Path v3 = raw(dir, "v3.npy", 3, "{\"descr\": \"<i4\", \"shape\": (1, 2), \"fortran_order\": False}", le.array());
        IntTensor t = Npy.read(v3, S32, null);
        assertThat(t.shape()).containsExactly(1, 2);
        assertThat(t.data()).containsExactly(-5, 6);
    }

    @Test
    void float32ValuesAreRoundedHalfToEvenAfterScalingAndClampedToTheOperand() {
        Path f = dir.resolve("f.npy");
        Npy.writeFloat32(f, new int[] {8}, new float[] {0.25f, 0.75f, -0.25f, 1.25f, 100f, -100f, 0.3f, -0.76f});
        // x / 0.5: 0.5 -> 0, 1.5 -> 2, -0.5 -> -0, 2.5 -> 2, 200 -> 127, -200 -> -128, 0.6 -> 1, -1.52 -> -2
        assertThat(Npy.read(f, Operand.signed(8), 0.5).data()).containsExactly(0, 2, 0, 2, 127, -128, 1, -2);
        assertThat(Npy.read(f, Operand.unsigned(4), 0.5).data()).containsExactly(0, 2, 0, 2, 15, 0, 1, 0);
    }

    @Test
    void float32FilesWithoutAScaleOrWithNonFiniteValuesAreRejected() {
        Path f = dir.resolve("f.npy");
        Npy.writeFloat32(f, new int[] {2}, new float[] {1f, Float.NaN});
        assertThat(ruleOf(() -> Npy.read(f, S32, null))).contains("float32", "values.scale");
        assertThat(ruleOf(() -> Npy.read(f, S32, 1.0))).isEqualTo("holds NaN at flat index 1; float32 values must be finite");
    }

    @Test
    void integerValuesOutsideTheOperandAreRejectedWithTheirRange() {
        Path f = dir.resolve("w.npy");
        Npy.write(f, new IntTensor(new int[] {3}, new int[] {-200, 5, 100}), Npy.Dtype.INT16);
        BadInputException e = (BadInputException) catchThrowable(() -> Npy.read(f, Operand.signed(8), null));
        assertThat(e.problems()).extracting(Problem::message)
                .containsExactly(f + ": holds values from -200 to 100; s8 allows -128 to 127");
    }

    private static Throwable catchThrowable(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected an exception");
    }

    @Test
    void truncatedFilesAndTrailingBytesAreRejected() throws IOException {
        Path f = dir.resolve("t.npy");
        Npy.write(f, new IntTensor(new int[] {2, 3}, new int[] {1, 2, 3, 4, 5, 6}), Npy.Dtype.INT32);
        byte[] bytes = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(bytes, bytes.length - 4));
        assertThat(ruleOf(() -> Npy.read(f, S32, null)))
                .isEqualTo("is truncated: the header declares 6 int32 values (24 bytes), the file holds 20 bytes of data");
        Files.write(f, Arrays.copyOf(bytes, bytes.length + 3));
        assertThat(ruleOf(() -> Npy.read(f, S32, null))).isEqualTo("has 3 bytes after the 6 int32 values its header declares");
        Files.write(f, Arrays.copyOf(bytes, 40));
        assertThat(ruleOf(() -> Npy.read(f, S32, null))).startsWith("is truncated inside its header");
        Files.write(f, Arrays.copyOf(bytes, 5));
        assertThat(ruleOf(() -> Npy.read(f, S32, null))).startsWith("is not a .npy file");
    }

    @Test
    void corruptHeadersUnsupportedDtypesAndFortranOrderAreRejectedSayingWhatIsAllowed() throws IOException {
        byte[] four = new byte[4];
        assertThat(ruleOf(() -> Npy.read(rawQuietly("c8.npy", "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", new byte[8]), S32, null)))
                .startsWith("dtype '<c8' is not supported; allowed: bool '|b1', int8 '|i1', uint8 '|u1'");
        assertThat(ruleOf(() -> Npy.read(rawQuietly("f.npy", "{'descr': '<i4', 'fortran_order': True, 'shape': (1,), }", four), S32, null)))
                .startsWith("fortran_order is True; only C order is supported");
        assertThat(ruleOf(() -> Npy.read(rawQuietly("s.npy", "{'descr': [('a', '<i4')], 'fortran_order': False, 'shape': (1,), }", four), S32, null)))
                .startsWith("structured dtypes are not supported");
        assertThat(ruleOf(() -> Npy.read(rawQuietly("m.npy", "{'descr': '<i4', 'shape': (1,), }", four), S32, null)))
                .isEqualTo("the header has no 'fortran_order'; a .npy header has descr, fortran_order and shape");
        assertThat(ruleOf(() -> Npy.read(rawQuietly("g.npy", "{'descr': '<i4', 'fortran_order': False, 'shape': (1,  ", four), S32, null)))
                .startsWith("malformed header (expected a non-negative integer in the shape");
        assertThat(ruleOf(() -> Npy.read(rawQuietly("e.npy", "{'descr': '<i4', 'fortran_order': False, 'shape': (0, 3), }", new byte[0]), S32, null)))
                .isEqualTo("holds an empty array, shape (0, 3)");
    }

    private Path rawQuietly(String name, String header, byte[] data) {
        try {
            return raw(dir, name, 1, header, data);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aMissingFileIsOneProblemNamingIt() {
        Path f = dir.resolve("nope.npy");
        BadInputException e = (BadInputException) catchThrowable(() -> Npy.read(f, S32, null));
        assertThat(e.getMessage()).isEqualTo(f + ": file not found");
    }

    @Test
    void theWriterRefusesValuesItsDtypeCannotHold() {
        assertThatThrownBy(() -> Npy.write(dir.resolve("x.npy"), new IntTensor(new int[] {1}, new int[] {128}), Npy.Dtype.INT8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("128 does not fit int8");
        assertThat(dir.resolve("x.npy")).doesNotExist();
    }

    @Test
    void numpysOwnFilesNextToTheExampleWorkloadAreRead() {
        Path shipped = Path.of(System.getProperty("qasim.home", "..")).resolve("workloads");
        IntTensor w = Npy.read(shipped.resolve("npy-example-w.npy"), Operand.signed(8), null);
        assertThat(w.shape()).containsExactly(4, 8);
        assertThat(Arrays.copyOf(w.data(), 8)).containsExactly(-128, -91, -54, -17, 20, 57, 94, -125);
        assertThat(w.get(31)).isEqualTo(-5);
        IntTensor x = Npy.read(shipped.resolve("npy-example-x.npy"), Operand.unsigned(8), null);
        assertThat(x.shape()).containsExactly(2, 8);
        assertThat(x.data()).containsExactly(0, 17, 34, 51, 68, 85, 102, 119, 136, 153, 170, 187, 204, 221, 238, 255);
    }

    @Test
    void theWriterProducesTheSameBytesAsNumpy() throws IOException {
        Path numpys = Path.of(System.getProperty("qasim.home", "..")).resolve("workloads/npy-example-w.npy");
        Path ours = dir.resolve("w.npy");
        Npy.write(ours, Npy.read(numpys, Operand.signed(8), null), Npy.Dtype.INT8);
        assertThat(Files.readAllBytes(ours)).isEqualTo(Files.readAllBytes(numpys));
    }
}
