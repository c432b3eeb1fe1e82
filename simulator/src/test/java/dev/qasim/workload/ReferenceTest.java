package dev.qasim.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReferenceTest {

    /** The convolution's definition, literally: every output, every input channel of its group, every tap. */
    private static long[] literal(Conv2d c, int[] x, int[] w) {
        int oh = c.outHeight();
        int ow = c.outWidth();
        int cg = c.groupChannels();
        long[] out = new long[c.batch() * c.outChannels() * oh * ow];
        for (int b = 0; b < c.batch(); b++) {
            for (int co = 0; co < c.outChannels(); co++) {
                int g = co / (c.outChannels() / c.groups());
                for (int ho = 0; ho < oh; ho++) {
                    for (int wo = 0; wo < ow; wo++) {
                        long sum = 0;
                        for (int ci = 0; ci < cg; ci++) {
                            for (int kh = 0; kh < c.h().kernel(); kh++) {
                                for (int kw = 0; kw < c.w().kernel(); kw++) {
                                    int y = ho * c.h().stride() - c.h().pad() + kh * c.h().dilation();
                                    int xx = wo * c.w().stride() - c.w().pad() + kw * c.w().dilation();
                                    if (y >= 0 && y < c.h().size() && xx >= 0 && xx < c.w().size()) {
                                        sum += (long) w[((co * cg + ci) * c.h().kernel() + kh) * c.w().kernel() + kw]
                                                * x[((b * c.channels() + g * cg + ci) * c.h().size() + y) * c.w().size() + xx];
                                    }
                                }
                            }
                        }
                        out[((b * c.outChannels() + co) * oh + ho) * ow + wo] = sum;
                    }
                }
            }
        }
        return out;
    }

    @Test
    void convolutionsEqualTheirDefinitionInBothAccumulatorWidths() {
        SplittableRandom r = new SplittableRandom(31);
        int checked = 0;
        while (checked < 300) {
            int groups = 1 + r.nextInt(3);
            int cin = groups * (1 + r.nextInt(3));
            // some with several vector blocks of output channels per group (blocks are 32 or 64 channels), some with
            // output rows longer than the vector kernel lists taps for at a time (64 pixels)
            int cout = groups * (1 + r.nextInt(checked % 3 == 0 ? 150 : 3));
            int kh = 1 + r.nextInt(4);
            int kw = 1 + r.nextInt(4);
            int h = 1 + r.nextInt(9);
            int wd = 1 + r.nextInt(checked % 5 == 0 ? 140 : 9);
            int sh = 1 + r.nextInt(3);
            int sw = 1 + r.nextInt(3);
            int ph = r.nextInt(3);
            int pw = r.nextInt(3);
            int dh = 1 + r.nextInt(2);
            int dw = 1 + r.nextInt(2);
            if (Conv2d.outSize(h, kh, sh, ph, dh) < 1 || Conv2d.outSize(wd, kw, sw, pw, dw) < 1) {
                continue;
            }
            // half the layers with values so large that a sum needs 64 bits
            int bits = checked % 2 == 0 ? 8 : 24;
            Operand type = Operand.signed(bits);
            Conv2d c = new Conv2d(new LayerSpec("c", type, type, true, new ValueSource.Synthetic(ValueSource.Distribution.GAUSSIAN, 1)),
                    1 + r.nextInt(2), cin, cout, new Conv2d.Axis(h, kh, sh, ph, dh), new Conv2d.Axis(wd, kw, sw, pw, dw), groups);
            int[] x = r.ints(c.batch() * cin * h * wd, (int) type.min(), (int) type.max() + 1)
                    .map(v -> r.nextInt(3) == 0 ? 0 : v).toArray(); // a third zero, as after a ReLU
            int[] w = r.ints(cout * (cin / groups) * kh * kw, (int) type.min(), (int) type.max() + 1).toArray();
            LayerValues v = new LayerValues(new IntTensor(c.weightShape(), w), new IntTensor(c.dataShape(), x));
            long[] want = literal(c, x, w);
            // on the vector kernel (when the JVM has it; the build's tests start it so) and on the scalar loops
            assertThat(Reference.outputs(c, v, true)).as(c.toString()).isEqualTo(want);
            assertThat(Reference.outputs(c, v, false)).as(c.toString()).isEqualTo(want);
            checked++;
        }
    }

    @Test
    void fullyConnectedLayersEqualTheirDefinitionInBothAccumulatorWidths() {
        SplittableRandom r = new SplittableRandom(37);
        for (int trial = 0; trial < 200; trial++) {
            int bits = trial % 2 == 0 ? 8 : 24; // half with sums that need 64 bits
            Operand type = Operand.signed(bits);
            FullyConnected f = new FullyConnected(new LayerSpec("f", type, type, true,
                    new ValueSource.Synthetic(ValueSource.Distribution.GAUSSIAN, 1)), 1 + r.nextInt(3), 1 + r.nextInt(300),
                    1 + r.nextInt(trial % 4 == 0 ? 2_000 : 20));
            int[] x = r.ints(f.batch() * f.inFeatures(), (int) type.min(), (int) type.max() + 1).toArray();
            int[] w = r.ints(f.outFeatures() * f.inFeatures(), (int) type.min(), (int) type.max() + 1).toArray();
            LayerValues v = new LayerValues(new IntTensor(f.weightShape(), w), new IntTensor(f.dataShape(), x));
            assertThat(Reference.outputs(f, v)).as(f.toString()).isEqualTo(literal(f, v));
        }
    }

    @Test
    void largeFullyConnectedLayersHeldCompactlyEqualTheirDefinition() {
        // weights drawn into bytes (4 M values and more), read a row at a time; a batch of 3 reads each row 3 times
        for (int[] shape : new int[][] {{3, 1999, 2600}, {1, 4099, 1025}}) {
            FullyConnected f = new FullyConnected(new LayerSpec("fc", Operand.signed(8), Operand.signed(8), true,
                    new ValueSource.Synthetic(ValueSource.Distribution.LAPLACE, 5)), shape[0], shape[2], shape[1]);
            LayerValues v = WorkloadLoader.values(f);
            assertThat(v.weights().isCompact()).isTrue();
            long materialized = v.weights().materializations();
            assertThat(Reference.outputs(f, v)).isEqualTo(literal(f, v));
            assertThat(v.weights().materializations()).as("weights never held whole as ints").isEqualTo(materialized);
        }
    }

    /** out[b][j] = sum_i x[b][i] * w[j][i], element by element. */
    private static long[] literal(FullyConnected f, LayerValues v) {
        long[] out = new long[f.batch() * f.outFeatures()];
        for (int b = 0; b < f.batch(); b++) {
            for (int j = 0; j < f.outFeatures(); j++) {
                long sum = 0;
                for (int i = 0; i < f.inFeatures(); i++) {
                    sum += (long) v.data().get(b * f.inFeatures() + i) * v.weights().get(j * f.inFeatures() + i);
                }
                out[b * f.outFeatures() + j] = sum;
            }
        }
        return out;
    }
}
