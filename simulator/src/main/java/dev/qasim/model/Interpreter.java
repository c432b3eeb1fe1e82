package dev.qasim.model;

import dev.qasim.arith.Rounding;
import dev.qasim.input.BadInputException;
import dev.qasim.model.Graph.Node;
import dev.qasim.quant.Quantizer;
import dev.qasim.quant.Requantizer;
import dev.qasim.workload.Conv2d;
import dev.qasim.workload.FullyConnected;
import dev.qasim.workload.Gemm;
import dev.qasim.workload.IntTensor;
import dev.qasim.workload.Layer;
import dev.qasim.workload.LayerSpec;
import dev.qasim.workload.LayerValues;
import dev.qasim.workload.Operand;
import dev.qasim.workload.Reference;
import dev.qasim.workload.ValueSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntUnaryOperator;

/**
 * Runs a graph node by node (docs/quantization.md, "How each operator runs"). Conv, Gemm and MatMul whose data
 * and weights are integers (stored u8/s8 values, the integers behind a DequantizeLinear, or tensors qasim
 * quantized) multiply on the array through {@link Array}; everything else (zero-point corrections, bias,
 * requantization, pooling, additions, activations, quantize/dequantize) runs in the post-processing unit
 * ({@link Ppu}), which counts its work per node. An operator whose output goes (possibly through a Relu) only
 * into a QuantizeLinear, or to a tensor with a calibrated scale, is fused with it: its accumulators are
 * requantized in integers straight to that tensor's type. Nodes whose inputs are real numbers run in float
 * (the reference, and the calibration pass). One interpreter per run.
 */
final class Interpreter {

    /** Multiplies one layer on the array; outputs in the output tensor's order. */
    interface Array {
        long[] run(Layer layer, LayerValues values);
    }

    /** The integer type and scale qasim chose for a tensor of a float model (zero point 0). */
    record Calibrated(Operand type, double scale) {}

    /** Where an operator's requantized integers go: a tensor, its type, scale and zero point. */
    private record Target(String name, Operand type, double scale, long zeroPoint, boolean relu, List<Node> fused) {}

    private static final Operand INT32 = Operand.signed(32);

    private final Graph graph;
    private final String source;
    private final Array array;
    private final Ppu ppu;
    private final Map<String, Calibrated> calibrated;
    private final int multiplierBits;
    private final Map<String, List<Node>> consumers;
    private final Map<String, Tensor> env = new HashMap<>();
    private final Set<Integer> fusedAway = new HashSet<>();
    private final Map<String, Tensor> values = new LinkedHashMap<>();
    private final Map<String, Integer> layerNames = new HashMap<>();

    /**
     * The float reference of a graph: array operators as exact loops on real numbers, a wide PPU, no calibration
     * (the calibration pass, and the float model that validate compares against).
     */
    static Interpreter floatPass(Graph graph, String source, int multiplierBits) {
        return new Interpreter(graph, source, Reference::outputs, new Ppu(1, 64), Map.of(), multiplierBits);
    }

    /**
     * @param calibrated scales of a float model's tensors (empty: run as the model says)
     */
    Interpreter(Graph graph, String source, Array array, Ppu ppu, Map<String, Calibrated> calibrated, int multiplierBits) {
        this.graph = graph;
        this.source = source;
        this.array = array;
        this.ppu = ppu;
        this.calibrated = calibrated;
        this.multiplierBits = multiplierBits;
        this.consumers = graph.consumers();
    }

    /** Runs every node; returns the graph's outputs by name. */
    Map<String, Tensor> run(Map<String, Tensor> inputs) {
        env.putAll(graph.initializers());
        env.putAll(inputs);
        for (Node node : graph.nodes()) {
            if (fusedAway.contains(node.index())) {
                continue;
            }
            try {
                execute(node);
            } catch (IllegalArgumentException | ArithmeticException e) {
                // a graph whose tensors do not fit its operators (a corrupt or inconsistent model): name the node; an
                // index, cast or null error is a bug in qasim, not the model's fault, and reaches Main as one
                throw BadInputException.of(source, where(node), node.op(), "cannot run this node with these inputs: " + reason(e));
            }
            ppu.finish(node.label(), node.op());
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String name : graph.outputs()) {
            out.put(name, env.get(name));
        }
        return out;
    }

    /** Every value computed, by name (the float pass reads them to calibrate). */
    Map<String, Tensor> values() {
        return values;
    }

    /** Why a node could not run, in words (no Java exception names: the user did nothing in Java). */
    private static String reason(RuntimeException e) {
        if (e instanceof ArithmeticException) {
            return "a value is out of range" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
        }
        return e.getMessage() == null ? "its tensors do not fit the operator" : e.getMessage();
    }

    private static String where(Node node) {
        return "graph.node[" + node.index() + "] (" + node.label() + ")";
    }

    private void put(String name, Tensor t) {
        env.put(name, t);
        values.put(name, t);
    }

    private Tensor in(Node node, int i) {
        String name = node.input(i);
        return name.isEmpty() ? null : env.get(name);
    }

