package dev.qasim.workload;

/**
 * One layer of a workload. Its matrix form (docs/workload-file.md) is what the array computes: per group, data
 * (M x K) times weights (K x N).
 */
public sealed interface Layer permits Conv2d, FullyConnected, Gemm {

    LayerSpec spec();

    /** {@code conv2d}, {@code fc} or {@code gemm}. */
    String type();

    MatrixForm matrixForm();

    /** Shape of the weight tensor as stored (conv: Cout, Cin/groups, Kh, Kw; fc: out, in; gemm: K, N). */
    int[] weightShape();

    /** Shape of the data tensor (conv: batch, C, H, W; fc: batch, in; gemm: M, K). */
    int[] dataShape();

    /** Shape of the output tensor (conv: batch, Cout, Hout, Wout; fc: batch, out; gemm: M, N). */
    int[] outputShape();

    default String name() {
        return spec().name();
    }
}
