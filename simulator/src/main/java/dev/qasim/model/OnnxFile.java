package dev.qasim.model;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.qasim.arith.Signedness;
import dev.qasim.input.BadInputException;
import dev.qasim.model.onnx.Onnx;
import dev.qasim.workload.Operand;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads ONNX files (a ModelProto) and serialized tensors (a TensorProto, as in ONNX's test_data_set folders).
 * Every way a file can be wrong (missing, not protobuf, truncated, a tensor whose data does not match its
 * dimensions, an element type qasim does not read) is a {@link BadInputException} naming the file.
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

    /** A serialized TensorProto file (ONNX's input_N.pb and output_N.pb). */
    static Tensor tensorFile(Path file) {
        Onnx.TensorProto t;
        try {
            t = Onnx.TensorProto.parseFrom(bytes(file));
        } catch (InvalidProtocolBufferException e) {
            throw problem(file.toString(), "", "is not a readable ONNX tensor: the protobuf data is malformed or truncated ("
                    + firstLine(e.getMessage()) + ")");
        }
        return tensor(t, file.toString(), "");
    }

    /**
     * Decodes a tensor: float, double, int8, uint8, int16, uint16, int32 and int64 (values must fit 32 bits),
     * from the typed fields or little-endian raw_data.
     */
    static Tensor tensor(Onnx.TensorProto t, String source, String path) {
        int[] shape = new int[t.getDimsCount()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = t.getDims(i);
            if (d < 0 || d > MAX_VALUES) {
                throw problem(source, dot(path) + "dims", Arrays.toString(t.getDimsList().toArray()), "dimensions must be 0.." + MAX_VALUES);
            }
            shape[i] = (int) d;
            count *= d;
            if (count > MAX_VALUES) {
                throw problem(source, dot(path) + "dims", t.getDimsList().toString(), "the tensor is too large (more than " + MAX_VALUES + " values)");
            }
        }
        if (t.getDataLocation() == Onnx.TensorProto.DataLocation.EXTERNAL) {
            throw problem(source, path, t.getName(), "tensors stored in external files are not supported; save the model with its data inside");
        }
        int n = (int) count;
        int type = t.getDataType();
        ByteString raw = t.getRawData();
        boolean hasRaw = t.hasRawData();
        switch (type) {
            case Onnx.TensorProto.DataType.FLOAT_VALUE: {
                double[] v = new double[n];
                if (hasRaw) {
                    ByteBuffer b = rawBuffer(raw, n, 4, source, path);
                    for (int i = 0; i < n; i++) {
                        v[i] = b.getFloat();
                    }
                } else {
                    checkCount(t.getFloatDataCount(), n, source, path, "float_data");
                    for (int i = 0; i < n; i++) {
                        v[i] = t.getFloatData(i);
                    }
                }
                return new Tensor.Real(shape, v);
            }
            case Onnx.TensorProto.DataType.DOUBLE_VALUE: {
                double[] v = new double[n];
                if (hasRaw) {
                    ByteBuffer b = rawBuffer(raw, n, 8, source, path);
                    for (int i = 0; i < n; i++) {
                        v[i] = b.getDouble();
                    }
                } else {
                    checkCount(t.getDoubleDataCount(), n, source, path, "double_data");
                    for (int i = 0; i < n; i++) {
                        v[i] = t.getDoubleData(i);
                    }
                }
                return new Tensor.Real(shape, v);
            }
            case Onnx.TensorProto.DataType.UINT8_VALUE:
            case Onnx.TensorProto.DataType.INT8_VALUE:
            case Onnx.TensorProto.DataType.UINT16_VALUE:
            case Onnx.TensorProto.DataType.INT16_VALUE:
            case Onnx.TensorProto.DataType.INT32_VALUE:
                return small(t, shape, n, type, source, path);
            case Onnx.TensorProto.DataType.INT64_VALUE: {
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    long x;
                    if (hasRaw) {
                        x = rawBuffer(raw, n, 8, source, path).getLong(i * 8);
                    } else {
                        checkCount(t.getInt64DataCount(), n, source, path, "int64_data");
                        x = t.getInt64Data(i);
                    }
                    if (x < Integer.MIN_VALUE || x > Integer.MAX_VALUE) {
                        throw problem(source, path, Long.toString(x), "int64 values must fit 32 bits in qasim");
                    }
                    v[i] = (int) x;
                }
                return Tensor.Ints.plain(shape, v, Operand.signed(32));
            }
            default:
                throw problem(source, dot(path) + "data_type", Integer.toString(type), "element type "
                        + Onnx.TensorProto.DataType.forNumber(type) + " is not supported; supported: float, double, "
                        + "uint8, int8, uint16, int16, int32, int64");
        }
    }

    /** The operand type of an ONNX integer element type. */
    static Operand operand(int dataType) {
        switch (dataType) {
            case Onnx.TensorProto.DataType.UINT8_VALUE:
                return Operand.unsigned(8);
            case Onnx.TensorProto.DataType.INT8_VALUE:
                return Operand.signed(8);
            case Onnx.TensorProto.DataType.UINT16_VALUE:
                return Operand.unsigned(16);
            case Onnx.TensorProto.DataType.INT16_VALUE:
                return Operand.signed(16);
            default:
                return Operand.signed(32);
        }
    }

    private static Tensor small(Onnx.TensorProto t, int[] shape, int n, int type, String source, String path) {
        Operand op = operand(type);
        int width = op.bits() / 8;
        int[] v = new int[n];
        if (t.hasRawData()) {
            ByteBuffer b = rawBuffer(t.getRawData(), n, width, source, path);
            for (int i = 0; i < n; i++) {
                int x = width == 1 ? b.get() : width == 2 ? b.getShort() : b.getInt();
                v[i] = op.signedness() == Signedness.UNSIGNED ? x & (width == 1 ? 0xff : 0xffff) : x;
            }
        } else {
            checkCount(t.getInt32DataCount(), n, source, path, "int32_data");
            for (int i = 0; i < n; i++) {
                v[i] = t.getInt32Data(i);
                if (!op.fits(v[i])) {
                    throw problem(source, path, Integer.toString(v[i]), "does not fit the tensor's type " + op);
                }
            }
        }
        return Tensor.Ints.plain(shape, v, op);
    }

    private static ByteBuffer rawBuffer(ByteString raw, int n, int width, String source, String path) {
        if (raw.size() != (long) n * width) {
            throw problem(source, dot(path) + "raw_data", raw.size() + " bytes", "the dimensions need " + n + " values of "
                    + width + " bytes (" + (long) n * width + " bytes); the tensor is truncated or corrupt");
        }
        return raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void checkCount(int have, int n, String source, String path, String field) {
        if (have != n) {
            throw problem(source, dot(path) + "" + field, have + " values", "the dimensions need " + n + " values; the tensor is truncated or corrupt");
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
