package dev.qasim.workload;

import java.util.Objects;

/**
 * A matrix product as given: data (M x K) times weights (K x N); with {@code groups} G > 1, G independent products
 * (a batched matrix product, such as attention's Q K^T over batch and heads): data G x M x K, weights G x K x N,
 * outputs G x M x N, each group g multiplying its own slices.
 */
public record Gemm(LayerSpec spec, int groups, int m, int n, int k) implements Layer {

    public Gemm {
        Objects.requireNonNull(spec, "spec");
        if (groups < 1 || m < 1 || n < 1 || k < 1) {
            throw new IllegalArgumentException("gemm sizes and groups must be >= 1");
        }
    }

    /** One product (groups 1). */
    public Gemm(LayerSpec spec, int m, int n, int k) {
        this(spec, 1, m, n, k);
    }

    @Override
    public String type() {
        return "gemm";
    }

    @Override
    public MatrixForm matrixForm() {
        return new MatrixForm(groups, m, n, k);
    }

    @Override
    public int[] weightShape() {
        return groups == 1 ? new int[] {k, n} : new int[] {groups, k, n};
    }

    @Override
    public int[] dataShape() {
        return groups == 1 ? new int[] {m, k} : new int[] {groups, m, k};
    }

    @Override
    public int[] outputShape() {
        return groups == 1 ? new int[] {m, n} : new int[] {groups, m, n};
    }
}
