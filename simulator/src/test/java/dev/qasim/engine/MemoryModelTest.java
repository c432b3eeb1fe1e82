package dev.qasim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qasim.config.ArrayConfig;
import dev.qasim.config.Dataflow;
import dev.qasim.config.MemoryConfig;
import dev.qasim.workload.MatrixForm;
import org.junit.jupiter.api.Test;

/** The worked example of docs/memory-model.md and the rules around it. */
class MemoryModelTest {
    // GEMM M=8, N=8, K=4 on a 4x4 weight-stationary array with overlapped folds: two column folds
    private static final Mapping MAP = Mapping.of(new ArrayConfig(4, 4, Dataflow.WS, true), 1, new MatrixForm(1, 8, 8, 4));

    private static MemoryStats account(double bytesPerCycle, double ofmapKiB) {
        return MemoryModel.account(MAP, new MemoryConfig(64, 64, ofmapKiB, bytesPerCycle), 8, 8, 32, MAP.folds());
    }

    @Test
    void workedExampleScheduleHasTwoFoldsOf26ComputeCycles() {
        assertThat(MAP.folds()).isEqualTo(2);
        assertThat(MAP.streamStart(0)).isEqualTo(4);
        assertThat(MAP.streamStart(1)).isEqualTo(12);
        assertThat(MAP.preloadStart(1)).isEqualTo(4);
        assertThat(MAP.computeCycles()).isEqualTo(26);
    }

    @Test
    void workedExampleAtOneBytePerCycleStalls54CyclesAfterA48CycleFill() {
        MemoryStats m = account(1, 64);
        assertThat(m.prefetchCycles()).isEqualTo(48); // 16 B of weights + 32 B of data for fold 0
        // window 0 (cycles 0..7: fold 1's tiles are needed by S_1 - R = 8) carries fold 1's 16 B of weights: 8
        // stalled; window 1 (cycles 8..25, 18 cycles) fold 0's 32 B of outputs (8 x 4, requantized to 8 bits): 14
        // stalled; then fold 1's 32 B of outputs: 32
        assertThat(m.stallCycles()).isEqualTo(8 + 14 + 32);
        assertThat(m.dram().weightReadBits()).isEqualTo(2 * 128);
        assertThat(m.dram().dataReadBits()).isEqualTo(256); // the data tile is fetched once and reused by fold 1
        assertThat(m.dram().outputWriteBits()).isEqualTo(2 * 256);
        assertThat(m.dram().spilledPsumBits()).isZero();
    }

    @Test
    void unlimitedBandwidthNeverStallsAndNeedsNoFill() {
        MemoryStats m = account(Double.POSITIVE_INFINITY, 64);
        assertThat(m.stallCycles()).isZero();
        assertThat(m.prefetchCycles()).isZero();
        assertThat(m.dram().bits()).isEqualTo(m.dram().weightReadBits() + m.dram().dataReadBits() + m.dram().outputWriteBits());
    }

    @Test
    void aWindowStallsExactlyWhenItsDemandExceedsItsSupply() {
        // window 0 must move 16 B in 8 cycles: 2 B/cycle needs 8 cycles (no stall), 1.9 B/cycle needs 9;
        // window 1 (32 B in 18 cycles) never stalls at these rates; the last 32 B of outputs always wait
        MemoryStats enough = account(2, 64);
        MemoryStats shortOfIt = account(1.9, 64);
        assertThat(enough.stallCycles()).isEqualTo((long) Math.ceil(32 / 2.0));
        assertThat(shortOfIt.stallCycles()).isEqualTo(1 + (long) Math.ceil(32 / 1.9));
    }

    @Test
    void partialSumsThatDoNotFitHalfTheOfmapBufferSpillToDramAndComeBack() {
        // K = 8 spans two row folds; each fold's partial sums are 8 x 4 x 32 bits = 1024 bits
        Mapping map = Mapping.of(new ArrayConfig(4, 4, Dataflow.WS, true), 1, new MatrixForm(1, 8, 4, 8));
        MemoryStats fits = MemoryModel.account(map, new MemoryConfig(64, 64, 64, 1), 8, 8, 32, map.folds());
        assertThat(fits.dram().spilledPsumBits()).isZero();
        MemoryStats spills = MemoryModel.account(map, new MemoryConfig(64, 64, 1024 / 8.0 / 1024, 1), 8, 8, 32, map.folds());
        assertThat(spills.dram().spilledPsumBits()).isEqualTo(1024);
        assertThat(spills.dram().psumReadBits()).isEqualTo(1024);
        assertThat(spills.stallCycles()).isGreaterThan(fits.stallCycles());
    }

