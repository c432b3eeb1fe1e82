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
        // window 0 (4 cycles) carries fold 1's 16 B of weights: 12 stalled; window 1 (22 cycles) fold 0's
        // 32 B of outputs (8 x 4, requantized to 8 bits): 10 stalled; then fold 1's 32 B of outputs: 32
        assertThat(m.stallCycles()).isEqualTo(12 + 10 + 32);
        assertThat(m.dramWeightReadBits()).isEqualTo(2 * 128);
        assertThat(m.dramDataReadBits()).isEqualTo(256); // the data tile is fetched once and reused by fold 1
        assertThat(m.dramOutputWriteBits()).isEqualTo(2 * 256);
        assertThat(m.spilledPsumBits()).isZero();
    }

    @Test
    void unlimitedBandwidthNeverStallsAndNeedsNoFill() {
        MemoryStats m = account(Double.POSITIVE_INFINITY, 64);
        assertThat(m.stallCycles()).isZero();
        assertThat(m.prefetchCycles()).isZero();
        assertThat(m.dramBits()).isEqualTo(m.dramWeightReadBits() + m.dramDataReadBits() + m.dramOutputWriteBits());
    }

    @Test
    void aWindowStallsExactlyWhenItsDemandExceedsItsSupply() {
        // window 0 must move 16 B in 4 cycles: 4 B/cycle needs 4 cycles (no stall), 3.9 B/cycle needs 5;
        // window 1 (32 B in 22 cycles) never stalls at these rates; the last 32 B of outputs always wait
        MemoryStats enough = account(4, 64);
        MemoryStats shortOfIt = account(3.9, 64);
        assertThat(enough.stallCycles()).isEqualTo((long) Math.ceil(32 / 4.0));
        assertThat(shortOfIt.stallCycles()).isEqualTo(1 + (long) Math.ceil(32 / 3.9));
    }

    @Test
    void partialSumsThatDoNotFitHalfTheOfmapBufferSpillToDramAndComeBack() {
        // K = 8 spans two row folds; each fold's partial sums are 8 x 4 x 32 bits = 1024 bits
        Mapping map = Mapping.of(new ArrayConfig(4, 4, Dataflow.WS, true), 1, new MatrixForm(1, 8, 4, 8));
        MemoryStats fits = MemoryModel.account(map, new MemoryConfig(64, 64, 64, 1), 8, 8, 32, map.folds());
        assertThat(fits.spilledPsumBits()).isZero();
        MemoryStats spills = MemoryModel.account(map, new MemoryConfig(64, 64, 1024 / 8.0 / 1024, 1), 8, 8, 32, map.folds());
        assertThat(spills.spilledPsumBits()).isEqualTo(1024);
        assertThat(spills.dramPsumReadBits()).isEqualTo(1024);
        assertThat(spills.stallCycles()).isGreaterThan(fits.stallCycles());
    }

    @Test
    void aStreamedTileThatFitsNoBufferIsFetchedForEveryFold() {
        // data tile of a fold: 8 x 4 bytes = 32 B; an ifmap buffer of 32 B holds half of that
        MemoryStats m = MemoryModel.account(MAP, new MemoryConfig(32 / 1024.0, 64, 64, 1), 8, 8, 32, MAP.folds());
        assertThat(m.dramDataReadBits()).isEqualTo(2 * 256);
    }
}
