package dev.qasim.workload;

import dev.qasim.input.BadInputException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

/**
 * IDX files (the MNIST format: a magic number with the element type and the rank, the dimensions as big-endian
 * 32-bit integers, then the elements), plain or gzip-compressed ({@code .gz}). Only unsigned bytes (type 0x08)
 * are read: images (rank 3: count, rows, columns) and labels (rank 1). A file is read whole ({@link #read(Path)}),
 * checked without being held ({@link #shape}), or read in part: some records of its first dimension
 * ({@link #read(Path, int, int)}), so a data set need not hold images nothing reads.
 */
public final class Idx {
    private static final int UNSIGNED_BYTE = 0x08;

    private Idx() {}

    /**
     * An IDX file's shape and unsigned bytes, kept as bytes (a data set of 70,000 images is 55 MB so, 220 MB as ints).
     *
     * @param shape the dimensions of the values held (for a part of a file, its first dimension is the records read)
     * @param bytes the values, each read as unsigned (0..255)
     */
    public record Bytes(int[] shape, byte[] bytes) {
        /** The values as ints, 0..255: a new array. */
        public int[] values() {
            int[] values = new int[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                values[i] = bytes[i] & 0xFF;
            }
            return values;
        }
    }

    /**
     * Reads an unsigned-byte IDX file.
     *
     * @throws BadInputException for a missing, truncated or malformed file, or another element type
     */
    public static Bytes read(Path file) {
        return open(file, (shape, values, data) -> new Bytes(shape, take(file, data, 0, values, values)));
    }

    /**
     * An unsigned-byte IDX file's dimensions, after reading through all its values (holding none of them) to check
     * that the file has them all.
     *
     * @throws BadInputException as {@link #read(Path)}
     */
    public static int[] shape(Path file) {
        return open(file, (shape, values, data) -> {
            long read = skip(data, values);
            if (read < values) {
                throw truncated(file, read, values);
            }
            return shape;
        });
    }

    /**
     * Reads records {@code first} to {@code first + count} (exclusive) of an unsigned-byte IDX file's first dimension
     * (images, for a file of images), streaming past the records before them and stopping after the last: only the
     * records asked for are held.
     *
     * @return those records' values; the shape is the file's with {@code count} as its first dimension
     * @throws BadInputException as {@link #read(Path)}, a file that ends before the last record asked for included
     * @throws IndexOutOfBoundsException when the records asked for are not all in the file (the caller knows its shape)
     */
    public static Bytes read(Path file, int first, int count) {
        return open(file, (shape, values, data) -> {
            Objects.checkFromIndexSize(first, count, shape[0]);
            long record = values / shape[0];
            long before = first * record;
            long read = skip(data, before);
            if (read < before) {
                throw truncated(file, read, values);
            }
            int[] part = shape.clone();
            part[0] = count;
            return new Bytes(part, take(file, data, before, count * record, values));
        });
    }

    /** What is done with an IDX file's values once its header is read and checked. */
    private interface Body<T> {
        /**
         * @param shape  the dimensions, each >= 1
         * @param values their product: the values the header declares (at most 2^31 - 9)
         */
        T read(int[] shape, long values, DataInputStream data) throws IOException;
    }

    private static <T> T open(Path file, Body<T> body) {
        InputStream in = null;
        boolean gzip;
        try {
            in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
            in.mark(2);
            gzip = in.read() == 0x1F && in.read() == 0x8B || file.toString().endsWith(".gz");
            in.reset();
        } catch (NoSuchFileException e) {
            throw BadInputException.of(file.toString(), "", null, "file not found");
        } catch (IOException e) {
            closeAfterFailure(in);
            throw BadInputException.of(file.toString(), "", null, "cannot read the file (" + e.getMessage() + ")");
        }
        // streamed through buffers of BUFFER bytes, not read whole first: a channel read into one large array has the
        // JDK allocate and keep a direct buffer as large (26 MB for Fashion-MNIST's train images) for the rest of the run
        InputStream opened = in;
        try (opened; DataInputStream data = new DataInputStream(gzip ? new GZIPInputStream(opened, BUFFER) : opened)) {
            int magic = data.readInt();
            int type = (magic >>> 8) & 0xFF;
            int rank = magic & 0xFF;
            if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE || rank < 1 || rank > 4) {
                throw bad(file, String.format("magic number 0x%08x: an IDX file of unsigned bytes (0x0000080N) is required", magic));
            }
            int[] shape = new int[rank];
            long count = 1;
            for (int i = 0; i < rank; i++) {
                shape[i] = data.readInt();
                if (shape[i] < 1) {
                    throw bad(file, "dimension " + i + " is " + shape[i] + "; dimensions must be >= 1");
                }
                count *= shape[i];
                if (count > Integer.MAX_VALUE - 8) { // checked at each dimension: four of 2^31 overflow a long
                    throw bad(file, "declares more than 2^31 - 9 values (dimensions " + Arrays.toString(
                            Arrays.copyOf(shape, i + 1)) + (i + 1 < rank ? "..." : "") + "); at most 2^31 - 9 are supported");
                }
            }
            return body.read(shape, count, data);
        } catch (EOFException e) {
            throw bad(file, "the file ends before its data (truncated)");
        } catch (IOException e) {
            throw bad(file, "not a readable IDX file (" + e.getMessage() + ")");
        }
    }

    /**
     * The next {@code n} values; {@code before} values of the file's {@code declared} precede them (for the message).
     * What is there is read before the header's size is trusted: a corrupt header must not ask for gigabytes.
     */
    private static byte[] take(Path file, DataInputStream data, long before, long n, long declared) throws IOException {
        byte[] bytes = data.readNBytes((int) n);
        if (bytes.length < n) {
            throw truncated(file, before + bytes.length, declared);
        }
        return bytes;
    }

    /** Reads past up to {@code n} values: the number there were (fewer at the end of the file). */
    private static long skip(InputStream data, long n) throws IOException {
        // read rather than InputStream.skip, whose count a short file need not reflect
        byte[] scratch = new byte[(int) Math.min(n, BUFFER)];
        long done = 0;
        while (done < n) {
            int got = data.read(scratch, 0, (int) Math.min(scratch.length, n - done));
            if (got < 0) {
                break;
            }
            done += got;
        }
        return done;
    }

    private static void closeAfterFailure(InputStream in) {
        if (in == null) {
            return;
        }
        try {
            in.close();
        } catch (IOException ignored) {
            // the read already failed; that failure is the one reported
        }
    }

    /** Bytes read from the file (and inflated) at a time. */
    private static final int BUFFER = 1 << 16;

    private static BadInputException truncated(Path file, long read, long declared) {
        return bad(file, "the file ends before its data (truncated): " + read + " of the " + declared + " values its header declares");
    }

    private static BadInputException bad(Path file, String rule) {
        return BadInputException.of(file.toString(), "", null, rule);
    }
}