    @Test
    void aStreamedTileThatFitsNoBufferIsFetchedForEveryFold() {
        // data tile of a fold: 8 x 4 bytes = 32 B; an ifmap buffer of 32 B holds half of that
        MemoryStats m = MemoryModel.account(MAP, new MemoryConfig(32 / 1024.0, 64, 64, 1), 8, 8, 32, MAP.folds());
        assertThat(m.dram().dataReadBits()).isEqualTo(2 * 256);
    }

    /** The distinct input elements any window of a conv reads, by lowering a tensor of element numbers. */
    private static long footprintOracle(dev.qasim.workload.Conv2d conv) {
        int[] shape = conv.dataShape();
        int size = 1;
        for (int d : shape) {
            size *= d;
        }
        int[] ids = new int[size];
        for (int i = 0; i < size; i++) {
            ids[i] = i + 1; // 0 stays for padding
        }
        var w = new dev.qasim.workload.IntTensor(conv.weightShape(), new int[java.util.Arrays.stream(conv.weightShape()).reduce(1, (a, b) -> a * b)]);
        var lowered = new dev.qasim.workload.Lowered(conv, new dev.qasim.workload.LayerValues(w,
                new dev.qasim.workload.IntTensor(shape, ids)));
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        var form = conv.matrixForm();
        int[] rows = new int[form.m() * form.k()];
        for (int g = 0; g < form.groups(); g++) {
            lowered.dataRows(g, 0, form.m(), rows);
            for (int v : rows) {
                if (v != 0) {
                    seen.add(v);
                }
            }
        }
        return seen.size();
    }

