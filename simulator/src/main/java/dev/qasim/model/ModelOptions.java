package dev.qasim.model;

import dev.qasim.quant.Calibration;
import dev.qasim.quant.Quantizer;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How a model is imported and run.
 *
 * @param weightBits     width of the weights of a float model quantized by qasim (signed, one scale per output
 *                       channel), 2..16; a pre-quantized model keeps its own types
 * @param dataBits       width of its activations (unsigned when every calibration value is at least 0), 2..16
 * @param calibration    how activation scales are chosen on the sample; with {@code powerOfTwo} the weight
 *                       scales are powers of two too, and every rescale is a shift
 * @param weightCalibration how each output channel's weight scale is chosen from its weights (default max)
 * @param multiplierBits width of the post-processing unit's requantization multiplier, 1..31
 * @param ppuBits        width of the post-processing unit's adders, 16..64
 * @param inputs         files bound to the graph's inputs in order ({@code .npy}, or ONNX {@code .pb} tensors);
 *                       empty: a deterministic sample (docs/quantization.md)
 * @param seed           seed of the deterministic sample
 */
public record ModelOptions(int weightBits, int dataBits, Calibration calibration, Calibration weightCalibration,
                           int multiplierBits, int ppuBits, List<Path> inputs, long seed) {

    public static final long DEFAULT_SEED = 1;

    public ModelOptions {
        check("weightBits", weightBits, Quantizer.MIN_BITS, Quantizer.MAX_BITS);
        check("dataBits", dataBits, Quantizer.MIN_BITS, Quantizer.MAX_BITS);
        Objects.requireNonNull(calibration, "calibration");
        Objects.requireNonNull(weightCalibration, "weightCalibration");
        check("multiplierBits", multiplierBits, 1, 31);
        check("ppuBits", ppuBits, 16, 64);
        inputs = List.copyOf(inputs);
    }

    /** 8-bit weights and data, max calibration of both, 31-bit multipliers, 32-bit PPU adders, the sample with seed 1. */
    public static ModelOptions defaults() {
        return new ModelOptions(8, 8, Calibration.max(), Calibration.max(), 31, 32, List.of(), DEFAULT_SEED);
    }

    public ModelOptions withInputs(List<Path> files) {
        return new ModelOptions(weightBits, dataBits, calibration, weightCalibration, multiplierBits, ppuBits, files, seed);
    }

    public ModelOptions withBits(int weights, int data) {
        return new ModelOptions(weights, data, calibration, weightCalibration, multiplierBits, ppuBits, inputs, seed);
    }

    public ModelOptions withCalibration(Calibration c) {
        return new ModelOptions(weightBits, dataBits, c, weightCalibration, multiplierBits, ppuBits, inputs, seed);
    }

    public ModelOptions withWeightCalibration(Calibration c) {
        return new ModelOptions(weightBits, dataBits, calibration, c, multiplierBits, ppuBits, inputs, seed);
    }

    /** The weight scales' calibration as applied: made power-of-two when the activations' is, so every rescale is a shift. */
    public Calibration effectiveWeightCalibration() {
        return calibration.powerOfTwo() && !weightCalibration.powerOfTwo() ? weightCalibration.withPowerOfTwo() : weightCalibration;
    }

    private static void check(String name, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", got " + v);
        }
    }
}
