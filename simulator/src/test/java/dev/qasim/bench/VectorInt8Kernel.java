package dev.qasim.bench;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * An int8 GEMM written with the Java Vector API (jdk.incubator.vector), the yardstick for what Java can reach on
 * this CPU: u8 x s8 products widened to 16 bits (they fit: 255 * -128 = -32,640), each product widened to 32 bits
 * and added in int lanes, in tiles of 4 rows by 2 columns so that every loaded vector is used 2 or 4 times.
 * The lane count follows the CPU's preferred vector size (16 int lanes with AVX-512, 8 with AVX2; at least 8).
 *
 * <p>Only {@link VectorLimitBenchmark} uses this class, and only in method bodies: loading it needs
 * {@code --add-modules jdk.incubator.vector}, which the JMH forks pass (the engines' fork too, so that the fast
 * engine runs its vector kernels, as {@code tools/qasim} starts it); {@link BenchMain}'s own JVM does not load it.
 */
final class VectorInt8Kernel {
    private static final VectorSpecies<Integer> INTS =
            IntVector.SPECIES_PREFERRED.length() >= 8 ? IntVector.SPECIES_PREFERRED : IntVector.SPECIES_256;
    private static final int LANES = INTS.length();
    private static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class, VectorShape.forBitSize(LANES * 8));
    private static final VectorSpecies<Short> SHORTS = VectorSpecies.of(short.class, VectorShape.forBitSize(LANES * 16));
    private static final int ROWS = 4;
    private static final int COLS = 2;

    private VectorInt8Kernel() {}

    /** Rows r0 (inclusive) to r1 (exclusive) of the product into {@code out[r * n + c]}, one thread. */
    static void rows(Int8Gemm g, int r0, int r1, int[] out) {
        int n = g.n();
        int r = r0;
        for (; r + ROWS <= r1; r += ROWS) {
            int c = 0;
            for (; c + COLS <= n; c += COLS) {
                tile(g, r, c, out);
            }
            for (; c < n; c++) {
                for (int i = 0; i < ROWS; i++) {
                    out[(r + i) * n + c] = dot(g, r + i, c);
                }
            }
        }
        for (; r < r1; r++) {
            for (int c = 0; c < n; c++) {
                out[r * n + c] = dot(g, r, c);
            }
        }
    }

    /** Rows r..r+3 by columns c..c+1: eight int accumulators, six vector loads per step. */
    private static void tile(Int8Gemm g, int r, int c, int[] out) {
        byte[] x = g.x();
        byte[] w = g.w();
        int k = g.k();
        int vk = k - k % LANES;
        int x0 = r * k;
        int w0 = c * k;
        IntVector a00 = IntVector.zero(INTS);
        IntVector a01 = a00;
        IntVector a10 = a00;
        IntVector a11 = a00;
        IntVector a20 = a00;
        IntVector a21 = a00;
        IntVector a30 = a00;
        IntVector a31 = a00;
        for (int j = 0; j < vk; j += LANES) {
            ShortVector wa = signed(w, w0 + j);
            ShortVector wb = signed(w, w0 + k + j);
            ShortVector d = unsigned(x, x0 + j);
            a00 = a00.add(product(d, wa));
            a01 = a01.add(product(d, wb));
            d = unsigned(x, x0 + k + j);
            a10 = a10.add(product(d, wa));
            a11 = a11.add(product(d, wb));
            d = unsigned(x, x0 + 2 * k + j);
            a20 = a20.add(product(d, wa));
            a21 = a21.add(product(d, wb));
            d = unsigned(x, x0 + 3 * k + j);
            a30 = a30.add(product(d, wa));
            a31 = a31.add(product(d, wb));
        }
        // no array of vectors here: vectors that escape into an array are boxed, and the kernel runs 10 times slower
        int n = g.n();
        int o = r * n + c;
        out[o] = total(a00, g, r, c, vk);
        out[o + 1] = total(a01, g, r, c + 1, vk);
        out[o + n] = total(a10, g, r + 1, c, vk);
        out[o + n + 1] = total(a11, g, r + 1, c + 1, vk);
        out[o + 2 * n] = total(a20, g, r + 2, c, vk);
        out[o + 2 * n + 1] = total(a21, g, r + 2, c + 1, vk);
        out[o + 3 * n] = total(a30, g, r + 3, c, vk);
        out[o + 3 * n + 1] = total(a31, g, r + 3, c + 1, vk);
    }

    /** One output: the vector steps, then the last K mod lanes products one by one. */
    private static int dot(Int8Gemm g, int r, int c) {
        int k = g.k();
        int vk = k - k % LANES;
        IntVector a = IntVector.zero(INTS);
        for (int j = 0; j < vk; j += LANES) {
            a = a.add(product(unsigned(g.x(), r * k + j), signed(g.w(), c * k + j)));
        }
        return total(a, g, r, c, vk);
    }

    /** An output's vector lanes added up, then its last products (from {@code from} on) one by one. */
    private static int total(IntVector a, Int8Gemm g, int r, int c, int from) {
        return a.reduceLanes(VectorOperators.ADD) + tail(g, r, c, from);
    }

    private static int tail(Int8Gemm g, int r, int c, int from) {
        int k = g.k();
        int acc = 0;
        for (int j = from; j < k; j++) {
            acc += (g.x()[r * k + j] & 0xFF) * g.w()[c * k + j];
        }
        return acc;
    }

    private static ShortVector signed(byte[] a, int offset) {
        return (ShortVector) ByteVector.fromArray(BYTES, a, offset).convertShape(VectorOperators.B2S, SHORTS, 0);
    }

    private static ShortVector unsigned(byte[] a, int offset) {
        return signed(a, offset).and((short) 0xFF);
    }

    private static IntVector product(ShortVector d, ShortVector w) {
        return (IntVector) d.mul(w).convertShape(VectorOperators.S2I, INTS, 0);
    }
}
