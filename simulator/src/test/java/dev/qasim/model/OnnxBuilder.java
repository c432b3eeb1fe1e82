package dev.qasim.model;

import com.google.protobuf.ByteString;
import dev.qasim.model.onnx.Onnx;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Builds small ONNX models in tests with the generated protobuf builders (no Python needed). */
public final class OnnxBuilder {
    static final int FLOAT = Onnx.TensorProto.DataType.FLOAT_VALUE;
    static final int UINT8 = Onnx.TensorProto.DataType.UINT8_VALUE;
    static final int INT8 = Onnx.TensorProto.DataType.INT8_VALUE;
    static final int INT32 = Onnx.TensorProto.DataType.INT32_VALUE;
    static final int INT64 = Onnx.TensorProto.DataType.INT64_VALUE;

    private final Onnx.GraphProto.Builder graph = Onnx.GraphProto.newBuilder().setName("test");
    private final SplittableRandom random;
    private final java.util.Map<String, Integer> opsets = new java.util.LinkedHashMap<>(java.util.Map.of("", 13));

    OnnxBuilder(long seed) {
        random = new SplittableRandom(seed);
    }

    /** A float tensor in raw little-endian bytes. */
    static Onnx.TensorProto floats(String name, int[] shape, double[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putFloat((float) v);
        }
        return header(name, shape, FLOAT).setRawData(ByteString.copyFrom(b.array())).build();
    }

    /** An integer tensor in the typed field (int32_data, or int64_data for INT64). */
    static Onnx.TensorProto ints(String name, int[] shape, int type, int... values) {
        Onnx.TensorProto.Builder t = header(name, shape, type);
        for (int v : values) {
            if (type == INT64) {
                t.addInt64Data(v);
            } else {
                t.addInt32Data(v);
            }
        }
        return t.build();
    }