    private void execute(Node node) {
        String out = node.outputs().get(0);
        switch (node.op()) {
            case "Constant":
                put(out, OnnxFile.tensor(node.attributes().get("value").getT(), source, where(node) + ".value"));
                break;
            case "Identity":
                put(out, in(node, 0));
                break;
            case "Conv":
            case "ConvInteger":
            case "QLinearConv":
                conv(node);
                break;
            case "Gemm":
            case "MatMul":
            case "MatMulInteger":
            case "QLinearMatMul":
                matmul(node);
                break;
            case "QuantizeLinear":
                quantizeLinear(node);
                break;
            case "DequantizeLinear":
                dequantizeLinear(node);
                break;
            case "Relu":
                relu(node);
                break;
            case "Clip":
                clip(node);
                break;
            case "Add":
                add(node);
                break;
            case "MaxPool":
            case "AveragePool":
            case "GlobalAveragePool":
                pool(node);
                break;
            case "Flatten":
            case "Reshape":
                reshape(node);
                break;
            case "BatchNormalization":
                batchNorm(node);
                break;
            default:
                throw BadInputException.of(source, where(node), node.op(), "unsupported operator");
        }
    }

    // ---- values ----------------------------------------------------------------------------------------------

    /** The integers behind a value, or null when it is real. */
    private static Tensor.Ints ints(Tensor t) {
        if (t instanceof Tensor.Ints i) {
            return i;
        }
        return t == null ? null : ((Tensor.Real) t).source();
    }

    /** Real values (the PPU dequantizes integers: one operation per element). */
    private Tensor.Real real(Tensor t) {
        if (t instanceof Tensor.Real r) {
            return r;
        }
        ppu.ops(t.size());
        ppu.multiplies(t.size());
        return ((Tensor.Ints) t).dequantized();
    }

    /** The integers an array operator multiplies for a data input: given, or quantized now by a calibrated scale. */
    private Tensor.Ints dataInts(String name) {
        Tensor t = env.get(name);
        Tensor.Ints q = ints(t);
        Calibrated c = calibrated.get(name);
        if (q != null || c == null) {
            return q;
        }
        Tensor.Real r = (Tensor.Real) t;
        Quantizer quantizer = new Quantizer(c.type().bits(), c.type().signedness());
        ppu.ops(r.size());
        ppu.multiplies(r.size());
        q = new Tensor.Ints(r.shape(), quantizer.quantize(r.data(), c.scale()), c.type(), new double[] {c.scale()}, new long[] {0}, 0);
        put(name, new Tensor.Real(r.shape(), r.data(), q));
        return q;
    }

    private static double[] reals(Tensor t) {
        return t instanceof Tensor.Real r ? r.data() : ((Tensor.Ints) t).dequantized().data();
    }

    /** Integers with a scale and zero point read from a node's inputs (per tensor, or along axis). */
    private Tensor.Ints withParams(Node node, Tensor.Ints x, Tensor scale, Tensor zeroPoint, int axis) {
        if (x == null) {
            throw BadInputException.of(source, where(node), node.op(), "needs an integer (uint8, int8 or int32) input");
        }
        double[] s = scale == null ? new double[] {1} : reals(scale);
        long[] z = new long[s.length];
        if (zeroPoint != null) {
            int[] zd = ((Tensor.Ints) zeroPoint).data();
            if (zd.length != s.length) {
                throw new IllegalArgumentException("zero point and scale have different lengths");
            }
            for (int i = 0; i < z.length; i++) {
                z[i] = zd[i];
            }
        }
        int ax = axis < 0 ? axis + x.shape().length : axis;
        return new Tensor.Ints(x.shape(), x.data(), x.type(), s, z, s.length > 1 ? ax : 0);
    }

    // ---- the array operators ---------------------------------------------------------------------------------

    /** A layer's spec; names are made unique (a second layer of the same name gets a suffix _2, _3, ...). */
    private LayerSpec spec(String name, Operand weights, Operand data, IntTensor w, IntTensor x) {
        int seen = layerNames.merge(name, 1, Integer::sum);
        return new LayerSpec(layerName(name, seen), weights, data, true, new ValueSource.Given(w, x));
    }

    /** The name of the {@code seen}-th layer (from 1) made from nodes labelled {@code label}: the label, then _2, _3, ... */
    static String layerName(String label, int seen) {
        return seen == 1 ? label : label + "_" + seen;
    }

