package dev.qasim.workload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReferenceBlocksTest {

    @Test
    void aLargeFullyConnectedLayerTakenInBlocksOfOutputFeaturesGivesTheOraclesOutputs() {
        // 3 x 1999 x 2600 weights: more than one block, a last block shorter than the others, a batch of 3
        for (int[] shape : new int[][] {{3, 1999, 2600}, {1, 4099, 1025}, {2, 7, 5}}) {
            FullyConnected fc = new FullyConnected(new LayerSpec("fc", Operand.signed(8), Operand.signed(8), true,
                    new ValueSource.Synthetic(ValueSource.Distribution.LAPLACE, 5)), shape[0], shape[1], shape[2]);
            LayerValues values = WorkloadLoader.values(fc);
            // the two large layers' weights are drawn into bytes: the blocks are copied out of them
            assertThat(values.weights().isCompact()).isEqualTo((long) shape[1] * shape[2] >= IntTensor.COMPACT_VALUES);
            assertThat(ReferenceBlocks.outputs(fc, values)).isEqualTo(Reference.outputs(fc, values));
        }
        assertThat(1999L * 2600).isGreaterThan(ReferenceBlocks.BLOCK_WEIGHTS);
    }
}
