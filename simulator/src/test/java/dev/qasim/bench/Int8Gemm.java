package dev.qasim.bench;

import dev.qasim.workload.Layer;
import dev.qasim.workload.Lowered;
import dev.qasim.workload.Workload;
import dev.qasim.workload.WorkloadLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One group of a lowered layer as plain int8 arrays, the yardstick the engines are measured against: outputs
 * (M x N) = X (M x K, unsigned 8-bit data) times W (K x N, signed 8-bit weights), with 32-bit sums (exact here:
 * K * 255 * 128 stays below 2^31 for K up to 65,793).
 *
 * @param x data, row-major with K contiguous: {@code x[r * k + j]}, read back as unsigned ({@code & 0xFF})
 * @param w weights by output column with K contiguous: {@code w[c * k + j]}, signed
 * @param m rows, n columns, k dot-product length (all at least 1)
 */
record Int8Gemm(byte[] x, byte[] w, int m, int n, int k) {
    Int8Gemm {
        if (m < 1 || n < 1 || k < 1 || x.length != m * k || w.length != n * k) {
            throw new IllegalArgumentException("an int8 GEMM needs x of m * k and w of n * k bytes: m=" + m + " n=" + n + " k=" + k
                    + ", x " + x.length + " bytes, w " + w.length + " bytes");
        }
    }

    /** Every group of every layer of a workload file (relative to {@code home}) with its values, as int8 GEMMs. */
    static List<Int8Gemm> of(Path home, String workload) {
        List<Int8Gemm> out = new ArrayList<>();
        for (Lowered l : lowered(home, workload)) {
            for (int g = 0; g < l.form().groups(); g++) {
                out.add(of(l, g));
            }
        }
        return out;
    }

    /** Every layer of a workload file (relative to {@code home}) with its values, lowered. */
    static List<Lowered> lowered(Path home, String workload) {
        Workload w = WorkloadLoader.load(home.resolve(workload));
        List<Lowered> out = new ArrayList<>();
        for (Layer layer : w.layers()) {
            out.add(new Lowered(layer, WorkloadLoader.values(layer)));
        }
        return out;
    }

    /**
     * Group g of a lowered layer; data must lie in 0..255 and weights in -128..127 (what the plain int8 loop
     * computes), anything else is refused rather than truncated.
     */
    static Int8Gemm of(Lowered l, int g) {
        int m = l.form().m();
        int k = l.form().k();
        int[] x = new int[m * k];
        l.dataRows(g, 0, m, x);
        return new Int8Gemm(bytes(x, 0, 255, l), bytes(l.weightColumns(g), -128, 127, l), m, l.form().n(), k);
    }

    private static byte[] bytes(int[] v, int min, int max, Lowered l) {
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] < min || v[i] > max) {
                throw new IllegalArgumentException("layer " + l.layer().name() + ": value " + v[i] + " is outside " + min + ".." + max
                        + ", not an int8 GEMM");
            }
            out[i] = (byte) v[i];
        }
        return out;
    }

    /** MACs of this product: M * N * K. */
    long macs() {
        return (long) m * n * k;
    }

    /** Rows r0 (inclusive) to r1 (exclusive) of the product into {@code out[r * n + c]}, with the plain triple loop, one thread. */
    void plainRows(int r0, int r1, int[] out) {
        for (int r = r0; r < r1; r++) {
            for (int c = 0; c < n; c++) {
                int acc = 0;
                for (int j = 0; j < k; j++) {
                    acc += (x[r * k + j] & 0xFF) * w[c * k + j];
                }
                out[r * n + c] = acc;
            }
        }
    }
}