    private void conv(Node node) {
        String op = node.op();
        Tensor.Ints x;
        Tensor.Ints w;
        Tensor.Real bias = null;
        Target target;
        int weightInput = op.equals("QLinearConv") ? 3 : 1;
        // ConvInteger has no bias: its third input is x_zero_point
        Integer biasInput = switch (op) {
            case "QLinearConv" -> 8;
            case "Conv" -> 2;
            default -> null;
        };
        if (op.equals("QLinearConv")) {
            x = withParams(node, ints(in(node, 0)), in(node, 1), in(node, 2), 1);
            w = withParams(node, ints(in(node, 3)), in(node, 4), in(node, 5), 0);
            target = own(node, in(node, 6), in(node, 7));
            bias = in(node, 8) == null ? null : intBias(in(node, 8), x, w);
        } else if (op.equals("ConvInteger")) {
            x = withParams(node, ints(in(node, 0)), null, in(node, 2), 1);
            w = withParams(node, ints(in(node, 1)), null, in(node, 3), 0);
            target = new Target(node.outputs().get(0), INT32, 1, 0, false, List.of());
        } else {
            x = dataInts(node.input(0));
            w = ints(in(node, 1));
            bias = in(node, 2) == null ? null : real(in(node, 2));
            if (x == null || w == null) {
                floatConv(node);
                return;
            }
            target = fusedTarget(node);
        }
        int[] ws = w.shape();
        Window win = Window.conv(node, x.shape(), ws, weightInput, source);
        int groups = (int) node.integer("group", 1); // checked by Window.conv
        if (biasInput != null) {
            checkBias(node, biasInput, ws[0]);
        }
        checkPerTensor(node, x);
        Conv2d layer = new Conv2d(spec(node.label(), w.type(), x.type(), new IntTensor(ws, w.data()), new IntTensor(x.shape(), x.data())),
                win.batch(), win.channels(), win.height(), win.width(), ws[0], ws[2], ws[3], win.strideH(), win.strideW(),
                win.padH(), win.padW(), win.dilationH(), win.dilationW(), groups);
        LayerValues lv = new LayerValues(new IntTensor(ws, w.data()), new IntTensor(x.shape(), x.data()));
        int plane = win.outHeight() * win.outWidth();
        IntUnaryOperator channel = i -> (i / plane) % ws[0];
        long[] acc = correct(layer, lv, array.run(layer, lv), x, w, channel);
        epilogue(node, acc, layer.outputShape(), channel, accScales(x, w, ws[0], 1), bias, channel, target, weightInput, w);
    }

    private void floatConv(Node node) {
        Tensor.Real x = real(in(node, 0));
        Tensor.Real w = real(in(node, 1));
        Tensor b = in(node, 2);
        int[] ws = w.shape();
        Window win = Window.conv(node, x.shape(), ws, 1, source);
        checkBias(node, 2, ws[0]);
        double[] y = FloatOps.conv(x.data(), w.data(), b == null ? null : real(b).data(), win, ws[0], (int) node.integer("group", 1));
        put(node.outputs().get(0), new Tensor.Real(new int[] {win.batch(), ws[0], win.outHeight(), win.outWidth()}, y));
    }

    /** A convolution's bias has one value per output channel. */
    private void checkBias(Node node, int biasInput, int outChannels) {
        Tensor b = in(node, biasInput);
        if (b != null && b.size() != outChannels) {
            throw BadInputException.of(source, where(node) + ".input[" + biasInput + "] (" + node.input(biasInput) + ")",
                    Arrays.toString(b.shape()), "the bias must have one value per output channel (" + outChannels + ")");
        }
    }

    private void matmul(Node node) {
        String op = node.op();
        Tensor.Ints a;
        Tensor.Ints b;
        Tensor.Real bias = null;
        Target target;
        double alpha = 1;
        boolean transB = false;
        if (op.equals("QLinearMatMul")) {
            a = withParams(node, ints(in(node, 0)), in(node, 1), in(node, 2), 0);
            Tensor.Ints braw = ints(in(node, 3));
            b = withParams(node, braw, in(node, 4), in(node, 5), braw == null ? 0 : braw.shape().length - 1);
            target = own(node, in(node, 6), in(node, 7));
        } else if (op.equals("MatMulInteger")) {
            a = withParams(node, ints(in(node, 0)), null, in(node, 2), 0);
            Tensor.Ints braw = ints(in(node, 1));
            b = withParams(node, braw, null, in(node, 3), braw == null ? 0 : braw.shape().length - 1);
            target = new Target(node.outputs().get(0), INT32, 1, 0, false, List.of());
        } else {
            a = dataInts(node.input(0));
            b = dataInts(node.input(1));
            if (op.equals("Gemm")) {
                alpha = node.real("alpha", 1);
                transB = node.integer("transB", 0) != 0;
                if (in(node, 2) != null) {
                    Tensor.Real c = real(in(node, 2));
                    double beta = node.real("beta", 1);
                    double[] scaled = new double[c.data().length];
                    for (int i = 0; i < scaled.length; i++) {
                        scaled[i] = beta * c.data()[i];
                    }
                    bias = new Tensor.Real(c.shape(), scaled);
                }
                if (a != null && node.integer("transA", 0) != 0) {
                    transposable(node, a.shape());
                    a = transposed(a);
                }
            }
            if (a == null || b == null) {
                floatMatmul(node, bias, alpha, transB);
                return;
            }
            target = fusedTarget(node);
        }
        checkPerTensor(node, a);
        int[] as = a.shape();
        int[] bs = b.shape();
        checkMatmulShapes(node, as, bs, transB, 2);
        int k = as[as.length - 1];
        int n = transB ? bs[bs.length - 2] : bs[bs.length - 1];
        int batches = bs.length == 2 ? 1 : Tensor.size(Arrays.copyOf(bs, bs.length - 2));
        int m = a.size() / k / batches;
        long[] acc = new long[batches * m * n];
        IntUnaryOperator channel = i -> i % n;
        for (int bi = 0; bi < batches; bi++) {
            IntTensor x = new IntTensor(new int[] {m, k}, Arrays.copyOfRange(a.data(), bi * m * k, (bi + 1) * m * k));
            int[] wShape = transB ? new int[] {n, k} : new int[] {k, n};
            IntTensor w = new IntTensor(wShape, Arrays.copyOfRange(b.data(), bi * k * n, (bi + 1) * k * n));
            String name = batches == 1 ? node.label() : node.label() + "#" + bi;
            LayerSpec spec = spec(name, b.type(), a.type(), w, x);
            Layer layer = transB ? new FullyConnected(spec, m, k, n) : new Gemm(spec, m, n, k);
            LayerValues lv = new LayerValues(w, x);
            long[] part = correct(layer, lv, array.run(layer, lv), a, b, channel);
            System.arraycopy(part, 0, acc, bi * m * n, m * n);
        }
        int[] outShape = Arrays.copyOf(as, as.length);
        outShape[outShape.length - 1] = n;
        int[] biasShape = bias == null ? null : bias.shape();
        int[] mn = {batches * m, n};
        IntUnaryOperator biasIndex = bias == null ? i -> 0 : i -> FloatOps.broadcastIndex(i, mn, biasShape);
        epilogue(node, acc, outShape, channel, accScales(a, b, n, alpha), bias, biasIndex, target, op.equals("QLinearMatMul") ? 3 : 1, b);
    }

