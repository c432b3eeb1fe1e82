package dev.qasim.model;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.qasim.input.BadInputException;
import dev.qasim.model.onnx.Onnx;
import dev.qasim.model.ops.ElementType;
import dev.qasim.model.ops.Tensor;
import dev.qasim.workload.Operand;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads ONNX files (a ModelProto) and serialized tensors (a TensorProto, as in ONNX's test_data_set folders).
 * Every way a file can be wrong (missing, not protobuf, truncated, a tensor whose data does not match its
 * dimensions, an element type qasim does not read, external data that is missing, outside the model's folder
 * or of the wrong length) is a {@link BadInputException} naming the file and the tensor.
 *
 * <p>Element types: every type of {@link ElementType} with {@link ElementType.Kind#REAL} or
 * {@link ElementType.Kind#INTEGER}, from the typed fields, little-endian {@code raw_data} or external data;
 * string, complex and undefined tensors are refused by name.
 *
 * <p>External data ({@code data_location = EXTERNAL}): the {@code location} is a relative path inside the
 * model's folder (no {@code ..} component, not absolute, and, after following links, still inside the folder);
 * {@code offset} and {@code length} are decimal byte counts (defaults 0 and the rest of the file); the bytes
 * must be exactly the tensor's raw data; a {@code checksum} (SHA-1 of the whole file, hex) is verified when
 * given. Other keys are ignored, as ONNX allows.
 */
final class OnnxFile {
    /** Tensors may hold at most this many values (the limit of a Java array). */
    static final long MAX_VALUES = Integer.MAX_VALUE - 8;

    private OnnxFile() {}

    static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw problem(file.toString(), "", "file not found");
        } catch (IOException e) {
            throw problem(file.toString(), "", "cannot read the file (" + e.getMessage() + ")");
        } catch (OutOfMemoryError e) {
            throw problem(file.toString(), "", "the file is too large to read");
        }
    }

    /** A model file; its graph is checked by {@link Graph#of}. */
    static Onnx.ModelProto model(Path file) {
        byte[] bytes = bytes(file);
        if (bytes.length == 0) {
            throw problem(file.toString(), "", "the file is empty; an ONNX model (protobuf ModelProto) is required");
        }
        Onnx.ModelProto model;
        try {
            model = Onnx.ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw problem(file.toString(), "", "is not a readable ONNX model: the protobuf data is malformed or truncated ("
                    + firstLine(e.getMessage()) + ")");
        }
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw problem(file.toString(), "", "is not an ONNX model with a graph (no nodes found); the file may be truncated or not a model");
        }
        return model;
    }

    /** A serialized TensorProto file (ONNX's input_N.pb and output_N.pb); external data relative to its folder. */
    static Tensor tensorFile(Path file) {
        Onnx.TensorProto t;
        try {
            t = Onnx.TensorProto.parseFrom(bytes(file));
        } catch (InvalidProtocolBufferException e) {
            throw problem(file.toString(), "", "is not a readable ONNX tensor: the protobuf data is malformed or truncated ("
                    + firstLine(e.getMessage()) + ")");
        }
        return tensor(t, file.toString(), "", file.toAbsolutePath().getParent());
    }

    /**
     * Decodes a tensor.
     *
     * @param source the file, for messages
     * @param path   where the tensor is in the file, for messages ({@code graph.initializer[3] (fc.weight)})
     * @param folder the folder external data is relative to (the model's); null where external data cannot be
     *               (then it is refused)
     */
    static Tensor tensor(Onnx.TensorProto t, String source, String path, Path folder) {
        int[] shape = shape(t.getDimsList().stream().mapToLong(Long::longValue).toArray(), source, dot(path) + "dims");
        ElementType type = ElementType.of(t.getDataType());
        if (type == null || type.kind() == ElementType.Kind.REFUSED) {
            throw problem(source, dot(path) + "data_type", type == null ? Integer.toString(t.getDataType()) : type.label(),
                    type == null ? "is not an ONNX element type (0..26)" : "element type " + type.label() + " is not supported; qasim "
                            + "reads the real types (float, double, float16, bfloat16, float8*, float4e2m1, float8e8m0) and the "
                            + "integer types (int8..int64, uint8..uint64, int4, uint4, int2, uint2, bool)");
        }
        int n = Tensor.size(shape);
        ByteBuffer raw = null;
        if (t.getDataLocation() == Onnx.TensorProto.DataLocation.EXTERNAL) {
            raw = external(t, type, n, source, path, folder);
        } else if (t.hasRawData()) {
            raw = rawBuffer(t.getRawData(), type, n, source, path);
        }
        if (type.real()) {
            return new Tensor.Real(shape, raw != null ? realsFromRaw(raw, type, n) : realsFromFields(t, type, n, source, path));
        }
        int[] v = raw != null ? intsFromRaw(raw, type, n) : intsFromFields(t, type, n, source, path);
        return Tensor.Ints.plain(shape, v, type.operand());
    }

    /**
     * Decodes a sparse tensor as the dense tensor it stands for: zeros except at its indices (an int64 tensor of
     * [NNZ] linear indices or [NNZ, rank] coordinates), which take its values ([NNZ], any element type above).
     */
    static Tensor sparse(Onnx.SparseTensorProto s, String source, String path, Path folder) {
        int[] shape = shape(s.getDimsList().stream().mapToLong(Long::longValue).toArray(), source, dot(path) + "dims");
        Tensor values = tensor(s.getValues(), source, dot(path) + "values", folder);
        Tensor indices = tensor(s.getIndices(), source, dot(path) + "indices", folder);
        int nnz = values.size();
        int rank = shape.length;
        int[] ix = indices instanceof Tensor.Ints i ? i.data() : null;
        boolean linear = indices.shape().length == 1 && indices.size() == nnz;
        boolean coordinates = indices.shape().length == 2 && indices.shape()[0] == nnz && indices.shape()[1] == rank;
        if (ix == null || values.shape().length != 1 || !(linear || coordinates)) {
            throw problem(source, path, "values " + Arrays.toString(values.shape()) + ", indices " + Arrays.toString(indices.shape()),
                    "a sparse tensor needs values [NNZ] and integer indices [NNZ] or [NNZ, " + rank + "]");
        }
        int n = Tensor.size(shape);
        int[] flat = new int[nnz];
        for (int k = 0; k < nnz; k++) {
            long at = 0;
            for (int d = 0; d < (linear ? 1 : rank); d++) {
                int c = linear ? ix[k] : ix[k * rank + d];
                int limit = linear ? n : shape[d];
                if (c < 0 || c >= limit) {
                    throw problem(source, dot(path) + "indices", Integer.toString(c), "index " + k + " lies outside the dimensions "
                            + Arrays.toString(shape));
                }
                at = linear ? c : at * shape[d] + c;
            }
            flat[k] = (int) at;
        }
        if (values instanceof Tensor.Real r) {
            double[] dense = new double[n];
            for (int k = 0; k < nnz; k++) {
                dense[flat[k]] = r.data()[k];
            }
            return new Tensor.Real(shape, dense);
        }
        Tensor.Ints q = (Tensor.Ints) values;
        int[] dense = new int[n];
        for (int k = 0; k < nnz; k++) {
            dense[flat[k]] = q.data()[k];
        }
        return Tensor.Ints.plain(shape, dense, q.type());
    }

    /** Dimensions, each 0..{@link #MAX_VALUES}, whose product is at most {@link #MAX_VALUES}. */
    static int[] shape(long[] dims, String source, String path) {
        int[] shape = new int[dims.length];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = dims[i];
            if (d < 0 || d > MAX_VALUES) {
                throw problem(source, path, Arrays.toString(dims), "dimensions must be 0.." + MAX_VALUES);
            }
            shape[i] = (int) d;
            count *= d;
            if (count > MAX_VALUES) {
                throw problem(source, path, Arrays.toString(dims), "the tensor is too large (more than " + MAX_VALUES + " values)");
            }
        }
        return shape;
    }

    /** The operand type of an ONNX integer element type (s32 for anything else). */
    static Operand operand(int dataType) {
        ElementType t = ElementType.of(dataType);
        return t != null && t.kind() == ElementType.Kind.INTEGER ? t.operand() : Operand.signed(32);
    }

    /** Bytes the raw data of {@code n} values of a type takes (4-bit types pack two to a byte, 2-bit four). */
    static long rawBytes(ElementType type, long n) {
        return (n * type.bits() + 7) / 8;
    }

    private static ByteBuffer rawBuffer(ByteString raw, ElementType type, int n, String source, String path) {
        long need = rawBytes(type, n);
        if (raw.size() != need) {
            throw problem(source, dot(path) + "raw_data", raw.size() + " bytes", "the dimensions need " + n + " " + type.label()
                    + " values (" + need + " bytes); the tensor is truncated or corrupt");
        }
        return raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    private static double[] realsFromRaw(ByteBuffer b, ElementType type, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (type.bits()) {
                case 64 -> b.getDouble(i * 8);
                case 32 -> b.getFloat(i * 4);
                default -> type.decode((int) packed(b, type.bits(), i));
            };
        }
        return v;
    }

    private static int[] intsFromRaw(ByteBuffer b, ElementType type, int n) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            long x = packed(b, type.bits(), i);
            v[i] = held(type, x);
        }
        return v;
    }

    /** The i-th element's bits (sign-extended for 32 and 64 bits, else unsigned). */
    private static long packed(ByteBuffer b, int bits, int i) {
        return switch (bits) {
            case 64 -> b.getLong(i * 8);
            case 32 -> b.getInt(i * 4);
            case 16 -> b.getShort(i * 2) & 0xffff;
            case 8 -> b.get(i) & 0xff;
            case 4 -> (b.get(i / 2) >>> (4 * (i % 2))) & 0xf;
            default -> (b.get(i / 4) >>> (2 * (i % 4))) & 0x3;
        };
    }

    /**
     * An integer type's stored bits as the value qasim holds: sign-extended for signed types, bool as 0 / 1,
     * and values beyond 32 bits saturated (see {@link ElementType}).
     */
    private static int held(ElementType type, long bits) {
        long x = switch (type) {
            case INT8 -> (byte) bits;
            case INT16 -> (short) bits;
            case INT4 -> (bits & 0x8) != 0 ? bits - 16 : bits;
            case INT2 -> (bits & 0x2) != 0 ? bits - 4 : bits;
            case UINT32 -> bits & 0xffffffffL;
            case BOOL -> bits != 0 ? 1 : 0;
            case UINT64 -> bits < 0 ? Long.MAX_VALUE : bits; // above 2^63: saturates like any value beyond 32 bits
            default -> bits;
        };
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, x));
    }

    private static double[] realsFromFields(Onnx.TensorProto t, ElementType type, int n, String source, String path) {
        double[] v = new double[n];
        switch (type) {
            case FLOAT -> {
                checkCount(t.getFloatDataCount(), n, source, path, "float_data");
                for (int i = 0; i < n; i++) {
                    v[i] = t.getFloatData(i);
                }
            }
            case DOUBLE -> {
                checkCount(t.getDoubleDataCount(), n, source, path, "double_data");
                for (int i = 0; i < n; i++) {
                    v[i] = t.getDoubleData(i);
                }
            }
            default -> {
                int per = perInt32(type);
                checkCount(t.getInt32DataCount(), (n + per - 1) / per, source, path, "int32_data");
                for (int i = 0; i < n; i++) {
                    v[i] = type.decode(t.getInt32Data(i / per) >>> (type.bits() * (i % per)));
                }
            }
        }
        return v;
    }

    private static int[] intsFromFields(Onnx.TensorProto t, ElementType type, int n, String source, String path) {
        int[] v = new int[n];
        switch (type) {
            case INT64 -> {
                checkCount(t.getInt64DataCount(), n, source, path, "int64_data");
                for (int i = 0; i < n; i++) {
                    v[i] = held(type, t.getInt64Data(i));
                }
            }
            case UINT32, UINT64 -> {
                checkCount(t.getUint64DataCount(), n, source, path, "uint64_data");
                for (int i = 0; i < n; i++) {
                    long x = t.getUint64Data(i);
                    v[i] = held(ElementType.UINT64, type == ElementType.UINT32 ? x & 0xffffffffL : x);
                }
            }
            default -> {
                int per = perInt32(type);
                checkCount(t.getInt32DataCount(), (n + per - 1) / per, source, path, "int32_data");
                Operand op = type.operand();
                for (int i = 0; i < n; i++) {
                    int word = t.getInt32Data(i / per);
                    if (per > 1) {
                        v[i] = held(type, (word >>> (type.bits() * (i % per))) & ((1 << type.bits()) - 1));
                    } else {
                        v[i] = type == ElementType.BOOL ? (word != 0 ? 1 : 0) : word;
                        if (!op.fits(v[i])) {
                            throw problem(source, dot(path) + "int32_data[" + i + "]", Integer.toString(word),
                                    "does not fit the tensor's type " + type.label() + " (" + op.min() + ".." + op.max() + ")");
                        }
                    }
                }
            }
        }
        return v;
    }

    /** Elements per int32_data entry: 1, or 2 for the 4-bit types and 4 for the 2-bit types (packed low bits first). */
    private static int perInt32(ElementType type) {
        return type.bits() < 8 ? 8 / type.bits() : 1;
    }

    private static void checkCount(int have, int n, String source, String path, String field) {
        if (have != n) {
            throw problem(source, dot(path) + field, have + " values", "the dimensions need " + n + " values; the tensor is "
                    + "truncated or corrupt");
        }
    }

    /** The raw bytes of a tensor stored outside the model file (see the class comment for the rules). */
    private static ByteBuffer external(Onnx.TensorProto t, ElementType type, int n, String source, String path, Path folder) {
        String where = dot(path) + "external_data";
        Map<String, String> keys = new LinkedHashMap<>();
        t.getExternalDataList().forEach(e -> keys.put(e.getKey(), e.getValue()));
        String location = keys.get("location");
        if (folder == null) {
            throw problem(source, where, location, "external data is only read for a model's initializers and a .pb tensor "
                    + "file's tensor; store this tensor's data inside the file");
        }
        Path file = externalFile(location, folder, source, where);
        long size = externalSize(file, folder, location, source, where);
        long offset = byteCount(keys, "offset", 0, source, where);
        long length = byteCount(keys, "length", size - offset, source, where);
        if (offset > size || offset + length > size) {
            throw problem(source, where, "offset " + offset + ", length " + length, "reaches past the end of " + file + " ("
                    + size + " bytes)");
        }
        long need = rawBytes(type, n);
        if (length != need) {
            throw problem(source, where + ".length", Long.toString(length), "the dimensions need " + n + " " + type.label()
                    + " values (" + need + " bytes)");
        }
        String checksum = keys.get("checksum");
        if (checksum != null) {
            verifySha1(file, checksum, source, where);
        }
        ByteBuffer b = ByteBuffer.allocate((int) need);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (b.hasRemaining()) {
                if (ch.read(b, offset + b.position()) < 0) {
                    throw problem(source, where, file.toString(), "the file ended before the tensor's data (it changed while read?)");
                }
            }
        } catch (IOException e) {
            throw problem(source, where + ".location", location, "cannot read " + file + " (" + e.getMessage() + ")");
        }
        return b.flip().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The external data's file: {@code location} must be a relative path that stays inside the model's folder. */
    private static Path externalFile(String location, Path folder, String source, String where) {
        if (location == null || location.isEmpty()) {
            throw problem(source, where + ".location", null, "external data needs a location: a file name relative to the model's folder");
        }
        Path relative;
        try {
            relative = Path.of(location);
        } catch (java.nio.file.InvalidPathException e) {
            throw problem(source, where + ".location", location, "is not a valid file name (" + e.getReason() + ")");
        }
        boolean parentStep = false;
        for (Path part : relative) {
            parentStep |= part.toString().equals("..");
        }
        if (relative.isAbsolute() || location.startsWith("/") || location.startsWith("\\") || parentStep
                || location.matches("^[A-Za-z]:.*")) {
            throw problem(source, where + ".location", location, "must be a relative path inside the model's folder "
                    + "(no absolute path, no '..'), as ONNX requires");
        }
        return folder.resolve(relative).normalize();
    }

    /** The size of the external data's file, bytes, once it is known to be a regular file inside the model's folder. */
    private static long externalSize(Path file, Path folder, String location, String source, String where) {
        long size;
        try {
            Path real = file.toRealPath();
            if (!real.startsWith(folder.toRealPath())) {
                throw problem(source, where + ".location", location, "leads outside the model's folder " + folder
                        + " (through a link); external data must stay inside it");
            }
            size = Files.size(real);
        } catch (NoSuchFileException e) {
            throw problem(source, where + ".location", location, "file not found (looked for " + file + ")");
        } catch (IOException e) {
            throw problem(source, where + ".location", location, "cannot read " + file + " (" + e.getMessage() + ")");
        }
        if (!Files.isRegularFile(file)) {
            throw problem(source, where + ".location", location, file + " is not a regular file");
        }
        return size;
    }

    private static long byteCount(Map<String, String> keys, String key, long fallback, String source, String where) {
        String v = keys.get(key);
        if (v == null) {
            return fallback;
        }
        if (!v.matches("\\d{1,18}")) {
            throw problem(source, where + "." + key, v, "must be a byte count (a decimal integer from 0)");
        }
        return Long.parseLong(v);
    }

    private static void verifySha1(Path file, String checksum, String source, String where) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-1");
            try (var in = Files.newInputStream(file)) {
                byte[] buf = new byte[1 << 16];
                for (int r; (r = in.read(buf)) > 0; ) {
                    sha.update(buf, 0, r);
                }
            }
            String got = HexFormat.of().formatHex(sha.digest());
            if (!got.equals(checksum.toLowerCase(Locale.ROOT))) {
                throw problem(source, where + ".checksum", checksum, "does not match the SHA-1 of " + file + " (" + got + ")");
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        } catch (IOException e) {
            throw problem(source, where + ".checksum", checksum, "cannot read " + file + " to verify it (" + e.getMessage() + ")");
        }
    }

    static BadInputException problem(String source, String path, String rule) {
        return BadInputException.of(source, path, null, rule);
    }

    static BadInputException problem(String source, String path, String value, String rule) {
        return BadInputException.of(source, path, value, rule);
    }

    private static String dot(String path) {
        return path.isEmpty() ? "" : path + ".";
    }

    private static String firstLine(String message) {
        return message == null ? "no detail" : message.lines().findFirst().orElse(message);
    }
}
