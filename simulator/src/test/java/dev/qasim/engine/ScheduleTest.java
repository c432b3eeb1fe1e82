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
        assertThat(Mapping.of(arch.array(), layer.form()).computeCycles()).isEqualTo(cycles);
    }

    @ParameterizedTest(name = "conv 28x28x16 * 3x3x16x32 on 16x16 {0}: {1} cycles")
    @CsvSource({"OS, 14964", "WS, 12996", "IS, 30186"})
    void steppedModelReproducesScaleSimsConvExampleInParityMode(Dataflow dataflow, long cycles) {
        ArchConfig arch = TestLayers.arch(16, 16, dataflow, false, 32, OverflowPolicy.WRAP);
        Layer conv = new Conv2d(TestLayers.spec("conv", 8, 8, false, 1), 1, 16, 28, 28, 32, 3, 3, 1, 1, 0, 0, 1, 1, 1);
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
            ArchConfig arch = TestLayers.arch(1 + r.nextInt(9), 1 + r.nextInt(9), dataflow, overlap, 32, OverflowPolicy.WRAP);
            Lowered layer = TestLayers.lowered(TestLayers.random(r, "l" + trial));
            Mapping map = Mapping.of(arch.array(), layer.form());
            ArrayRun run = new SteppedEngine().run(arch, layer, EngineOptions.defaults());
            assertThat(run.computeCycles()).as("%s %s", arch.array(), layer.form()).isEqualTo(map.computeCycles());
            for (int f = 0; f < map.folds(); f++) {
                assertThat(run.streamStarts()[f]).as("S_%d", f).isEqualTo(map.streamStart(f));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dataflow.class)
    void parityModeCostsTheSameFullFoldForEveryPartialFold(Dataflow dataflow) {
        // 9x5x7 on 4x4: every fold, partial or not, pays the full fill and drain
        ArchConfig arch = TestLayers.arch(4, 4, dataflow, false, 32, OverflowPolicy.WRAP);
        Lowered layer = TestLayers.lowered(TestLayers.gemm(9, 5, 7));
        Mapping map = Mapping.of(arch.array(), layer.form());
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
            Mapping map = Mapping.of(arch.array(), layer.form());
            long t = map.streamed();
            long f = map.folds();
            long expected = dataflow == Dataflow.OS ? f * t + rows + cols - 2
                    : rows + (f - 1) * Math.max(t, rows) + t + rows + cols - 2;
            assertThat(new SteppedEngine().run(arch, layer, EngineOptions.defaults()).computeCycles()).isEqualTo(expected);
        }
    }
}
