package dev.qasim.workload;

/**
 * {@link Reference#outputs} with a large fully connected layer taken in blocks of output features: the oracle
 * transposes a fully connected layer's weights into a second array, which for VGG-16's fc6 (103 M weights) would
 * hold 411 MB beside the weights themselves. Each block is the layer restricted to its output features (their weight
 * rows are contiguous), copied out as ints and checked by the same oracle; the outputs are the same numbers. A fully
 * connected layer whose weights are held compactly ({@link IntTensor#isCompact}) is always taken in blocks, so its
 * weights are never held whole as ints.
 */
public final class ReferenceBlocks {
    /** Weights per block: blocks of this many values (16 MB as ints) keep the oracle's copy small. */
    static final int BLOCK_WEIGHTS = 1 << 22;

    private ReferenceBlocks() {}

    /** Exact outputs in the output tensor's row-major order, as {@link Reference#outputs} gives them. */
    public static long[] outputs(Layer layer, LayerValues values) {
        if (!(layer instanceof FullyConnected f) || values.weights().size() <= BLOCK_WEIGHTS && !values.weights().isCompact()) {
            return Reference.outputs(layer, values);
        }
        int in = f.inFeatures();
        int out = f.outFeatures();
        int rows = Math.max(1, BLOCK_WEIGHTS / in);
        long[] result = new long[f.batch() * out];
        IntTensor w = values.weights();
        IntTensor data = values.data().expanded(); // the batch's inputs, read by every block
        for (int j0 = 0; j0 < out; j0 += rows) {
            int j1 = Math.min(out, j0 + rows);
            FullyConnected block = new FullyConnected(f.spec(), f.batch(), in, j1 - j0);
            int[] rowsOf = new int[(j1 - j0) * in];
            w.copyTo(j0 * in, rowsOf, 0, rowsOf.length);
            long[] part = Reference.outputs(block, new LayerValues(new IntTensor(new int[] {j1 - j0, in}, rowsOf), data));
            for (int b = 0; b < f.batch(); b++) {
                System.arraycopy(part, b * (j1 - j0), result, b * out + j0, j1 - j0);
            }
        }
        return result;
    }
}
