package dev.qasim.workload;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A dense integer tensor in row-major order. An int array handed to the constructor is shared, not copied:
 * producers hand it over and nobody writes to it afterwards.
 *
 * <p>A large tensor of narrow values may be <em>compact</em>: it holds each value in one byte (a value range of at
 * most 256, such as any 8-bit operand) or two (at most 65,536) as its offset from the range's middle, so a VGG-16
 * fc6 of 103 M 8-bit weights takes 103 MB instead of 412 MB. Every accessor gives the same numbers whatever the
 * storage: {@link #get}, {@link #copyTo} (a range into an int array, what the engines and the reference read a large
 * layer through, a block at a time), {@link #range}, {@link #equals}, {@link #hashCode}. Only {@link #data} builds
 * the whole tensor as an int array for a compact tensor (a new one per call, counted by {@link #materializations}),
 * for the callers that need one array and read small tensors.
 */
public final class IntTensor {
    /**
     * Values from which {@link #builder(int[], long, long)} stores a tensor compactly (4 M: 16 MB as ints): smaller
     * tensors keep int arrays, which every consumer reads directly.
     */
    public static final int COMPACT_VALUES = 1 << 22;

    /** {@link #range}, once computed (the values never change; computing it twice in a race is harmless). */
    private volatile int[] range;
    private final int[] shape;
    private final int size;
    /** The values, or null when compact. */
    private final int[] ints;
    /** A compact tensor's values minus {@link #offset}, in one of these (the other null). */
    private final byte[] bytes;
    private final short[] shorts;
    private final int offset;
    private final AtomicInteger materialized = new AtomicInteger();

    public IntTensor(int[] shape, int[] data) {
        this(shape, data.length, data, null, null, 0);
    }

    private IntTensor(int[] shape, int size, int[] ints, byte[] bytes, short[] shorts, int offset) {
        long count = 1;
        for (int d : shape) {
            if (d < 1) {
                throw new IllegalArgumentException("tensor dimensions must be >= 1: " + Arrays.toString(shape));
            }
            count *= d;
        }
        if (count != size) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + count + " values, data has " + size);
        }
        this.shape = shape.clone();
        this.size = size;
        this.ints = ints;
        this.bytes = bytes;
        this.shorts = shorts;
        this.offset = offset;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int dim(int i) {
        return shape[i];
    }

    public int rank() {
        return shape.length;
    }

    public int size() {
        return size;
    }

    /** Whether the values are held in bytes or shorts rather than an int array. */
    public boolean isCompact() {
        return ints == null;
    }

    /**
     * The values as one int array (row-major), read-only by convention: the backing array of an int tensor, a new
     * array of a compact tensor's values on every call (4 bytes a value: the large-layer paths read through
     * {@link #copyTo} instead).
     */
    public int[] data() {
        if (ints != null) {
            return ints;
        }
        materialized.incrementAndGet();
        int[] out = new int[size];
        copyTo(0, out, 0, size);
        return out;
    }

    /** How many times {@link #data} built an int array of this compact tensor's values (0 for an int tensor). */
    public int materializations() {
        return materialized.get();
    }

    public int get(int flatIndex) {
        if (ints != null) {
            return ints[flatIndex];
        }
        return (bytes != null ? bytes[flatIndex] : shorts[flatIndex]) + offset;
    }

    /**
     * Copies values {@code from .. from + count} (flat indices) into {@code dst[at .. at + count]}, as
     * {@link System#arraycopy} would from {@link #data}.
     *
     * @throws IndexOutOfBoundsException when a range leaves its array
     */
    public void copyTo(int from, int[] dst, int at, int count) {
        if (ints != null) {
            System.arraycopy(ints, from, dst, at, count);
            return;
        }
        java.util.Objects.checkFromIndexSize(from, count, size);
        java.util.Objects.checkFromIndexSize(at, count, dst.length);
        if (bytes != null) {
            for (int i = 0; i < count; i++) {
                dst[at + i] = bytes[from + i] + offset;
            }
        } else {
            for (int i = 0; i < count; i++) {
                dst[at + i] = shorts[from + i] + offset;
            }
        }
    }

    /** The smallest and largest value (a tensor always has at least one element); computed once. */
    public int[] range() {
        int[] r = range;
        if (r == null) {
            r = computeRange();
            range = r;
        }
        return r.clone();
    }

    private int[] computeRange() {
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        if (ints != null) {
            for (int v : ints) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        } else if (bytes != null) {
            for (byte v : bytes) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        } else {
            for (short v : shorts) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return ints != null ? new int[] {lo, hi} : new int[] {lo + offset, hi + offset};
    }

    /**
     * These values held compactly whatever the size (in bytes when their range spans at most 256 values, else in
     * shorts); this tensor itself when already compact.
     *
     * @throws IllegalArgumentException when the range spans more than 65,536 values
     */
    public IntTensor compacted() {
        if (ints == null) {
            return this;
        }
        int[] r = range();
        if ((long) r[1] - r[0] > 0xFFFF) {
            throw new IllegalArgumentException("values in [" + r[0] + ", " + r[1] + "] span more than 16 bits");
        }
        Builder b = new Builder(shape, size, r[0], r[1], true);
        b.put(0, ints, 0, size);
        return b.build();
    }

    /** These values in an int array: this tensor itself unless compact, else a new tensor ({@link #data}). */
    public IntTensor expanded() {
        return ints != null ? this : new IntTensor(shape, data());
    }

    /**
     * A builder of a tensor whose values lie in [min, max]: compact ({@link #isCompact}) when it holds at least
     * {@link #COMPACT_VALUES} values and the range spans at most 65,536 values, else an int tensor.
     */
    public static Builder builder(int[] shape, long min, long max) {
        long count = 1;
        for (int d : shape) {
            count *= d;
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensor too large: " + count + " values");
        }
        boolean compact = count >= COMPACT_VALUES && max - min <= 0xFFFF;
        return new Builder(shape, (int) count, min, max, compact);
    }

    /**
     * Fills a tensor's storage: every value is put once (disjoint ranges may be put from several threads at once),
     * then {@link #build} is called once.
     */
    public static final class Builder {
        private final int[] shape;
        private final int size;
        private final long min;
        private final long max;
        private final int[] ints;
        private final byte[] bytes;
        private final short[] shorts;
        private final int offset;
        /** The puts' (at, count) and the range of their values. */
        private final java.util.List<int[]> puts = new java.util.ArrayList<>();
        private int putLo = Integer.MAX_VALUE;
        private int putHi = Integer.MIN_VALUE;

        private Builder(int[] shape, int size, long min, long max, boolean compact) {
            this.shape = shape.clone();
            this.size = size;
            this.min = min;
            this.max = max;
            boolean narrow = max - min <= 0xFF;
            // the stored value is v - offset, with offset the middle of the range: a byte's -128..127 or a short's
            // -32768..32767 then covers min..max
            this.offset = !compact ? 0 : (int) (min + (narrow ? 128 : 32768));
            this.ints = compact ? null : new int[size];
            this.bytes = compact && narrow ? new byte[size] : null;
            this.shorts = compact && !narrow ? new short[size] : null;
        }

        /**
         * Stores {@code src[from .. from + count]} at flat indices {@code at ..}.
         *
         * @throws IllegalArgumentException for a value outside the builder's range
         */
        public Builder put(int at, int[] src, int from, int count) {
            java.util.Objects.checkFromIndexSize(at, count, size);
            int lo = Integer.MAX_VALUE;
            int hi = Integer.MIN_VALUE;
            for (int i = 0; i < count; i++) {
                int v = src[from + i];
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            if (count > 0 && (lo < min || hi > max)) {
                for (int i = 0; i < count; i++) {
                    int v = src[from + i];
                    if (v < min || v > max) {
                        throw new IllegalArgumentException("value " + v + " at " + (at + i) + " outside [" + min + ", " + max + "]");
                    }
                }
            }
            synchronized (this) {
                putLo = Math.min(putLo, lo);
                putHi = Math.max(putHi, hi);
                puts.add(new int[] {at, count});
            }
            if (ints != null) {
                System.arraycopy(src, from, ints, at, count);
            } else if (bytes != null) {
                for (int i = 0; i < count; i++) {
                    bytes[at + i] = (byte) (src[from + i] - offset);
                }
            } else {
                for (int i = 0; i < count; i++) {
                    shorts[at + i] = (short) (src[from + i] - offset);
                }
            }
            return this;
        }

        /** The number of values the tensor holds. */
        public int size() {
            return size;
        }

        /**
         * The tensor; its {@link #range} known without a pass over the values when the puts covered every position
         * exactly once (the range of the values put), else computed when first asked (over every position, those never
         * put included).
         */
        public IntTensor build() {
            IntTensor t = new IntTensor(shape, size, ints, bytes, shorts, offset);
            if (coveredOnce()) {
                t.range = new int[] {putLo, putHi};
            }
            return t;
        }

        private synchronized boolean coveredOnce() {
            puts.sort(java.util.Comparator.comparingInt(p -> p[0]));
            long next = 0;
            for (int[] p : puts) {
                if (p[0] != next) {
                    return false;
                }
                next += p[1];
            }
            return next == size;
        }
    }

    /** Equal when the shapes and every element are (whatever the storage). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof IntTensor t) || !Arrays.equals(shape, t.shape)) {
            return false;
        }
        if (ints != null && t.ints != null) {
            return Arrays.equals(ints, t.ints);
        }
        for (int i = 0; i < size; i++) {
            if (get(i) != t.get(i)) {
                return false;
            }
        }
        return true;
    }

    /** {@code 31 * Arrays.hashCode(shape) + Arrays.hashCode(data())}, without building the array of a compact tensor. */
    @Override
    public int hashCode() {
        if (ints != null) {
            return 31 * Arrays.hashCode(shape) + Arrays.hashCode(ints);
        }
        int h = 1;
        for (int i = 0; i < size; i++) {
            h = 31 * h + get(i);
        }
        return 31 * Arrays.hashCode(shape) + h;
    }

    @Override
    public String toString() {
        return "IntTensor" + Arrays.toString(shape) + (bytes != null ? " (bytes)" : shorts != null ? " (shorts)" : "");
    }
}
