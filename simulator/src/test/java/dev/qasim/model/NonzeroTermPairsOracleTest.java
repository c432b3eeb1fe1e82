package dev.qasim.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qasim.engine.NonzeroTermPairs;
import dev.qasim.model.onnx.Onnx;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The nonzero term pairs validate reports for the shipped MNIST MLP against a count of this test's own: the
 * MLP read from its ONNX file, quantized as docs/quantization.md says (max calibration on the first 256 training
 * images, 3-bit weights with one scale per output channel, 6-bit data, biases and requantization in integers),
 * run on the 2,004 test images in integers, and every product's terms counted from the definitions of
 * docs/term-revealing.md (binary: one-bits of the magnitude; HESE: two terms per run of ones, one for an isolated
 * one). Nothing of qasim's quantizer, interpreter, engine or encoders is used.
 */
class NonzeroTermPairsOracleTest {
    static final Path HOME = Path.of(System.getProperty("qasim.home", ".."));
    static final Path MLP = HOME.resolve("workloads/models/mlp-784-512-512-10-mnist.onnx");
    static final Path MNIST = HOME.resolve("workloads/mnist");
    static final Path TR_FPGA = HOME.resolve("arch-configs/tr-fpga-64x128.yaml");
    static final int WEIGHT_MAX = 3; // 3-bit signed: -4..3, max |w| onto 3
    static final int DATA_MAX = 63; // 6-bit unsigned: 0..63 (every data tensor is a ReLU output or pixels, >= 0)

    @Test
    void validatesPairsOnTheMlpWithThreeBitWeightsAndSixBitDataEqualAnIndependentCountOverTheTestImages() throws IOException {
        Validation.Result r = Validation.run(Validation.Settings.builder(TR_FPGA, MLP, MNIST).overrides(List.of("pe.kind=mac"))
                .bits(3, 6).build(), done -> { });
        long[] oracle = oracle();
        assertThat(r.testImages()).isEqualTo(2004);
        assertThat(r.nonzeroTermPairs()).isEqualTo(new NonzeroTermPairs(oracle[0], oracle[1]));
    }

    /** {binary, HESE} pairs summed over the three layers and every test image. */
    private static long[] oracle() throws IOException {
        Map<String, float[]> w = initializers();
        float[][] weights = {w.get("fc1.weight"), w.get("fc2.weight"), w.get("fc3.weight")};
        float[][] biases = {w.get("fc1.bias"), w.get("fc2.bias"), w.get("fc3.bias")};
        int[] in = {784, 512, 512};
        int[] out = {512, 512, 10};
        // calibration: the float model on the first 256 training images; each data tensor's alpha = max / 63
        float[][] calibration = images("train", 256);
        double[] alpha = new double[3];
        float[][] x = calibration;
        for (int l = 0; l < 3; l++) {
            float max = 0;
            float[][] next = new float[x.length][];
            for (int i = 0; i < x.length; i++) {
                for (float v : x[i]) {
                    max = Math.max(max, Math.abs(v));
                }
                next[i] = relu(gemm(x[i], weights[l], biases[l], in[l], out[l]));
            }
            alpha[l] = max / (double) DATA_MAX;
            x = next;
        }
        // weights: one alpha per output channel
        int[][] wq = new int[3][];
        double[][] wAlpha = new double[3][];
        for (int l = 0; l < 3; l++) {
            wAlpha[l] = new double[out[l]];
            wq[l] = new int[out[l] * in[l]];
            for (int c = 0; c < out[l]; c++) {
                double max = 0;
                for (int k = 0; k < in[l]; k++) {
                    max = Math.max(max, Math.abs(weights[l][c * in[l] + k]));
                }
                wAlpha[l][c] = max == 0 ? 1 : max / WEIGHT_MAX;
                for (int k = 0; k < in[l]; k++) {
                    wq[l][c * in[l] + k] = (int) clamp(Math.rint(weights[l][c * in[l] + k] / wAlpha[l][c]), -WEIGHT_MAX - 1, WEIGHT_MAX);
                }
            }
        }
        long[][] colBinary = new long[3][];
        long[][] colHese = new long[3][];
        for (int l = 0; l < 3; l++) { // for data value x_k: sum over the output channels of w[c][k]'s terms
            colBinary[l] = new long[in[l]];
            colHese[l] = new long[in[l]];
            for (int c = 0; c < out[l]; c++) {
                for (int k = 0; k < in[l]; k++) {
                    colBinary[l][k] += Integer.bitCount(Math.abs(wq[l][c * in[l] + k]));
                    colHese[l][k] += hese(Math.abs(wq[l][c * in[l] + k]));
                }
            }
        }
        long binary = 0;
        long hese = 0;
        for (float[] image : images("t10k", 2004)) {
            int[] q = new int[784];
            for (int k = 0; k < 784; k++) {
                q[k] = (int) clamp(Math.rint(image[k] / alpha[0]), 0, DATA_MAX);
            }
            for (int l = 0; l < 3; l++) {
                for (int k = 0; k < in[l]; k++) {
                    binary += Integer.bitCount(q[k]) * colBinary[l][k];
                    hese += hese(q[k]) * colHese[l][k];
                }
                if (l < 2) {
                    q = requantized(q, wq[l], biases[l], wAlpha[l], alpha[l], alpha[l + 1], in[l], out[l]);
                }
            }
        }
        return new long[] {binary, hese};
    }

