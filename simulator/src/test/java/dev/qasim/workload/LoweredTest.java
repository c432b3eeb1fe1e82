package dev.qasim.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The key oracle: the lowering the engines use, multiplied out, equals the direct-loop reference. */
public class LoweredTest {

    /** Multiplies X_g by W_g for every group and places each result with outputIndex; checks each is placed once. */
    static long[] viaLowering(Lowered lowered, SplittableRandom random) {
        MatrixForm f = lowered.form();
        long[] out = new long[Math.toIntExact(f.outputs())];
        int[] placed = new int[out.length];
        for (int g = 0; g < f.groups(); g++) {
            int[] w = lowered.weightColumns(g);
            int m0 = 0;
            while (m0 < f.m()) { // rows in random chunks, so dataRows is exercised at every offset
                int m1 = Math.min(f.m(), m0 + 1 + random.nextInt(5));
                int[] x = new int[(m1 - m0) * f.k()];
                lowered.dataRows(g, m0, m1, x);
                for (int m = m0; m < m1; m++) {
                    for (int n = 0; n < f.n(); n++) {
                        long sum = 0;
                        for (int k = 0; k < f.k(); k++) {
                            sum += (long) x[(m - m0) * f.k() + k] * w[n * f.k() + k];
                        }
                        int at = Math.toIntExact(lowered.outputIndex(g, m, n));
                        out[at] = sum;
                        placed[at]++;
                    }
                }
                m0 = m1;
            }
        }
        assertThat(placed).as("every output placed exactly once").containsOnly(1);
        return out;
    }

    private static LayerSpec spec(SplittableRandom r, int i) {
        Operand weights = Operand.signed(1 + r.nextInt(8));
        int dataBits = 1 + r.nextInt(8);
        Operand data = r.nextBoolean() ? Operand.signed(dataBits) : Operand.unsigned(dataBits);
        ValueSource.Distribution d = r.nextBoolean() ? ValueSource.Distribution.GAUSSIAN : ValueSource.Distribution.LAPLACE;
        return new LayerSpec("layer" + i, weights, data, true, new ValueSource.Synthetic(d, r.nextInt(1000)));
    }

    /** A random convolution: groups (depthwise a quarter of the time), strides, padding and dilation per axis, batches. */
    public static Conv2d randomConv(SplittableRandom r, int i) {
        while (true) {
            int groups = 1 + r.nextInt(3);
            int cg = 1 + r.nextInt(3);
            int coutPerGroup = 1 + r.nextInt(3);
            if (r.nextInt(4) == 0) { // depthwise: one input channel per group
                cg = 1;
                groups = 2 + r.nextInt(4);
            }
            int h = 1 + r.nextInt(9);
            int w = 1 + r.nextInt(9);
            int kh = 1 + r.nextInt(4);
            int kw = 1 + r.nextInt(4);
            int sh = 1 + r.nextInt(3);
            int sw = 1 + r.nextInt(3);
            int ph = r.nextInt(3);
            int pw = r.nextInt(3);
            int dh = 1 + r.nextInt(2);
            int dw = 1 + r.nextInt(2);
            if (Conv2d.outSize(h, kh, sh, ph, dh) < 1 || Conv2d.outSize(w, kw, sw, pw, dw) < 1) {
                continue;
            }
            return new Conv2d(spec(r, i), 1 + r.nextInt(2), groups * cg, groups * coutPerGroup, new Conv2d.Axis(h, kh, sh, ph, dh),
                    new Conv2d.Axis(w, kw, sw, pw, dw), groups);
        }
    }

    @Test
    void loweredConvolutionsMultipliedOutEqualTheDirectReferenceForHundredsOfRandomLayers() {
        SplittableRandom r = new SplittableRandom(20240601);
        int depthwise = 0;
        for (int i = 0; i < 400; i++) {
            Conv2d conv = randomConv(r, i);
            depthwise += conv.depthwise() ? 1 : 0;
            LayerValues values = WorkloadLoader.values(conv);
            long[] expected = Reference.outputs(conv, values);
            assertThat(viaLowering(new Lowered(conv, values), r)).as(conv.toString()).containsExactly(expected);
        }
        assertThat(depthwise).as("depthwise layers among the random ones").isGreaterThan(50);
    }

