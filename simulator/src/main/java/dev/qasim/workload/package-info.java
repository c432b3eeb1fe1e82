/**
 * Floor 2: workloads. A {@link Workload} is a list of layers ({@link Conv2d}, {@link FullyConnected},
 * {@link Gemm}) with their operand widths, read from a workload file by {@link WorkloadLoader} (every problem at
 * once, docs/workload-file.md) or from a SCALE-Sim v2 topology CSV by {@link ScaleSimTopology}. Integer tensors
 * ({@link IntTensor}) come from where {@link ValueSource} says: synthetic as docs/workload-file.md specifies
 * ({@link SyntheticValues}), or NumPy .npy files ({@link Npy}). Every layer lowers to matrix form
 * ({@link Lowered}: data M x K times weights K x N, one product per group), and an independent reference computes
 * its outputs by direct loops ({@link Reference}).
 */
package dev.qasim.workload;