    /** y = clamp(round_half_even((acc + bias_q) m / 2^s), 0, 63): the ReLU's lower clamp is its zero point 0. */
    private static int[] requantized(int[] x, int[] w, float[] bias, double[] wAlpha, double xAlpha, double yAlpha, int in, int out) {
        int[] y = new int[out];
        for (int c = 0; c < out; c++) {
            long acc = 0;
            for (int k = 0; k < in; k++) {
                acc += (long) x[k] * w[c * in + k];
            }
            acc += (long) Math.rint(bias[c] / (wAlpha[c] * xAlpha));
            double big = wAlpha[c] * xAlpha / yAlpha;
            int shift = 62;
            while (shift > 0 && Math.rint(Math.scalb(big, shift)) >= (1L << 31)) {
                shift--;
            }
            long m = (long) Math.rint(Math.scalb(big, shift));
            y[c] = (int) clamp(roundHalfEvenShift(BigInteger.valueOf(acc).multiply(BigInteger.valueOf(m)), shift), 0, DATA_MAX);
        }
        return y;
    }

    private static double roundHalfEvenShift(BigInteger v, int shift) {
        BigInteger[] qr = v.divideAndRemainder(BigInteger.ONE.shiftLeft(shift));
        BigInteger q = v.signum() < 0 && qr[1].signum() != 0 ? qr[0].subtract(BigInteger.ONE) : qr[0]; // floor
        BigInteger rest = v.subtract(q.shiftLeft(shift)); // 0 <= rest < 2^shift
        int cmp = shift == 0 ? -1 : rest.compareTo(BigInteger.ONE.shiftLeft(shift - 1));
        if (cmp > 0 || (cmp == 0 && q.testBit(0))) {
            q = q.add(BigInteger.ONE);
        }
        return q.doubleValue();
    }

    /** HESE's term count of a magnitude: a run of two or more ones is two terms, an isolated one is one. */
    static int hese(int magnitude) {
        int terms = 0;
        int v = magnitude;
        while (v != 0) {
            int low = Integer.numberOfTrailingZeros(v);
            int run = Integer.numberOfTrailingZeros(~(v >>> low));
            terms += run == 1 ? 1 : 2;
            v &= ~(((1 << run) - 1) << low);
        }
        return terms;
    }

    @Test
    void theHeseCountOfTheOracleIsTheWorkedExamplesOfTheDocs() {
        assertThat(hese(11)).isEqualTo(3);
        assertThat(hese(119)).isEqualTo(4);
        assertThat(hese(85)).isEqualTo(4);
        assertThat(hese(27)).isEqualTo(4);
        assertThat(hese(7)).isEqualTo(2);
        assertThat(hese(0)).isZero();
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** A Gemm with transB = 1 in double on float32 values, its output rounded to float32. */
    private static float[] gemm(float[] x, float[] w, float[] b, int in, int out) {
        float[] y = new float[out];
        for (int c = 0; c < out; c++) {
            double s = b[c];
            for (int k = 0; k < in; k++) {
                s += (double) x[k] * w[c * in + k];
            }
            y[c] = (float) s;
        }
        return y;
    }

    private static float[] relu(float[] v) {
        float[] y = v.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.max(0f, y[i]);
        }
        return y;
    }

    /** The first n images of an IDX file, pixel / 255 as float32. */
    private static float[][] images(String split, int n) throws IOException {
        try (InputStream raw = Files.newInputStream(MNIST.resolve(split + "-images-idx3-ubyte.gz"));
             DataInputStream in = new DataInputStream(new GZIPInputStream(raw))) {
            in.readInt();
            int count = in.readInt();
            int pixels = in.readInt() * in.readInt();
            assertThat(count).isGreaterThanOrEqualTo(n);
            float[][] out = new float[n][pixels];
            byte[] row = new byte[pixels];
            for (int i = 0; i < n; i++) {
                in.readFully(row);
                for (int p = 0; p < pixels; p++) {
                    out[i][p] = (float) ((row[p] & 0xFF) / 255.0);
                }
            }
            return out;
        }
    }

    private static Map<String, float[]> initializers() throws IOException {
        Onnx.ModelProto model = Onnx.ModelProto.parseFrom(Files.readAllBytes(MLP));
        Map<String, float[]> out = new HashMap<>();
        for (Onnx.TensorProto t : model.getGraph().getInitializerList()) {
            ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            float[] v = new float[b.remaining() / 4];
            b.asFloatBuffer().get(v);
            out.put(t.getName(), v);
        }
        return out;
    }
}