    private static Onnx.TensorProto.Builder header(String name, int[] shape, int type) {
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name).setDataType(type);
        for (int d : shape) {
            t.addDims(d);
        }
        return t;
    }

    double[] uniform(int n, double lo, double hi) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + (hi - lo) * random.nextDouble();
        }
        return v;
    }

    OnnxBuilder initializer(Onnx.TensorProto t) {
        graph.addInitializer(t);
        return this;
    }

    OnnxBuilder sparseInitializer(Onnx.SparseTensorProto t) {
        graph.addSparseInitializer(t);
        return this;
    }

    /** A float initializer with uniform random values. */
    OnnxBuilder weights(String name, int[] shape, double lo, double hi) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return initializer(floats(name, shape, uniform(n, lo, hi)));
    }

    OnnxBuilder input(String name, int type, int... shape) {
        graph.addInput(valueInfo(name, type, shape));
        return this;
    }

    OnnxBuilder output(String name, int type, int... shape) {
        graph.addOutput(valueInfo(name, type, shape));
        return this;
    }

    private static Onnx.ValueInfoProto valueInfo(String name, int type, int... shape) {
        Onnx.TensorShapeProto.Builder s = Onnx.TensorShapeProto.newBuilder();
        for (int d : shape) {
            s.addDim(d < 0 ? Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("N") : Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder()
                .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(type).setShape(s))).build();
    }

    /** A node; attributes as name, value pairs (Integer, Double, String, int[] or long[]). */
    OnnxBuilder node(String op, String name, String[] inputs, String[] outputs, Object... attributes) {
        return node("", op, name, inputs, outputs, attributes);
    }

    OnnxBuilder node(String domain, String op, String name, String[] inputs, String[] outputs, Object... attributes) {
        Onnx.NodeProto.Builder n = Onnx.NodeProto.newBuilder().setOpType(op).setName(name).setDomain(domain);
        for (String in : inputs) {
            n.addInput(in);
        }
        for (String out : outputs) {
            n.addOutput(out);
        }
        for (int i = 0; i < attributes.length; i += 2) {
            Onnx.AttributeProto.Builder a = Onnx.AttributeProto.newBuilder().setName((String) attributes[i]);
            Object v = attributes[i + 1];
            if (v instanceof Integer x) {
                a.setType(Onnx.AttributeProto.AttributeType.INT).setI(x);
            } else if (v instanceof Double x) {
                a.setType(Onnx.AttributeProto.AttributeType.FLOAT).setF(x.floatValue());
            } else if (v instanceof String x) {
                a.setType(Onnx.AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(x));
            } else if (v instanceof long[] x) {
                a.setType(Onnx.AttributeProto.AttributeType.INTS);
                for (long y : x) {
                    a.addInts(y);
                }
            } else {
                a.setType(Onnx.AttributeProto.AttributeType.INTS);
                for (int x : (int[]) v) {
                    a.addInts(x);
                }
            }
            n.addAttribute(a);
        }
        graph.addNode(n);
        return this;
    }

    static String[] names(String... names) {
        return names;
    }

    /** Imports version {@code version} of a domain's operator set (ONNX's own: 13 unless set here). */
    OnnxBuilder opset(String domain, int version) {
        opsets.put(domain, version);
        return this;
    }

    public byte[] bytes() {
        Onnx.ModelProto.Builder m = Onnx.ModelProto.newBuilder().setIrVersion(7).setProducerName("qasim-test");
        opsets.forEach((domain, version) -> m.addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain(domain).setVersion(version)));
        return m.setGraph(graph).build().toByteArray();
    }

    public Path write(Path file) throws IOException {
        Files.write(file, bytes());
        return file;
    }

    /**
     * A small float CNN: conv 3x3 (3 -> 8, pad 1) + BatchNormalization + Relu, MaxPool 2x2, grouped conv 3x3
     * (8 -> 8, 2 groups, pad 1) + Relu, Add (residual), GlobalAveragePool, Flatten, Gemm (8 -> 4, transB).
     */
    public static OnnxBuilder smallCnn(long seed) {
        OnnxBuilder b = new OnnxBuilder(seed);
        b.input("image", FLOAT, 1, 3, 8, 8).output("logits", FLOAT, 1, 4);
        b.weights("w1", new int[] {8, 3, 3, 3}, -0.5, 0.5).weights("b1", new int[] {8}, -0.1, 0.1);
        b.weights("gamma", new int[] {8}, 0.5, 1.5).weights("beta", new int[] {8}, -0.2, 0.2)
                .weights("mean", new int[] {8}, -0.1, 0.1).weights("var", new int[] {8}, 0.5, 2);
        b.weights("w2", new int[] {8, 4, 3, 3}, -0.4, 0.4).weights("b2", new int[] {8}, -0.1, 0.1);
        b.weights("w3", new int[] {4, 8}, -1, 1).weights("b3", new int[] {4}, -0.1, 0.1);
        b.node("Conv", "conv1", names("image", "w1", "b1"), names("c1"), "pads", new int[] {1, 1, 1, 1}, "kernel_shape", new int[] {3, 3});
        b.node("BatchNormalization", "bn1", names("c1", "gamma", "beta", "mean", "var"), names("n1"), "epsilon", 1e-5);
        b.node("Relu", "relu1", names("n1"), names("r1"));
        b.node("MaxPool", "pool1", names("r1"), names("p1"), "kernel_shape", new int[] {2, 2}, "strides", new int[] {2, 2});
        b.node("Conv", "conv2", names("p1", "w2", "b2"), names("c2"), "pads", new int[] {1, 1, 1, 1}, "group", 2);
        b.node("Relu", "relu2", names("c2"), names("r2"));
        b.node("Add", "add", names("r2", "p1"), names("a"));
        b.node("GlobalAveragePool", "gap", names("a"), names("g"));
        b.node("Flatten", "flat", names("g"), names("f"));
        b.node("Gemm", "fc", names("f", "w3", "b3"), names("logits"), "transB", 1);
        return b;
    }
}