    private void floatMatmul(Node node, Tensor.Real bias, double alpha, boolean transB) {
        Tensor.Real a = real(in(node, 0));
        Tensor.Real b = real(in(node, 1));
        int[] as = a.shape();
        int[] bs = b.shape();
        double[] ad = a.data();
        if (node.integer("transA", 0) != 0) {
            transposable(node, as);
            ad = Quantizer.transpose(ad, as[0], as[1]);
            as = new int[] {as[1], as[0]};
        }
        checkMatmulShapes(node, as, bs, transB, 1); // on real numbers a vector times a matrix runs too
        int k = as[as.length - 1];
        int n = transB ? bs[bs.length - 2] : bs[bs.length - 1];
        int batches = bs.length == 2 ? 1 : Tensor.size(Arrays.copyOf(bs, bs.length - 2));
        int m = ad.length / k / batches;
        double[] y = new double[batches * m * n];
        for (int bi = 0; bi < batches; bi++) {
            double[] part = FloatOps.matmul(Arrays.copyOfRange(ad, bi * m * k, (bi + 1) * m * k), m, k,
                    Arrays.copyOfRange(b.data(), bi * k * n, (bi + 1) * k * n), n, transB);
            System.arraycopy(part, 0, y, bi * m * n, m * n);
        }
        int[] mn = {batches * m, n};
        for (int i = 0; i < y.length; i++) {
            y[i] = alpha * y[i] + (bias == null ? 0 : bias.data()[FloatOps.broadcastIndex(i, mn, bias.shape())]);
        }
        int[] outShape = Arrays.copyOf(as, as.length);
        outShape[outShape.length - 1] = n;
        put(node.outputs().get(0), new Tensor.Real(outShape, y));
    }

    /**
     * The shapes a MatMul or Gemm multiplies: (..., M, K) x (K, N) or equal batch dimensions, inner sizes equal; the
     * first at least {@code minRankA}-D.
     */
    private void checkMatmulShapes(Node node, int[] as, int[] bs, boolean transB, int minRankA) {
        if (as.length < minRankA || bs.length < 2 || (bs.length > 2 && (as.length < 2
                || !Arrays.equals(Arrays.copyOf(as, as.length - 2), Arrays.copyOf(bs, bs.length - 2))))) {
            throw BadInputException.of(source, where(node), Arrays.toString(as) + " x " + Arrays.toString(bs),
                    "supported: (..., M, K) x (K, N), or equal batch dimensions on both sides");
        }
        if ((transB ? bs[bs.length - 1] : bs[bs.length - 2]) != as[as.length - 1]) {
            throw new IllegalArgumentException("inner dimensions differ: " + Arrays.toString(as) + " x " + Arrays.toString(bs));
        }
    }

    /** Gemm's transA turns a matrix: the first input must be 2-D. */
    private void transposable(Node node, int[] shape) {
        if (shape.length != 2) {
            throw BadInputException.of(source, where(node) + ".input[0]", Arrays.toString(shape), "transA needs a 2-D input (M, K)");
        }
    }

    private static Tensor.Ints transposed(Tensor.Ints a) {
        int r = a.shape()[0];
        int c = a.shape()[1];
        return new Tensor.Ints(new int[] {c, r}, Quantizer.transpose(a.data(), r, c), a.type(), a.scale(), a.zeroPoint(), 0);
    }

    private void checkPerTensor(Node node, Tensor.Ints data) {
        if (!data.perTensor()) {
            throw BadInputException.of(source, where(node), node.op(), "the data input must have one scale and zero point for the whole tensor");
        }
    }

