package dev.qasim.workload;

import java.nio.file.Path;
import java.util.Objects;

/** Where a layer's integer weights and data come from. */
public sealed interface ValueSource permits ValueSource.Synthetic, ValueSource.Npy, ValueSource.Given {

    /** The distribution of synthetic values. */
    enum Distribution { GAUSSIAN, LAPLACE }

    /**
     * Synthetic values generated exactly as docs/workload-file.md specifies, so a seed means the same tensors in every
     * version (see {@link SyntheticValues}).
     */
    record Synthetic(Distribution distribution, long seed) implements ValueSource {
        public Synthetic {
            Objects.requireNonNull(distribution, "distribution");
        }
    }

    /**
     * Tensors from .npy files (int8, uint8, int16, uint16, int32; or float32 quantized with {@code scale}).
     *
     * @param weights absolute path of the weights file
     * @param data    absolute path of the data file
     * @param scale   for float32 files: value = round_half_even(x / scale), clamped to the operand's range;
     *                {@code null} for integer files
     */
    record Npy(Path weights, Path data, Double scale) implements ValueSource {
        public Npy {
            Objects.requireNonNull(weights, "weights");
            Objects.requireNonNull(data, "data");
        }
    }

    /**
     * Values already in memory: an imported model's weights, the data a previous layer produced. Checked
     * against the layer's shapes and operand types like every other source.
     */
    record Given(IntTensor weights, IntTensor data) implements ValueSource {
        public Given {
            Objects.requireNonNull(weights, "weights");
            Objects.requireNonNull(data, "data");
        }
    }
}
