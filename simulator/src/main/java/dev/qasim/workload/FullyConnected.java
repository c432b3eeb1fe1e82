package dev.qasim.workload;

import java.util.Objects;

/** A fully connected layer: data (batch x in) times weights (out x in, transposed). M = batch, K = in, N = out. */
public record FullyConnected(LayerSpec spec, int batch, int inFeatures, int outFeatures) implements Layer {

    public FullyConnected {
        Objects.requireNonNull(spec, "spec");
        if (batch < 1 || inFeatures < 1 || outFeatures < 1) {
            throw new IllegalArgumentException("fc sizes must be >= 1");
        }
    }

    @Override
    public String type() {
        return "fc";
    }

    @Override
    public MatrixForm matrixForm() {
        return new MatrixForm(1, batch, outFeatures, inFeatures);
    }

    @Override
    public int[] weightShape() {
        return new int[] {outFeatures, inFeatures};
    }

    @Override
    public int[] dataShape() {
        return new int[] {batch, inFeatures};
    }

    @Override
    public int[] outputShape() {
        return new int[] {batch, outFeatures};
    }
}
