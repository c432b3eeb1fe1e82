package dev.qasim.model.ops;

import java.util.Arrays;

/**
 * The shapes of a matrix product (..., M, K) x (..., K, N) as NumPy's matmul forms it: a 1-D a is a 1 x K row and
 * a 1-D b a K x 1 column (their dimension dropped from the result), the batch dimensions broadcast.
 *
 * @param batch  the broadcast batch dimensions
 * @param aBatch a's batch dimensions
 * @param bBatch b's batch dimensions
 * @param shape  the result's shape
 */
record Product(int m, int k, int n, int[] batch, int[] aBatch, int[] bBatch, int[] shape) {
    /**
     * Checks the operands (at least 1-D, inner dimensions equal, batch dimensions broadcasting, the result within
     * one tensor) and gives the product's shapes.
     *
     * @param transB b is stored (..., N, K) (Gemm's transB)
     * @param input  the node input b is, for the messages (a is input 0)
     */
    static Product of(Exec x, int[] as, int[] bs, boolean transB, int input) {
        if (as.length < 1 || bs.length < 1) {
            throw x.bad("", Arrays.toString(as) + " x " + Arrays.toString(bs), "a matrix product needs at least 1-D operands");
        }
        boolean aVector = as.length == 1;
        boolean bVector = bs.length == 1;
        int[] a2 = aVector ? new int[] {1, as[0]} : as;
        int[] b2 = bVector ? new int[] {bs[0], 1} : bs;
        int k = a2[a2.length - 1];
        int n = transB ? b2[b2.length - 2] : b2[b2.length - 1];
        if ((transB ? b2[b2.length - 1] : b2[b2.length - 2]) != k) {
            throw x.badInput(input, Arrays.toString(bs), "the inner dimensions differ: " + Arrays.toString(as) + " x "
                    + Arrays.toString(bs) + (transB ? " (transposed)" : ""));
        }
        int m = a2[a2.length - 2];
        int[] aBatch = Arrays.copyOf(a2, a2.length - 2);
        int[] bBatch = Arrays.copyOf(b2, b2.length - 2);
        int[] batch = Shapes.broadcast(x, aBatch, bBatch, 0, input); // a is input 0 of every product node
        int[] full = Arrays.copyOf(batch, batch.length + 2);
        full[batch.length] = m;
        full[batch.length + 1] = n;
        Shapes.checked(x, full, "the product");
        return new Product(m, k, n, batch, aBatch, bBatch, aVector || bVector ? vectorShape(full, aVector, bVector) : full);
    }

    /** The number of matrix products: the batch dimensions' size. */
    int batches() {
        return Tensor.size(batch);
    }

    /** The output shape of a matrix product with a 1-D operand: the vector's dimension dropped, as NumPy does. */
    private static int[] vectorShape(int[] shape, boolean aVector, boolean bVector) {
        int r = shape.length;
        if (aVector && bVector) {
            return Arrays.copyOf(shape, r - 2);
        }
        int[] out = Arrays.copyOf(shape, r - 1);
        if (aVector) {
            out[r - 2] = shape[r - 1];
        }
        return out;
    }
}
