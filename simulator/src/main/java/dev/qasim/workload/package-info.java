/**
 * Floor 2: workloads. Layers ({@link Conv2d}, {@link FullyConnected}, {@link Gemm}) with their operand widths,
 * integer tensors ({@link IntTensor}), where values come from ({@link ValueSource}: synthetic as interfaces.md
 * specifies, or .npy files), the lowering of every layer to matrix form ({@link Lowered}: data M x K times
 * weights K x N, one product per group) and an independent reference that computes outputs by direct loops
 * ({@link Reference}).
 */
package dev.qasim.workload;