    /** alpha * s_x * s_w[c] per output channel. */
    private static double[] accScales(Tensor.Ints x, Tensor.Ints w, int channels, double alpha) {
        double[] s = new double[channels];
        for (int c = 0; c < channels; c++) {
            s[c] = alpha * x.scale()[0] * w.scale()[w.perTensor() ? 0 : c];
        }
        return s;
    }

    /** QLinearConv's int32 bias, as real values with the scale s_x * s_w it is defined in. */
    private static Tensor.Real intBias(Tensor b, Tensor.Ints x, Tensor.Ints w) {
        int[] q = ((Tensor.Ints) b).data();
        double[] r = new double[q.length];
        for (int c = 0; c < q.length; c++) {
            r[c] = q[c] * x.scale()[0] * w.scale()[w.perTensor() ? 0 : c];
        }
        return new Tensor.Real(b.shape(), r);
    }

    /**
     * Zero-point corrections in the PPU: sum (x - x_z)(w - w_z) = acc - w_z rowsum(x) - x_z colsum(w) + K x_z w_z,
     * where, for a padded convolution, the column sums and K count only the kernel taps inside the image (padding
     * contributes x_z, i.e. nothing). The array multiplied the stored values with zero padding.
     */
    private long[] correct(Layer layer, LayerValues lv, long[] acc, Tensor.Ints x, Tensor.Ints w, IntUnaryOperator channel) {
        long xz = x.zeroPoint()[0];
        boolean anyW = false;
        for (long z : w.zeroPoint()) {
            anyW |= z != 0;
        }
        if (xz == 0 && !anyW) {
            return acc;
        }
        var form = layer.matrixForm();
        IntTensor onesW = ones(layer.weightShape());
        IntTensor onesX = ones(layer.dataShape());
        // each correction is a full pass over the layer: only those whose zero point is not 0 are computed (a term
        // whose coefficient is 0 adds exactly 0 at the PPU, with no event)
        long[] rowSums = anyW ? Reference.outputs(layer, new LayerValues(onesW, lv.data())) : null;
        long[] colSums = xz != 0 ? Reference.outputs(layer, new LayerValues(lv.weights(), onesX)) : null;
        long[] taps = xz != 0 && anyW ? Reference.outputs(layer, new LayerValues(onesW, onesX)) : null;
        ppu.ops((anyW ? (long) form.groups() * form.m() * form.k() : 0) + (xz != 0 ? (long) form.groups() * form.n() * form.k() : 0));
        long[] out = new long[acc.length];
        for (int i = 0; i < acc.length; i++) {
            long wz = w.zeroPoint()[w.perTensor() ? 0 : channel.applyAsInt(i)];
            long v = ppu.multiplyAdd(acc[i], -wz, rowSums == null ? 0 : rowSums[i]);
            v = ppu.multiplyAdd(v, -xz, colSums == null ? 0 : colSums[i]);
            out[i] = ppu.multiplyAdd(v, xz * wz, taps == null ? 0 : taps[i]);
        }
        ppu.ops(3L * acc.length);
        return out;
    }

    private static IntTensor ones(int[] shape) {
        int[] d = new int[Tensor.size(shape)];
        Arrays.fill(d, 1);
        return new IntTensor(shape, d);
    }

