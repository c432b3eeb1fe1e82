package dev.qasim.config;

import java.util.Map;
import java.util.Objects;

/**
 * The systolic array's shape and dataflow.
 *
 * @param rows         PE rows, 1..{@value #MAX_SIDE}
 * @param cols         PE columns, 1..{@value #MAX_SIDE}
 * @param dataflow     which operand is stationary
 * @param overlapFolds true: the next fold's stationary operand is preloaded while the current one computes and
 *                     drain overlaps fill (TPU-style); false: SCALE-Sim v2's back-to-back folds (parity mode)
 */
public record ArrayConfig(int rows, int cols, Dataflow dataflow, boolean overlapFolds) {
    public static final int MAX_SIDE = 4096;

    public ArrayConfig {
        Check.range("array.rows", rows, 1, MAX_SIDE);
        Check.range("array.cols", cols, 1, MAX_SIDE);
        Objects.requireNonNull(dataflow, "array.dataflow");
    }

    Map<String, Object> toTree() {
        return Tree.of("rows", rows, "cols", cols, "dataflow", dataflow, "overlapFolds", overlapFolds);
    }
}
