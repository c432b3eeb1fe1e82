package dev.qasim.workload;

/**
 * A layer in matrix form (docs/workload-file.md): per group, data (M x K) times weights (K x N) gives outputs (M x N).
 *
 * @param groups independent products (conv groups; 1 for fc and gemm)
 * @param m      output rows: batch * Hout * Wout for conv, batch for fc
 * @param n      output columns: Cout / groups for conv, outFeatures for fc
 * @param k      dot-product length: Kh * Kw * Cin / groups for conv, inFeatures for fc
 */
public record MatrixForm(int groups, int m, int n, int k) {

    public MatrixForm {
        if (groups < 1 || m < 1 || n < 1 || k < 1) {
            throw new IllegalArgumentException("matrix form needs positive sizes: groups=" + groups + " m=" + m + " n=" + n + " k=" + k);
        }
    }

    /** MACs the hardware performs: groups * M * N * K (padding zeros included). */
    public long macs() {
        return (long) groups * m * n * k;
    }

    /** Outputs of all groups: groups * M * N. */
    public long outputs() {
        return (long) groups * m * n;
    }
}
