package dev.qasim.explore;

import dev.qasim.input.BadInputException;
import dev.qasim.report.ReportFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The streamed sweep.csv of a running sweep, in a folder this process holds a lock on (a second sweep writing
 * into the same folder is refused). The stream starts atomically (header and the rows kept from an earlier run,
 * written to a temporary file renamed into place); then each point's rows are appended with one write, so a
 * killed sweep leaves every finished point whole and at most one point cut short, which the next run drops.
 * Nothing is synced to the disk: the rows survive the process, not a power cut. The lock is on the file
 * {@value #LOCK}, which stays in the folder.
 */
final class SweepStream implements AutoCloseable {
    /** The lock file in the output folder. */
    static final String LOCK = ".sweep.lock";

    private final Path file;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private FileChannel out;

    private SweepStream(Path file, FileChannel lockChannel, FileLock lock) {
        this.file = file;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Locks {@code dir} (created when needed) for a sweep writing {@code dir/sweep.csv}.
     *
     * @throws BadInputException when {@code dir} cannot be a folder qasim writes into ({@link ReportFiles#checkFolder})
     *         or another sweep holds the lock
     */
    static SweepStream lock(Path dir) {
        ReportFiles.checkFolder("--out", dir);
        try {
            Files.createDirectories(dir);
            FileChannel channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw BadInputException.of("--out", "", dir.toString(), "another qasim sweep is writing into this folder; "
                        + "give each sweep (and each shard) its own folder");
            }
            return new SweepStream(dir.resolve(SweepResults.CSV), channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + dir + ": " + e.getMessage(), e);
        }
    }

    Path file() {
        return file;
    }

    /** Replaces the file with {@code start} (the header and kept rows), atomically, then opens it for appending. */
    void start(ReportFiles.Content start) {
        ReportFiles.writeAtomically(file, start);
        try {
            out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    /** Appends one point's rows with a single write. */
    synchronized void append(List<List<String>> rows) {
        ByteBuffer bytes = ByteBuffer.wrap(SweepTable.format(null, rows).getBytes(StandardCharsets.UTF_8));
        try {
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Stops appending (the finished file replaces the stream); the lock is kept until {@link #close()}. */
    void stopAppending() {
        try {
            if (out != null) {
                out.close();
                out = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            stopAppending();
        } finally {
            try {
                lock.release(); // the file stays: deleting it could let two later sweeps lock different files
                lockChannel.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot release the lock in " + file.getParent() + ": " + e.getMessage(), e);
            }
        }
    }
}