    /**
     * After the array: bias (rounded to the accumulator's scale, added at the PPU's width), then requantization
     * to the target (ReLU fused), or, with no target, the real result acc * scale + bias.
     */
    private void epilogue(Node node, long[] acc, int[] shape, IntUnaryOperator channel, double[] accScale, Tensor.Real bias,
                          IntUnaryOperator biasIndex, Target target, int weightInput, Tensor.Ints w) {
        int n = acc.length;
        ppu.ops((long) n * (bias != null ? 2 : 1));
        if (target == null) {
            ppu.multiplies(n);
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = (float) (acc[i] * accScale[channel.applyAsInt(i)] + (bias == null ? 0 : bias.data()[biasIndex.applyAsInt(i)]));
            }
            put(node.outputs().get(0), new Tensor.Real(shape, y));
            return;
        }
        Requantizer[] rq = new Requantizer[accScale.length];
        for (int c = 0; c < rq.length; c++) {
            rq[c] = requantizer(accScale[c] / target.scale(), target);
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = channel.applyAsInt(i);
            long v = acc[i];
            if (bias != null) {
                double b = bias.data()[biasIndex.applyAsInt(i)];
                double steps = b / accScale[c];
                if (!(Math.abs(steps) < 0x1p62)) {
                    throw tooSmallToQuantize(node, weightInput, w, c, accScale[c], b, steps);
                }
                v = ppu.add(v, Rounding.halfEven(steps));
            }
            if (rq[c].multiplier() != 1) {
                ppu.multiplies(1);
            }
            y[i] = (int) rq[c].apply(v);
        }
        putTarget(target, shape, y);
    }

    /**
     * The bias cannot be added in integers: in units of the accumulator's scale (data scale x weight scale) it is
     * beyond 64 bits, because a weight (or data) scale is tiny, e.g. weights of 1e-45 quantized per channel.
     */
    private BadInputException tooSmallToQuantize(Node node, int weightInput, Tensor.Ints w, int c, double accScale, double bias,
                                                 double steps) {
        double ws = w.scale()[w.perTensor() ? 0 : c];
        String channel = w.perTensor() ? "" : " (output channel " + c + ")";
        return BadInputException.of(source, where(node) + ".input[" + weightInput + "] (" + node.input(weightInput) + ")",
                "scale " + ws + channel, "too small to quantize: one accumulator step (data scale x weight scale) is " + accScale
                        + ", so the bias " + bias + " would be " + steps + " steps, more than a 64-bit integer holds; weights or "
                        + "scales this small cannot run in integers");
    }

    private void putTarget(Target target, int[] shape, int[] y) {
        put(target.name(), new Tensor.Ints(shape, y, target.type(), new double[] {target.scale()}, new long[] {target.zeroPoint()}, 0));
        for (Node f : target.fused()) {
            fusedAway.add(f.index());
        }
    }

    /** Multiplier and shift, or a plain shift when the scale is a power of two (power-of-two calibration). */
    private Requantizer requantizer(double scale, Target t) {
        long min = t.type().min();
        long max = t.type().max();
        int e = Math.getExponent(scale);
        Requantizer r = scale == Math.scalb(1.0, e) && e <= 0 && e >= -62
                ? Requantizer.shiftOnly(-e, t.zeroPoint(), min, max)
                : Requantizer.of(scale, multiplierBits, t.zeroPoint(), min, max);
        return t.relu() ? r.withRelu() : r;
    }

    /** A QLinear operator's own output scale and zero point. */
    private Target own(Node node, Tensor scale, Tensor zeroPoint) {
        Operand type = zeroPoint == null ? Operand.unsigned(8) : ((Tensor.Ints) zeroPoint).type();
        long zp = zeroPoint == null ? 0 : ((Tensor.Ints) zeroPoint).data()[0];
        return new Target(node.outputs().get(0), type, reals(scale)[0], zp, false, List.of());
    }

    /**
     * Where an integer operator's output can go without becoming real: through an optional Relu, into a single
     * QuantizeLinear with constant per-tensor parameters, or to a tensor with a calibrated scale.
     */
    private Target fusedTarget(Node node) {
        String out = node.outputs().get(0);
        List<Node> next = consumers.getOrDefault(out, List.of());
        List<Node> fused = new ArrayList<>();
        boolean relu = false;
        if (next.size() == 1 && next.get(0).op().equals("Relu") && !graph.outputs().contains(out)) {
            relu = true;
            fused.add(next.get(0));
            out = next.get(0).outputs().get(0);
            next = consumers.getOrDefault(out, List.of());
        }
        if (next.size() == 1 && next.get(0).op().equals("QuantizeLinear") && !graph.outputs().contains(out)) {
            Node q = next.get(0);
            Tensor scale = in(q, 1);
            Tensor zp = in(q, 2);
            if (scale != null && scale.size() == 1 && (zp == null || zp.size() == 1)
                    && graph.initializers().containsKey(q.input(1)) && (zp == null || graph.initializers().containsKey(q.input(2)))) {
                fused.add(q);
                Target own = own(q, scale, zp);
                return new Target(q.outputs().get(0), own.type(), own.scale(), own.zeroPoint(), relu, fused);
            }
        }
        Calibrated c = calibrated.get(out);
        if (c != null) {
            return new Target(out, c.type(), c.scale(), 0, relu, fused);
        }
        return null;
    }

    // ---- the post-processing unit's own operators -------------------------------------------------------------

    private void quantizeLinear(Node node) {
        Tensor.Real x = real(in(node, 0));
        Tensor zpT = in(node, 2);
        Operand type = zpT == null ? Operand.unsigned(8) : ((Tensor.Ints) zpT).type();
        Tensor.Ints params = withParams(node, Tensor.Ints.plain(x.shape(), new int[x.size()], type), in(node, 1), zpT,
                (int) node.integer("axis", 1));
        int[] q = new int[x.size()];
        for (int i = 0; i < q.length; i++) {
            int c = params.channel(i);
            // float32 division, as ONNX defines QuantizeLinear on float tensors; then half-even rounding and saturation
            double r = Math.rint((float) x.data()[i] / (float) params.scale()[c]) + params.zeroPoint()[c];
            q[i] = (int) Math.max(type.min(), Math.min(type.max(), r));
        }
        ppu.ops(q.length);
        ppu.multiplies(q.length);
        put(node.outputs().get(0), new Tensor.Ints(x.shape(), q, type, params.scale(), params.zeroPoint(), params.axis()));
    }

    /** Operators that take the integers behind a dequantized value instead of its real numbers. */
    private static final Set<String> TAKE_INTEGERS = Set.of("Conv", "Gemm", "MatMul", "Relu", "MaxPool", "AveragePool",
            "GlobalAveragePool", "Add", "Flatten", "Reshape", "Identity");

    /**
     * Real values with their integers kept as the source. The PPU spends one operation per element unless the
     * input is a constant (dequantized once, offline) or every reader takes the integers.
     */
    private void dequantizeLinear(Node node) {
        Tensor.Ints q = withParams(node, ints(in(node, 0)), in(node, 1), in(node, 2), (int) node.integer("axis", 1));
        String out = node.outputs().get(0);
        boolean integerReaders = !graph.outputs().contains(out)
                && consumers.getOrDefault(out, List.of()).stream().allMatch(n -> TAKE_INTEGERS.contains(n.op()));
        if (!graph.initializers().containsKey(node.input(0)) && !integerReaders) {
            ppu.ops(q.size());
            ppu.multiplies(q.size());
        }
        put(out, q.dequantized());
    }

    private void relu(Node node) {
        Tensor t = in(node, 0);
        Tensor.Ints q = t instanceof Tensor.Ints i ? i : null;
        if (q != null && q.perTensor()) {
            int[] y = new int[q.size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = (int) Math.max(q.data()[i], q.zeroPoint()[0]);
            }
            ppu.ops(y.length);
            put(node.outputs().get(0), new Tensor.Ints(q.shape(), y, q.type(), q.scale(), q.zeroPoint(), 0));
            return;
        }
        Tensor.Real r = real(t);
        double[] y = new double[r.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.max(0, r.data()[i]);
        }
        ppu.ops(y.length);
        put(node.outputs().get(0), new Tensor.Real(r.shape(), y));
    }

    private void clip(Node node) {
        double lo = in(node, 1) != null ? reals(in(node, 1))[0] : node.real("min", Double.NEGATIVE_INFINITY);
        double hi = in(node, 2) != null ? reals(in(node, 2))[0] : node.real("max", Double.POSITIVE_INFINITY);
        Tensor t = in(node, 0);
        ppu.ops(t.size());
        if (t instanceof Tensor.Ints q && q.perTensor()) {
            // the bounds on the tensor's own grid (ReLU6 on integers)
            double s = q.scale()[0];
            long z = q.zeroPoint()[0];
            long qlo = onGrid(lo / s, z, q.type());
            long qhi = onGrid(hi / s, z, q.type());
            int[] y = new int[q.size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = (int) Math.max(qlo, Math.min(qhi, q.data()[i]));
            }
            put(node.outputs().get(0), new Tensor.Ints(q.shape(), y, q.type(), q.scale(), q.zeroPoint(), 0));
            return;
        }
        Tensor.Real r = real(t);
        double[] y = new double[r.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.max(lo, Math.min(hi, r.data()[i]));
        }
        put(node.outputs().get(0), new Tensor.Real(r.shape(), y));
    }

    /** A Clip bound on a tensor's integer grid: round(bound / scale) + zero point, within the type (a tiny scale
     *  makes a finite bound huge, which is as good as no bound). */
    private static long onGrid(double steps, long zeroPoint, Operand type) {
        if (Double.isNaN(steps)) {
            throw new IllegalArgumentException("a Clip bound is NaN");
        }
        double clamped = Math.max(type.min() - zeroPoint, Math.min(type.max() - zeroPoint, steps));
        return Math.max(type.min(), Math.min(type.max(), Rounding.halfEven(clamped) + zeroPoint));
    }

    private void add(Node node) {
        Tensor a = in(node, 0);
        Tensor b = in(node, 1);
        Tensor.Ints qa = ints(a);
        Tensor.Ints qb = ints(b);
        Target target = qa != null && qb != null && qa.perTensor() && qb.perTensor() && Arrays.equals(qa.shape(), qb.shape())
                ? fusedTarget(node) : null;
        int[] shape = FloatOps.broadcast(a.shape(), b.shape());
        int n = Tensor.size(shape);
        ppu.ops(n);
        if (target != null) {
            // y = (s_a (a - z_a) + s_b (b - z_b)) / s_y: both terms scaled by integer multipliers with a common shift,
            // summed at the PPU's width, then one rounding shift
            double big = Math.max(qa.scale()[0], qb.scale()[0]) / target.scale();
            int headroom = ppu.bits() - 2 - Math.max(qa.type().bits(), qb.type().bits());
            int shift = Math.max(0, Math.min(62, headroom - 1 - Math.getExponent(big)));
            long ma = Rounding.halfEven(Math.scalb(qa.scale()[0] / target.scale(), shift));
            long mb = Rounding.halfEven(Math.scalb(qb.scale()[0] / target.scale(), shift));
            Requantizer r = Requantizer.shiftOnly(shift, target.zeroPoint(), target.type().min(), target.type().max());
            r = target.relu() ? r.withRelu() : r;
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                long sum = ppu.multiplyAdd(0, qa.data()[i] - qa.zeroPoint()[0], ma);
                sum = ppu.multiplyAdd(sum, qb.data()[i] - qb.zeroPoint()[0], mb);
                y[i] = (int) r.apply(sum);
            }
            putTarget(target, shape, y);
            return;
        }
        double[] ra = real(a).data();
        double[] rb = real(b).data();
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = ra[FloatOps.broadcastIndex(i, shape, a.shape())] + rb[FloatOps.broadcastIndex(i, shape, b.shape())];
        }
        put(node.outputs().get(0), new Tensor.Real(shape, y));
    }

    private void pool(Node node) {
        Tensor t = in(node, 0);
        int[] s = t.shape();
        if (node.outputs().size() > 1 && !node.outputs().get(1).isEmpty()) {
            throw BadInputException.of(source, where(node), "Indices", "MaxPool's second output (indices) is not supported");
        }
        boolean max = node.op().equals("MaxPool");
        Window win = Window.pool(node, s, source);
        int[] kernel = {win.kernelH(), win.kernelW()};
        boolean countPad = node.integer("count_include_pad", 0) != 0;
        int[] outShape = {s[0], s[1], win.outHeight(), win.outWidth()};
        int outs = Tensor.size(outShape);
        ppu.ops((long) outs * (kernel[0] * kernel[1] + (max ? 0 : 1)));
        Tensor.Ints q = t instanceof Tensor.Ints i && i.perTensor() ? i : null;
        Target target = q != null && !max ? fusedTarget(node) : null;
        if (q != null && (max || target != null)) {
            int plane = s[2] * s[3];
            int[] taps = new int[kernel[0] * kernel[1]];
            int[] y = new int[outs];
            long z = q.zeroPoint()[0];
            Map<Integer, Requantizer> byCount = new HashMap<>();
            for (int p = 0; p < s[0] * s[1]; p++) {
                for (int oy = 0; oy < win.outHeight(); oy++) {
                    for (int ox = 0; ox < win.outWidth(); ox++) {
                        int n = win.taps(oy, ox, taps);
                        int o = (p * win.outHeight() + oy) * win.outWidth() + ox;
                        long acc = max ? Long.MIN_VALUE : 0;
                        for (int k = 0; k < n; k++) {
                            int v = q.data()[p * plane + taps[k]];
                            acc = max ? Math.max(acc, v) : ppu.add(acc, v - z);
                        }
                        if (max) {
                            y[o] = (int) acc;
                        } else {
                            int count = countPad ? taps.length : n;
                            Target tg = target;
                            Requantizer rq = byCount.computeIfAbsent(count, c -> requantizer(q.scale()[0] / (c * tg.scale()), tg));
                            if (rq.multiplier() != 1) {
                                ppu.multiplies(1);
                            }
                            y[o] = (int) rq.apply(acc);
                        }
                    }
                }
            }
            if (max) {
                put(node.outputs().get(0), new Tensor.Ints(outShape, y, q.type(), q.scale(), q.zeroPoint(), 0));
            } else {
                putTarget(target, outShape, y);
            }
            return;
        }
        if (!max) {
            ppu.multiplies(outs);
        }
        put(node.outputs().get(0), new Tensor.Real(outShape, FloatOps.pool(real(t).data(), win, max, countPad)));
    }

    private void reshape(Node node) {
        Tensor t = in(node, 0);
        int[] s = t.shape();
        int[] shape;
        if (node.op().equals("Flatten")) {
            int axis = (int) node.integer("axis", 1);
            axis = axis < 0 ? axis + s.length : axis;
            int outer = Tensor.size(Arrays.copyOf(s, axis));
            shape = new int[] {outer, t.size() / Math.max(1, outer)};
        } else {
            int[] wanted = ((Tensor.Ints) in(node, 1)).data();
            shape = new int[wanted.length];
            int known = 1;
            int infer = -1;
            for (int i = 0; i < wanted.length; i++) {
                shape[i] = wanted[i] == 0 && i < s.length ? s[i] : wanted[i];
                if (shape[i] == -1) {
                    infer = i;
                } else {
                    known *= shape[i];
                }
            }
            if (infer >= 0) {
                shape[infer] = t.size() / Math.max(1, known);
            }
            if (Tensor.size(shape) != t.size()) {
                throw new IllegalArgumentException("cannot reshape " + Arrays.toString(s) + " to " + Arrays.toString(wanted));
            }
        }
        Tensor.Ints q = ints(t);
        if (q != null && q.perTensor()) {
            Tensor.Ints r = q.reshaped(shape);
            put(node.outputs().get(0), t instanceof Tensor.Ints ? r : new Tensor.Real(shape, ((Tensor.Real) t).data(), r));
        } else {
            put(node.outputs().get(0), new Tensor.Real(shape, real(t).data()));
        }
    }

    private void batchNorm(Node node) {
        Tensor.Real x = real(in(node, 0));
        double[] gamma = reals(in(node, 1));
        double[] beta = reals(in(node, 2));
        double[] mean = reals(in(node, 3));
        double[] var = reals(in(node, 4));
        double eps = node.real("epsilon", 1e-5);
        int[] s = x.shape();
        int inner = s.length > 2 ? Tensor.size(Arrays.copyOfRange(s, 2, s.length)) : 1;
        double[] y = new double[x.size()];
        for (int i = 0; i < y.length; i++) {
            int c = (i / inner) % s[1];
            y[i] = gamma[c] * (x.data()[i] - mean[c]) / Math.sqrt(var[c] + eps) + beta[c];
        }
        ppu.ops(y.length);
        ppu.multiplies(y.length);
        put(node.outputs().get(0), new Tensor.Real(s, y));
    }
}
