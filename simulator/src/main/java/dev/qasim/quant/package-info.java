/**
 * Floor 3: quantization for integer accelerators (docs/quantization.md). The linear symmetric quantizer
 * ({@link Quantizer}: signed or unsigned, 2..16 bits, per tensor or per output channel, round half to even then
 * clamp), scale calibration from one batch ({@link Calibration}: max, percentile, MSE, KL, each optionally
 * restricted to powers of two), batch-norm folding ({@link BatchNormFolding}), integer requantization in the
 * post-processing unit ({@link Requantizer}), the accumulator bounds of docs/quantization.md
 * ({@link AccumulatorBounds}) and overflow-aware bit allocation ({@link BitAllocation}). Imports only
 * {@code workload}, {@code arith}, {@code terms} and {@code input}.
 */
package dev.qasim.quant;
