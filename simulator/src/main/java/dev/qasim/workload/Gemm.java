package dev.qasim.workload;

import java.util.Objects;

/** A matrix product as given: data (M x K) times weights (K x N). */
public record Gemm(LayerSpec spec, int m, int n, int k) implements Layer {

    public Gemm {
        Objects.requireNonNull(spec, "spec");
        if (m < 1 || n < 1 || k < 1) {
            throw new IllegalArgumentException("gemm sizes must be >= 1");
        }
    }

    @Override
    public String type() {
        return "gemm";
    }

    @Override
    public MatrixForm matrixForm() {
        return new MatrixForm(1, m, n, k);
    }

    @Override
    public int[] weightShape() {
        return new int[] {k, n};
    }

    @Override
    public int[] dataShape() {
        return new int[] {m, k};
    }

    @Override
    public int[] outputShape() {
        return new int[] {m, n};
    }
}