    @Test
    void loweredFullyConnectedAndGemmLayersEqualTheDirectReference() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 300; i++) {
            Layer layer = i % 2 == 0
                    ? new FullyConnected(spec(r, i), 1 + r.nextInt(4), 1 + r.nextInt(12), 1 + r.nextInt(12))
                    : new Gemm(spec(r, i), 1 + r.nextInt(12), 1 + r.nextInt(12), 1 + r.nextInt(12));
            LayerValues values = WorkloadLoader.values(layer);
            assertThat(viaLowering(new Lowered(layer, values), r)).as(layer.toString())
                    .containsExactly(Reference.outputs(layer, values));
        }
    }

    @Test
    void columnRowsAndNormsReadFromTheStoredWeightsEqualTheColumns() {
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 300; i++) {
            Layer layer = switch (i % 4) {
                case 0 -> new FullyConnected(spec(r, i), 1 + r.nextInt(4), 1 + r.nextInt(12), 1 + r.nextInt(12));
                case 1 -> new Gemm(spec(r, i), 1 + r.nextInt(3), 1 + r.nextInt(12), 1 + r.nextInt(12), 1 + r.nextInt(12));
                default -> randomConv(r, i);
            };
            LayerValues values = WorkloadLoader.values(layer);
            // the same values held as bytes, as large layers are, read through range copies
            LayerValues compact = new LayerValues(values.weights().compacted(), values.data());
            for (LayerValues v : new LayerValues[] {values, compact}) {
                Lowered lowered = new Lowered(layer, v);
                MatrixForm f = lowered.form();
                for (int g = 0; g < f.groups(); g++) {
                    int[] columns = new Lowered(layer, values).weightColumns(g);
                    int j0 = r.nextInt(f.n());
                    int j1 = j0 + 1 + r.nextInt(f.n() - j0);
                    int stride = j1 - j0 + r.nextInt(3);
                    int at = r.nextInt(4);
                    int[] rows = new int[at + f.k() * stride];
                    java.util.Arrays.fill(rows, -7777); // what columnRows does not write stays
                    lowered.columnRows(g, j0, j1, rows, at, stride);
                    long[] norms = new long[f.n()];
                    for (int j = 0; j < f.n(); j++) {
                        for (int k = 0; k < f.k(); k++) {
                            norms[j] += Math.abs((long) columns[j * f.k() + k]);
                            if (j >= j0 && j < j1) {
                                assertThat(rows[at + k * stride + j - j0]).as("%s g%d k%d j%d", layer, g, k, j)
                                        .isEqualTo(columns[j * f.k() + k]);
                            }
                        }
                    }
                    assertThat(lowered.columnL1Norms(g)).as("%s g%d norms", layer, g).containsExactly(norms);
                    for (int k = 0; k < f.k(); k++) {
                        for (int c = j1 - j0; c < stride; c++) {
                            assertThat(rows[at + k * stride + c]).isEqualTo(-7777);
                        }
                    }
                }
            }
        }
    }

    @Test
    void theSlowDataPathReadsTheSameElementsAsTheRowPath() {
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 50; i++) {
            Conv2d conv = randomConv(r, i);
            Lowered lowered = new Lowered(conv, WorkloadLoader.values(conv));
            MatrixForm f = lowered.form();
            int g = r.nextInt(f.groups());
            int m = r.nextInt(f.m());
            int[] row = new int[f.k()];
            lowered.dataRows(g, m, m + 1, row);
            for (int k = 0; k < f.k(); k++) {
                assertThat(lowered.data(g, m, k)).isEqualTo(row[k]);
            }
        }
    }

    @Test
    void aPaddedConvolutionLowersPaddingToZerosInChannelsLastOrder() {
        // 1 x 2 x 2 x 2 input, 3x3 kernel, padding 1: output pixel (0, 0) sees the input only at kernel offsets
        // (1,1), (1,2), (2,1), (2,2); K order is (kh, kw, c) with c fastest
        LayerSpec spec = new LayerSpec("p", Operand.signed(8), Operand.signed(8), true,
                new ValueSource.Synthetic(ValueSource.Distribution.GAUSSIAN, 1));
        Conv2d conv = new Conv2d(spec, 1, 2, 1, new Conv2d.Axis(2, 3, 1, 1, 1), new Conv2d.Axis(2, 3, 1, 1, 1), 1);
        IntTensor data = new IntTensor(new int[] {1, 2, 2, 2}, new int[] {1, 2, 3, 4, 5, 6, 7, 8});
        IntTensor weights = new IntTensor(new int[] {1, 2, 3, 3}, new int[18]);
        Lowered lowered = new Lowered(conv, LayerValues.checked(conv, weights, data));
        int[] row = new int[18];
        lowered.dataRows(0, 0, 1, row);
        assertThat(row).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 1, 5, 2, 6, 0, 0, 3, 7, 4, 8);
    }
}
