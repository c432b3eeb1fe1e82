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
import java.util.zip.GZIPInputStream;

/**
 * IDX files (the MNIST format: a magic number with the element type and the rank, the dimensions as big-endian
 * 32-bit integers, then the elements), plain or gzip-compressed ({@code .gz}). Only unsigned bytes (type 0x08)
 * are read: images (rank 3: count, rows, columns) and labels (rank 1).
 */
public final class Idx {
    private static final int UNSIGNED_BYTE = 0x08;

    private Idx() {}

    /**
     * An IDX file's shape and unsigned bytes, kept as bytes (a data set of 70,000 images is 55 MB so, 220 MB as ints).
     *
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
                    throw bad(file, "declares more than 2^31 - 9 values (dimensions " + java.util.Arrays.toString(
                            java.util.Arrays.copyOf(shape, i + 1)) + (i + 1 < rank ? "..." : "") + "); at most 2^31 - 9 are supported");
                }
            }
            // read what is there before trusting the header's size: a corrupt header must not ask for gigabytes
            byte[] bytes = data.readNBytes((int) count);
            if (bytes.length < count) {
                throw bad(file, "the file ends before its data (truncated): " + bytes.length + " of the " + count
                        + " values its header declares");
            }
            return new Bytes(shape, bytes);
        } catch (EOFException e) {
            throw bad(file, "the file ends before its data (truncated)");
        } catch (IOException e) {
            throw bad(file, "not a readable IDX file (" + e.getMessage() + ")");
        }
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

    private static BadInputException bad(Path file, String rule) {
        return BadInputException.of(file.toString(), "", null, rule);
    }
}
