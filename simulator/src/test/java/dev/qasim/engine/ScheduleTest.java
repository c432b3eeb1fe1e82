package dev.qasim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qasim.arith.OverflowPolicy;
import dev.qasim.config.ArchConfig;
import dev.qasim.config.Dataflow;
import dev.qasim.workload.Conv2d;
import dev.qasim.workload.Layer;
import dev.qasim.workload.Lowered;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ScheduleTest {

    @ParameterizedTest(name = "GEMM 64x64x64 on 8x8 {0}: {1} cycles")
    @CsvSource({"OS, 4992", "WS, 5504", "IS, 5504"})
    void steppedModelReproducesScaleSimsGemmExampleInParityMode(Dataflow dataflow, long cycles) {
        ArchConfig arch = TestLayers.arch(8, 8, dataflow, false, 32, OverflowPolicy.WRAP);
        Lowered layer = TestLayers.lowered(TestLayers.gemm(64, 64, 64));
        ArrayRun run = new SteppedEngine().run(arch, layer, EngineOptions.defaults());
        assertThat(run.computeCycles()).isEqualTo(cycles); // SCALE-Sim prints cycles - 1
        assertThat(Mapping.of(arch, layer.form()).computeCycles()).isEqualTo(cycles);
    }

    @ParameterizedTest(name = "conv 28x28x16 * 3x3x16x32 on 16x16 {0}: {1} cycles")
    @CsvSource({"OS, 14964", "WS, 12996", "IS, 30186"})
    void steppedModelReproducesScaleSimsConvExampleInParityMode(Dataflow dataflow, long cycles) {
        ArchConfig arch = TestLayers.arch(16, 16, dataflow, false, 32, OverflowPolicy.WRAP);
        Conv2d.Axis side = new Conv2d.Axis(28, 3, 1, 0, 1);
        Layer conv = new Conv2d(TestLayers.spec("conv", 8, 8, false, 1), 1, 16, 32, side, side, 1);
        assertThat(conv.matrixForm().m()).isEqualTo(676);
        assertThat(conv.matrixForm().k()).isEqualTo(144);
        ArrayRun run = new SteppedEngine().run(arch, TestLayers.lowered(conv), EngineOptions.defaults());
        assertThat(run.computeCycles()).isEqualTo(cycles);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dataflow.class)
    void closedFormScheduleEqualsTheSteppedModelForRandomShapesBothFoldModes(Dataflow dataflow) {
        SplittableRandom r = new SplittableRandom(314 + dataflow.ordinal());
        for (int trial = 0; trial < 60; trial++) {
            boolean overlap = r.nextBoolean();
            ArchConfig arch = TestLayers.arch(1 + r.nextInt(9), 1 + r.nextInt(9), dataflow, overlap, 16, OverflowPolicy.WRAP,
                    1 + r.nextInt(4));
            Lowered layer = TestLayers.lowered(TestLayers.random(r, "l" + trial));
            Mapping map = Mapping.of(arch, layer.form());
            ArrayRun run = new SteppedEngine().run(arch, layer, EngineOptions.defaults());
            assertThat(run.computeCycles()).as("%s %s", arch.array(), layer.form()).isEqualTo(map.computeCycles());
            for (int f = 0; f < map.folds(); f++) {
                assertThat(run.streamStarts().get(f)).as("S_%d", f).isEqualTo(map.streamStart(f));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dataflow.class)
    void parityModeCostsTheSameFullFoldForEveryPartialFold(Dataflow dataflow) {
        // 9x5x7 on 4x4: every fold, partial or not, pays the full fill and drain
        ArchConfig arch = TestLayers.arch(4, 4, dataflow, false, 32, OverflowPolicy.WRAP);
        Lowered layer = TestLayers.lowered(TestLayers.gemm(9, 5, 7));
        Mapping map = Mapping.of(arch, layer.form());
        long perFold = dataflow == Dataflow.OS ? map.streamed() + 4 + 4 - 2 : 2 * 4 + 4 + map.streamed() - 2;
        assertThat(new SteppedEngine().run(arch, layer, EngineOptions.defaults()).computeCycles())
                .isEqualTo(map.folds() * perFold);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dataflow.class)
    void overlappedFoldsFollowTheDocumentedClosedForm(Dataflow dataflow) {
        int rows = 4;
        int cols = 3;
        ArchConfig arch = TestLayers.arch(rows, cols, dataflow, true, 32, OverflowPolicy.WRAP);
        for (int[] mnk : new int[][] {{9, 5, 7}, {2, 11, 3}, {13, 2, 2}}) {
            Lowered layer = TestLayers.lowered(TestLayers.gemm(mnk[0], mnk[1], mnk[2]));
            Mapping map = Mapping.of(arch, layer.form());
            long t = map.streamed();
            long f = map.folds();
            long expected = dataflow == Dataflow.OS ? f * t + rows + cols - 2
                    : rows + (f - 1) * Math.max(t, rows) + t + rows + cols - 2;
            assertThat(new SteppedEngine().run(arch, layer, EngineOptions.defaults()).computeCycles()).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dataflow.class)
    void lanesDivideTheColumnFoldsSoThroughputScalesWithLanesMinusFillAndDrain(Dataflow dataflow) {
        // a 32-bit datapath holds 1, 2 or 4 accumulators of 32, 16 or 8 bits; 4-bit operands; a large layer
        int rows = 16;
        int cols = 16;
        Lowered layer = TestLayers.lowered(new dev.qasim.workload.Gemm(TestLayers.spec("big", 4, 4, false, 5), 512, 512, 512));
        long[] cycles = new long[3];
        int[] lanes = {1, 2, 4};
        for (int i = 0; i < 3; i++) {
            ArchConfig arch = TestLayers.arch(rows, cols, dataflow, true, 32 / lanes[i], OverflowPolicy.WRAP, lanes[i]);
            Mapping map = Mapping.of(arch, layer.form());
            long t = map.streamed();
            long folds = (long) map.rowFolds() * Mapping.ceilDiv(map.spatialCols(), cols * lanes[i]);
            // exactly the overlapped closed form with the column folds divided by the lanes
            long expected = dataflow == Dataflow.OS ? folds * t + rows + cols - 2
                    : rows + (folds - 1) * Math.max(t, rows) + t + rows + cols - 2;
            assertThat(map.computeCycles()).isEqualTo(expected);
            cycles[i] = expected;
        }
        long fill = rows + cols - 2 + (dataflow == Dataflow.OS ? 0 : rows);
        // the steady-state part scales exactly with the lanes; only fill and drain stay
        assertThat(cycles[0] - fill).isEqualTo(2 * (cycles[1] - fill));
        assertThat(cycles[0] - fill).isEqualTo(4 * (cycles[2] - fill));
        // and the stepped model agrees on a smaller layer with each lane count
        Lowered small = TestLayers.lowered(new dev.qasim.workload.Gemm(TestLayers.spec("small", 4, 4, false, 6), 40, 70, 30));
        for (int l : lanes) {
            ArchConfig arch = TestLayers.arch(4, 4, dataflow, true, 32 / l, OverflowPolicy.WRAP, l);
            assertThat(new SteppedEngine().run(arch, small, EngineOptions.defaults()).computeCycles())
                    .isEqualTo(Mapping.of(arch, small.form()).computeCycles());
        }
    }
}