    @Test
    void aConvolutionReadsItsInputTensorOnceWhenItFitsTheBufferAndNeverLessThanIt() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(1919);
        int fits = 0;
        for (int trial = 0; trial < 300; trial++) {
            dev.qasim.workload.Layer layer = TestLayers.random(r, "c" + trial);
            if (!(layer instanceof dev.qasim.workload.Conv2d conv)) {
                continue;
            }
            Dataflow flow = Dataflow.values()[trial % 3];
            Mapping map = Mapping.of(new ArrayConfig(1 + r.nextInt(6), 1 + r.nextInt(6), flow, r.nextBoolean()), 1,
                    conv.matrixForm());
            int bits = conv.spec().data().bits();
            long footprint = footprintOracle(conv) * bits;
            double kib = r.nextBoolean() ? 64 : Math.max(1 / 1024.0, footprint / 8.0 / 1024 * (0.2 + r.nextDouble())); // may not fit
            MemoryStats m = MemoryModel.account(conv, map, new MemoryConfig(kib, 64, 64, 1), conv.spec().weights().bits(), bits,
                    32, map.folds());
            boolean whole = footprint <= kib * 1024 * 8 / 2;
            fits += whole ? 1 : 0;
            assertThat(m.dram().dataReadBits()).as(conv + " " + map.dataflow() + " " + kib + " KiB").isGreaterThanOrEqualTo(footprint);
            if (whole) {
                assertThat(m.dram().dataReadBits()).as(conv + " " + map.dataflow()).isEqualTo(footprint);
            }
            // the array still reads the lowered windows from the buffer
            long lowered = (long) conv.matrixForm().groups() * conv.matrixForm().m() * conv.matrixForm().k() * bits;
            assertThat(m.ifmap().readBits()).isGreaterThanOrEqualTo(lowered);
        }
        assertThat(fits).isGreaterThan(30);
    }

    @Test
    void footprintsKeptForLaterRunsGiveTheTrafficOfFootprintsCountedAsTheFoldsCome() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(1920);
        int convs = 0;
        for (int trial = 0; trial < 300; trial++) {
            dev.qasim.workload.Layer layer = TestLayers.random(r, "k" + trial);
            if (!(layer instanceof dev.qasim.workload.Conv2d conv)) {
                continue;
            }
            convs++;
            Mapping map = Mapping.of(new ArrayConfig(1 + r.nextInt(6), 1 + r.nextInt(6), Dataflow.values()[trial % 3],
                    r.nextBoolean()), 1 + r.nextInt(2), conv.matrixForm());
            int bits = conv.spec().data().bits();
            double kib = r.nextBoolean() ? 64 : Math.max(1 / 1024.0, footprintOracle(conv) * bits / 8.0 / 1024 * (0.2 + 2 * r.nextDouble()));
            int foldsRun = r.nextInt(3) == 0 ? r.nextInt(map.folds() + 1) : map.folds(); // a trapped layer runs a prefix
            for (int again = 0; again < 2; again++) { // the second run takes the kept footprints
                MemoryConfig memory = new MemoryConfig(kib, 64, 64, 1 + r.nextInt(8));
                MemoryStats kept = MemoryModel.account(conv, map, memory, 8, bits, 32, foldsRun);
                MemoryStats counted = MemoryModel.account(conv, map, memory, 8, bits, 32, foldsRun, 0);
                assertThat(kept).as(conv + " " + map.dataflow() + " " + kib + " KiB, " + foldsRun + " folds").isEqualTo(counted);
            }
        }
        assertThat(convs).isGreaterThan(60);
    }

    @Test
    void overlappedFoldsAreNeverSlowerThanBackToBackFoldsWhateverTheBandwidth() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(2020);
        for (int trial = 0; trial < 300; trial++) {
            dev.qasim.workload.Layer layer = TestLayers.random(r, "o" + trial);
            Dataflow flow = Dataflow.values()[trial % 3];
            int rows = 1 + r.nextInt(8);
            int cols = 1 + r.nextInt(8);
            MemoryConfig memory = new MemoryConfig(0.05 + r.nextDouble(), 0.05 + r.nextDouble(), 0.05 + r.nextDouble(),
                    0.25 + 8 * r.nextDouble());
            long[] cycles = new long[2];
            for (int o = 0; o < 2; o++) {
                Mapping map = Mapping.of(new ArrayConfig(rows, cols, flow, o == 0), 1, layer.matrixForm());
                MemoryStats m = MemoryModel.account(layer, map, memory, 8, 8, 32, map.folds());
                cycles[o] = map.computeCycles() + m.stallCycles();
            }
            assertThat(cycles[0]).as(layer + " " + flow + " " + rows + "x" + cols + " " + memory).isLessThanOrEqualTo(cycles[1]);
        }
    }

    /** docs/memory-model.md: a 3x3 conv, 4 channels of 6x6 in and out (padding 1), on an 8x4 ws array. */
    private static MemoryStats convExample(double ifmapKiB) {
        dev.qasim.workload.Conv2d.Axis side = new dev.qasim.workload.Conv2d.Axis(6, 3, 1, 1, 1);
        dev.qasim.workload.Conv2d conv = new dev.qasim.workload.Conv2d(TestLayers.spec("conv", 8, 8, false, 1), 1, 4, 4, side, side, 1);
        Mapping map = Mapping.of(new ArrayConfig(8, 4, Dataflow.WS, true), 1, conv.matrixForm());
        return MemoryModel.account(conv, map, new MemoryConfig(ifmapKiB, 1, 4, 4), 8, 8, 32, map.folds());
    }

    @Test
    void workedExampleConvolutionWhoseInputFitsReadsItsTensorOnce() {
        MemoryStats m = convExample(1); // half of 1 KiB holds the 144-byte input
        assertThat(m.dram().dataReadBits()).isEqualTo(4 * 6 * 6 * 8);
        assertThat(m.ifmap().readBits()).isEqualTo(36 * 36 * 8); // the array still consumes every window: 36 x 36
        assertThat(m.stallCycles()).isEqualTo(36);
    }

    @Test
    void workedExampleConvolutionWhoseInputDoesNotFitFetchesEachRowFoldsWindowsWithTheirHalo() {
        MemoryStats m = convExample(0.25); // half is 128 bytes: each row fold's tile is fetched on its own
        // row folds hold taps {0,1}, {2,3}, {4,5}, {6,7}, {8} x 4 channels: 30, 35, 36, 30 and 25 pixels
        assertThat(m.dram().dataReadBits()).isEqualTo((30 + 35 + 36 + 30 + 25) * 4 * 8);
        assertThat(m.stallCycles()).isEqualTo(81);
    }
}
