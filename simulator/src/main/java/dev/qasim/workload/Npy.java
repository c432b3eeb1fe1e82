package dev.qasim.workload;

import dev.qasim.arith.Rounding;
import dev.qasim.input.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * NumPy {@code .npy} files: format versions 1.0, 2.0 and 3.0, C order only, one of the {@link Dtype}s. Integer
 * files are read as they are; float32 files are quantized with a scale: value = round_half_even(x / scale),
 * clamped to the operand's range (rounding is half to even everywhere in qasim: docs/quantization.md).
 *
 * <p>Every problem with a file (missing, truncated, corrupt, unsupported dtype, Fortran order, wrong shape,
 * values outside the operand) is a {@link BadInputException} with one problem naming the file and what is
 * allowed; the workload loader re-labels it with the key path that named the file.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Values a tensor may hold at most (the limit of a Java array). */
    static final long MAX_VALUES = Integer.MAX_VALUE - 8;

    private Npy() {}

    /** The element types qasim reads and writes, with NumPy's type codes (without the byte-order character). */
    public enum Dtype {
        INT8("i1", 1, Byte.MIN_VALUE, Byte.MAX_VALUE),
        UINT8("u1", 1, 0, 255),
        INT16("i2", 2, Short.MIN_VALUE, Short.MAX_VALUE),
        UINT16("u2", 2, 0, 65535),
        INT32("i4", 4, Integer.MIN_VALUE, Integer.MAX_VALUE),
        UINT32("u4", 4, 0, 0xffffffffL),
        INT64("i8", 8, Long.MIN_VALUE, Long.MAX_VALUE),
        UINT64("u8", 8, 0, Long.MAX_VALUE),
        BOOL("b1", 1, 0, 1),
        /** IEEE half precision; integers of magnitude up to 2^11 are exact. */
        FLOAT16("f2", 2, -(1 << 11), 1 << 11),
        /** IEEE single precision; integers of magnitude up to 2^24 are exact. */
        FLOAT32("f4", 4, -(1 << 24), 1 << 24),
        /** IEEE double precision (NumPy's default); integers of magnitude up to 2^53 are exact. */
        FLOAT64("f8", 8, -(1L << 53), 1L << 53);

        private final String code;
        private final int size;
        private final long min;
        private final long max;

        Dtype(String code, int size, long min, long max) {
            this.code = code;
            this.size = size;
            this.min = min;
            this.max = max;
        }

        /** NumPy's type code, such as {@code i4}. */
        public String code() {
            return code;
        }

        /** Bytes per element. */
        public int size() {
            return size;
        }

        static Dtype ofCode(String code) {
            for (Dtype d : values()) {
                if (d.code.equals(code)) {
                    return d;
                }
            }
            return null;
        }

        public static String allowed() {
            return "bool '|b1', int8 '|i1', uint8 '|u1', int16, uint16, int32, uint32, int64, uint64 ('<i2', '>u8', ...), "
                    + "float16, float32, float64 ('<f2', '<f4', '<f8', ...)";
        }

        /** Whether values of this type are real numbers (float16, float32, float64). */
        public boolean real() {
            return this == FLOAT16 || this == FLOAT32 || this == FLOAT64;
        }

        /** Element i of a buffer of this type, as a real number (uint64 beyond 2^63 wraps to negative, as Java's long). */
        double value(ByteBuffer data, int i) {
            return switch (this) {
                case INT8 -> data.get(i);
                case UINT8 -> data.get(i) & 0xff;
                case BOOL -> data.get(i) != 0 ? 1 : 0;
                case INT16 -> data.getShort(i * 2);
                case UINT16 -> data.getShort(i * 2) & 0xffff;
                case INT32 -> data.getInt(i * 4);
                case UINT32 -> data.getInt(i * 4) & 0xffffffffL;
                case INT64, UINT64 -> data.getLong(i * 8);
                case FLOAT16 -> half(data.getShort(i * 2) & 0xffff);
                case FLOAT32 -> data.getFloat(i * 4);
                default -> data.getDouble(i * 8);
            };
        }

        /** Element i as an integer (integer types only). */
        long integer(ByteBuffer data, int i) {
            return this == INT64 || this == UINT64 ? data.getLong(i * 8) : (long) value(data, i);
        }

        /** An IEEE half-precision bit pattern's value. */
        private static double half(int bits) {
            int exponent = (bits >>> 10) & 0x1f;
            int mantissa = bits & 0x3ff;
            double magnitude = exponent == 0x1f ? (mantissa == 0 ? Double.POSITIVE_INFINITY : Double.NaN)
                    : exponent == 0 ? Math.scalb((double) mantissa, -24) : Math.scalb((double) (0x400 | mantissa), exponent - 25);
            return (bits & 0x8000) != 0 ? -magnitude : magnitude;
        }
    }

    /**
     * Reads a .npy file as integers of an operand type.
     *
     * @param file  the file
     * @param type  the operand the values must fit (integer files) or are clamped to (float32 files)
     * @param scale for float32 files, value = round_half_even(x / scale) clamped to {@code type}; may be
     *              {@code null} for integer files, where it is not used
     * @throws BadInputException naming the file and what is wrong with it
     */
    public static IntTensor read(Path file, Operand type, Double scale) {
        return read(file, null, "", type, scale);
    }

    /**
     * Reads a .npy file, checking its shape against {@code shape} (when not null) before its values.
     *
     * @param layout the meaning of the dimensions ({@code Cout, Cin/groups, Kh, Kw}), quoted when the shape is wrong
     */
    static IntTensor read(Path file, int[] shape, String layout, Operand type, Double scale) {
        byte[] bytes = bytes(file);
        int[] start = new int[1];
        NpyHeader header = header(file, bytes, start);
        int dataStart = start[0];
        if (shape != null && !Arrays.equals(shape, header.shape())) {
            throw problem(file, "has shape " + tuple(header.shape()) + "; the layer needs " + tuple(shape)
                    + " (" + layout + ")");
        }
        long count = header.count();
        long expected = count * header.dtype().size();
        long actual = bytes.length - (long) dataStart;
        if (actual < expected) {
            throw problem(file, "is truncated: the header declares " + count + " " + name(header.dtype()) + " values ("
                    + expected + " bytes), the file holds " + actual + " bytes of data");
        }
        if (actual > expected) {
            throw problem(file, "has " + (actual - expected) + " bytes after the " + count + " "
                    + name(header.dtype()) + " values its header declares");
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, (int) expected).slice().order(header.order());
        int[] values = header.dtype().real()
                ? quantize(file, data, header.dtype(), (int) count, type, scale)
                : integers(file, data, header.dtype(), (int) count, type);
        return new IntTensor(header.shape(), values);
    }

    /**
     * A .npy array's shape, element type and values as they are stored (read on demand, so a large array costs its
     * file's size in memory, not eight bytes per value).
     */
    public record Array(int[] shape, Dtype dtype, ByteBuffer data) {
        /** The number of values. */
        public int count() {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }

        /** Value i as a real number (integers exactly up to 2^53). */
        public double value(int i) {
            return dtype.value(data, i);
        }

        /** Value i of an integer array. */
        public long integer(int i) {
            return dtype.integer(data, i);
        }
    }

    /** A .npy file's shape and values as real numbers, unquantized (an imported model's float input). */
    public record Real(int[] shape, double[] values) {}

    /**
     * Reads a .npy file of any supported dtype as real numbers, without quantizing (float values exactly, integer
     * values as they are).
     *
     * @throws BadInputException naming the file and what is wrong with it
     */
    public static Real readReal(Path file) {
        Array a = array(bytes(file), file.toString());
        double[] values = new double[a.count()];
        for (int i = 0; i < values.length; i++) {
            values[i] = a.value(i);
        }
        return new Real(a.shape(), values);
    }

    /**
     * Reads an array from a .npy file's bytes (a file, or an entry of an .npz archive, named {@code name} in messages).
     *
     * @throws BadInputException naming {@code name} and what is wrong with the array
     */
    public static Array array(byte[] bytes, String name) {
        int[] start = new int[1];
        NpyHeader header;
        try {
            header = header(bytes, start);
        } catch (NpyHeader.Malformed e) {
            throw BadInputException.of(name, "", null, e.getMessage());
        }
        long expected = header.count() * header.dtype().size();
        if (bytes.length - (long) start[0] != expected) {
            throw BadInputException.of(name, "", null, "holds " + (bytes.length - start[0]) + " bytes of data; its header declares "
                    + header.count() + " " + name(header.dtype()) + " values (" + expected + " bytes)");
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, start[0], (int) expected).slice().order(header.order());
        return new Array(header.shape(), header.dtype(), data);
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw problem(file, "file not found");
        } catch (IOException e) {
            throw problem(file, "cannot read the file (" + e.getMessage() + ")");
        } catch (OutOfMemoryError e) {
            throw problem(file, "the file is too large to read");
        }
    }

    /** The header, as a problem naming the file when it is malformed. */
    private static NpyHeader header(Path file, byte[] bytes, int[] start) {
        try {
            return header(bytes, start);
        } catch (NpyHeader.Malformed e) {
            throw problem(file, e.getMessage());
        }
    }

    /** Parses the magic string, version, header length and header; {@code start[0]} receives the data offset. */
    private static NpyHeader header(byte[] bytes, int[] start) throws NpyHeader.Malformed {
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new NpyHeader.Malformed("is not a .npy file (it does not start with \\x93NUMPY)");
        }
        int major = bytes[6] & 0xff;
        int minor = bytes[7] & 0xff;
        if (major < 1 || major > 3 || minor != 0) {
            throw new NpyHeader.Malformed("has format version " + major + "." + minor + "; supported: 1.0, 2.0, 3.0");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int lengthBytes = major == 1 ? 2 : 4;
        if (bytes.length < 8 + lengthBytes) {
            throw new NpyHeader.Malformed("is truncated inside its header");
        }
        long headerLength = major == 1 ? b.getShort(8) & 0xffff : b.getInt(8) & 0xffffffffL;
        int headerStart = 8 + lengthBytes;
        if (headerStart + headerLength > bytes.length) {
            throw new NpyHeader.Malformed("is truncated inside its header (it declares " + headerLength + " header bytes)");
        }
        String text = new String(bytes, headerStart, (int) headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NpyHeader header = NpyHeader.parse(text);
        for (int d : header.shape()) {
            if (d == 0) {
                throw new NpyHeader.Malformed("holds an empty array, shape " + tuple(header.shape()));
            }
        }
        if (header.count() > MAX_VALUES) {
            throw new NpyHeader.Malformed("holds " + header.count() + " values; at most " + MAX_VALUES + " are supported");
        }
        start[0] = headerStart + (int) headerLength;
        return header;
    }

    private static int[] integers(Path file, ByteBuffer data, Dtype dtype, int count, Operand type) {
        int[] out = new int[count];
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (int i = 0; i < count; i++) {
            long v = dtype.integer(data, i);
            out[i] = (int) v;
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (!type.fits(lo) || !type.fits(hi)) {
            throw problem(file, "holds values from " + lo + " to " + hi + "; " + type + " allows " + type.min() + " to "
                    + type.max());
        }
        return out;
    }

    private static int[] quantize(Path file, ByteBuffer data, Dtype dtype, int count, Operand type, Double scale) {
        if (scale == null) {
            throw problem(file, "holds " + name(dtype) + " values, which need values.scale (value = round_half_even(x / scale))");
        }
        int[] out = new int[count];
        double qn = type.min();
        double qp = type.max();
        for (int i = 0; i < count; i++) {
            double x = dtype.value(data, i);
            if (!Double.isFinite(x)) {
                throw problem(file, "holds " + x + " at flat index " + i + "; " + name(dtype) + " values must be finite");
            }
            // clamping before rounding equals clamping after it (the bounds are integers) and keeps the range small
            out[i] = (int) Rounding.halfEven(Math.max(qn, Math.min(qp, x / scale)));
        }
        return out;
    }

    /**
     * Writes a tensor as a version 1.0 .npy file, little endian, C order; the file is written to a temporary
     * sibling and moved into place, so it is never left half-written.
     *
     * @throws IllegalArgumentException when a value does not fit the dtype (for float32: is not exact in it)
     * @throws UncheckedIOException     when the file cannot be written
     */
    public static void write(Path file, IntTensor tensor, Dtype dtype) {
        ByteBuffer data = ByteBuffer.allocate(Math.multiplyExact(tensor.size(), dtype.size())).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : tensor.data()) {
            if (v < dtype.min || v > dtype.max) {
                throw new IllegalArgumentException(v + " does not fit " + name(dtype) + " [" + dtype.min + ", " + dtype.max + "]");
            }
            switch (dtype) {
                case INT8, UINT8, BOOL -> data.put((byte) v);
                case INT16, UINT16 -> data.putShort((short) v);
                case INT32, UINT32 -> data.putInt(v);
                case INT64, UINT64 -> data.putLong(v);
                case FLOAT32 -> data.putFloat(v);
                case FLOAT64 -> data.putDouble(v);
                default -> throw new IllegalArgumentException("writing " + name(dtype) + " files is not supported");
            }
        }
        writeFile(file, new NpyHeader(dtype, ByteOrder.LITTLE_ENDIAN, tensor.shape()), data.array());
    }

    /**
     * Writes float32 values as a version 1.0 .npy file, little endian, C order, atomically.
     *
     * @param shape the dimensions, each at least 1; their product must equal {@code values.length}
     */
    public static void writeFloat32(Path file, int[] shape, float[] values) {
        NpyHeader header = new NpyHeader(Dtype.FLOAT32, ByteOrder.LITTLE_ENDIAN, shape.clone());
        if (header.count() != values.length) {
            throw new IllegalArgumentException("shape " + tuple(shape) + " holds " + header.count() + " values, got " + values.length);
        }
        ByteBuffer data = ByteBuffer.allocate(Math.multiplyExact(values.length, 4)).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            data.putFloat(v);
        }
        writeFile(file, header, data.array());
    }

    /** The bytes of a version 1.0 header: magic, version, length and the dict padded to a multiple of 64 bytes. */
    static byte[] headerBytes(NpyHeader header) {
        String dict = header.format();
        int unpadded = 10 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        byte[] text = (dict + " ".repeat(padding) + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + text.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length).put(text);
        return b.array();
    }

    private static void writeFile(Path file, NpyHeader header, byte[] data) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try {
                byte[] head = headerBytes(header);
                byte[] all = Arrays.copyOf(head, head.length + data.length);
                System.arraycopy(data, 0, all, head.length, data.length);
                Files.write(tmp, all);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String name(Dtype dtype) {
        return dtype.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** A shape as Python writes a tuple: {@code (2, 3)}, {@code (5,)}. */
    static String tuple(int[] shape) {
        String inner = Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        return "(" + inner + (shape.length == 1 ? ",)" : ")");
    }

    private static BadInputException problem(Path file, String rule) {
        return BadInputException.of(file.toString(), "", null, rule);
    }
}
