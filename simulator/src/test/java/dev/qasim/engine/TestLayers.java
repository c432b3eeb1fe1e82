package dev.qasim.engine;

import dev.qasim.arith.OverflowPolicy;
import dev.qasim.config.ArchConfig;
import dev.qasim.config.ArrayConfig;
import dev.qasim.config.Dataflow;
import dev.qasim.config.EnergyConfig;
import dev.qasim.config.MemoryConfig;
import dev.qasim.config.PeConfig;
import dev.qasim.config.PeKind;
import dev.qasim.config.TermsConfig;
import dev.qasim.terms.Encoding;
import dev.qasim.workload.Conv2d;
import dev.qasim.workload.FullyConnected;
import dev.qasim.workload.Gemm;
import dev.qasim.workload.Layer;
import dev.qasim.workload.LayerSpec;
import dev.qasim.workload.LayerValues;
import dev.qasim.workload.Lowered;
import dev.qasim.workload.Operand;
import dev.qasim.workload.SyntheticValues;
import dev.qasim.workload.ValueSource;
import java.util.SplittableRandom;

/** Builders for engine (and RTL) tests: architectures and small random layers with synthetic values. */
public final class TestLayers {
    private TestLayers() {}

    static ArchConfig arch(int rows, int cols, Dataflow dataflow, boolean overlap, int accBits, OverflowPolicy policy) {
        return arch(rows, cols, dataflow, overlap, accBits, policy, 1);
    }

    /** An architecture whose PEs have {@code lanes} lanes: datapathBits = lanes * accumulatorBits. */
    static ArchConfig arch(int rows, int cols, Dataflow dataflow, boolean overlap, int accBits, OverflowPolicy policy, int lanes) {
        return new ArchConfig("test", 1000, new ArrayConfig(rows, cols, dataflow, overlap),
                new PeConfig(PeKind.MAC, 8, accBits, accBits * lanes, policy), new TermsConfig(Encoding.HESE, Encoding.HESE, 8, null, null, 1),
                new MemoryConfig(64, 64, 64, Double.POSITIVE_INFINITY), new EnergyConfig(EnergyConfig.DEFAULT_TABLE));
    }

    public static LayerSpec spec(String name, int weightBits, int dataBits, boolean dataSigned, long seed) {
        return new LayerSpec(name, Operand.signed(weightBits), dataSigned ? Operand.signed(dataBits) : Operand.unsigned(dataBits),
                true, new ValueSource.Synthetic(ValueSource.Distribution.GAUSSIAN, seed));
    }

    public static Lowered lowered(Layer layer) {
        LayerValues values = SyntheticValues.generate(layer, (ValueSource.Synthetic) layer.spec().values());
        return new Lowered(layer, values);
    }

    public static Gemm gemm(int m, int n, int k) {
        return new Gemm(spec("gemm", 8, 8, false, 1), m, n, k);
    }

    /** A random small layer: conv (strides, padding, dilation, groups, batch), fc or gemm (1 to 3 groups: batched). */
    static Layer random(SplittableRandom r, String name) {
        return random(r, name, 8);
    }

    /** A random small layer whose operands are 2..{@code maxBits} wide. */
    public static Layer random(SplittableRandom r, String name, int maxBits) {
        boolean signed = r.nextBoolean();
        LayerSpec spec = spec(name, 2 + r.nextInt(maxBits - 1), 2 + r.nextInt(maxBits - 1), signed, r.nextLong());
        switch (r.nextInt(3)) {
            case 0 -> {
                return new Gemm(spec, 1 + r.nextInt(3), 1 + r.nextInt(12), 1 + r.nextInt(12), 1 + r.nextInt(24));
            }
            case 1 -> {
                return new FullyConnected(spec, 1 + r.nextInt(3), 1 + r.nextInt(24), 1 + r.nextInt(12));
            }
            default -> {
                while (true) {
                    int groups = 1 + r.nextInt(3);
                    int cin = groups * (1 + r.nextInt(3));
                    int cout = groups * (1 + r.nextInt(3));
                    int kh = 1 + r.nextInt(3);
                    int kw = 1 + r.nextInt(3);
                    int h = 1 + r.nextInt(7);
                    int w = 1 + r.nextInt(7);
                    int stride = 1 + r.nextInt(2);
                    int pad = r.nextInt(2);
                    int dil = 1 + r.nextInt(2);
                    if (Conv2d.outSize(h, kh, stride, pad, dil) >= 1 && Conv2d.outSize(w, kw, stride, pad, dil) >= 1) {
                        return new Conv2d(spec, 1 + r.nextInt(2), cin, cout, new Conv2d.Axis(h, kh, stride, pad, dil),
                                new Conv2d.Axis(w, kw, stride, pad, dil), groups);
                    }
                }
            }
        }
    }

    /**
     * A random layer of few output rows and many columns (65 to 300: several of the fast engine's blocks of columns),
     * which the fast engine splits by columns as well as by rows: a gemm, a fully connected layer or a convolution
     * with an output of 1 to 4 pixels.
     */
    static Layer wide(SplittableRandom r, String name) {
        LayerSpec spec = spec(name, 2 + r.nextInt(7), 2 + r.nextInt(7), r.nextBoolean(), r.nextLong());
        int columns = 65 + r.nextInt(236);
        return switch (r.nextInt(3)) {
            case 0 -> new Gemm(spec, 1 + r.nextInt(2), 1 + r.nextInt(70), columns, 1 + r.nextInt(40));
            case 1 -> new FullyConnected(spec, 1 + r.nextInt(3), 1 + r.nextInt(40), columns);
            default -> new Conv2d(spec, 1, 1 + r.nextInt(4), columns, new Conv2d.Axis(1 + r.nextInt(2), 1, 1, 0, 1),
                    new Conv2d.Axis(3, 2 + r.nextInt(2), 1, 0, 1), 1);
        };
    }
}
