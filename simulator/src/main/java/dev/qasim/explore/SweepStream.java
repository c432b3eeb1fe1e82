package dev.qasim.explore;

import dev.qasim.input.BadInputException;
import dev.qasim.report.ReportFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The streamed sweep.csv of a running sweep, in a folder this process holds a lock on (a second sweep writing
 * into the same folder is refused). The stream starts atomically (header and the rows kept from an earlier run,
 * written to a temporary file renamed into place); then each point's rows are appended with one write, so a
 * killed sweep leaves every finished point whole and at most one point cut short, which the next run drops.
 * Nothing is synced to the disk: the rows survive the process, not a power cut.
 *
 * <p>The lock: a {@link FileChannel} lock on the file {@value #LOCK}, which stays in the folder (the operating system
 * drops the lock when the process ends, however it ends). On a file system without such locks (some NFS and Lustre
 * set-ups answer "no locks available") the sweep falls back to a lock file: {@value #OWNER} is created only if it does
 * not exist (an atomic exclusive create, also over NFS v3 and later), holding the host, the process id and the start
 * time, and deleted when the sweep ends. A sweep finding it refuses, naming the owner, unless the owner is a process
 * of this host that no longer runs (a killed sweep): then the file is stale and taken over (renamed aside, which one
 * sweep alone wins, and made anew). A sweep killed on another
 * host leaves a file only a person can judge: the message says to delete it.
 */
final class SweepStream implements AutoCloseable {
    /** The lock file in the output folder. */
    static final String LOCK = ".sweep.lock";
    /** The owner file of the fallback protocol, where the file system has no locks. */
    static final String OWNER = ".sweep.owner";

    /** Takes a lock on an open file, or answers null when another process holds it ({@link FileChannel#tryLock()}). */
    interface Locker {
        FileLock tryLock(FileChannel channel) throws IOException;
    }

    private final Path file;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Path owner;
    private FileChannel out;

    private SweepStream(Path file, FileChannel lockChannel, FileLock lock, Path owner) {
        this.file = file;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.owner = owner;
    }

    /**
     * Locks {@code dir} (created when needed) for a sweep writing {@code dir/sweep.csv}.
     *
     * @throws BadInputException when {@code dir} cannot be a folder qasim writes into ({@link ReportFiles#checkFolder})
     *         or another sweep holds the lock
     */
    static SweepStream lock(Path dir) {
        return lock(dir, FileChannel::tryLock);
    }

    /** The same with another way of taking the lock (a test's, failing as a file system without locks does). */
    static SweepStream lock(Path dir, Locker locker) {
        ReportFiles.checkFolder("--out", dir);
        FileChannel channel = null;
        boolean locked = false;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = locker.tryLock(channel);
            } catch (OverlappingFileLockException e) {
                lock = null; // this process holds it: another sweep of this JVM
            } catch (IOException e) {
                channel.close(); // no locks on this file system: the lock-file protocol
                SweepStream stream = new SweepStream(dir.resolve(SweepResults.CSV), null, null, own(dir));
                locked = true;
                return stream;
            }
            if (lock == null) {
                throw busy(dir, "another qasim sweep is writing into this folder");
            }
            locked = true;
            return new SweepStream(dir.resolve(SweepResults.CSV), channel, lock, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + dir + ": " + e.getMessage(), e);
        } finally {
            if (!locked && channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // the refusal or the failure is what the user needs to see
                }
            }
        }
    }

    private static BadInputException busy(Path dir, String who) {
        return BadInputException.of("--out", "", dir.toString(), who + "; give each sweep (and each shard) its own folder, "
                + "or wait until it ends (the same command then resumes)");
    }

    /** The lock-file protocol: creates the owner file exclusively, taking over a stale one of this host once. */
    private static Path own(Path dir) throws IOException {
        Path owner = dir.resolve(OWNER);
        String host = host();
        String me = host + " " + ProcessHandle.current().pid() + " " + Instant.now() + "\n";
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                Files.write(owner, me.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return owner;
            } catch (FileAlreadyExistsException e) {
                String[] held = readOwner(owner);
                boolean stale = held.length >= 2 && held[0].equals(host) && !running(held[1]);
                if (!stale) {
                    throw busy(dir, "another qasim sweep is writing into this folder (" + (held.length >= 3 ? "process "
                            + held[1] + " on " + held[0] + " since " + held[2] : "owner file " + owner) + "; this file system "
                            + "has no locks, so " + OWNER + " marks it: delete " + owner + " if that sweep no longer runs)");
                }
                // its process is gone: a killed sweep's file. Taken aside by a rename, which one sweep alone wins; if what
                // was taken is not what was judged stale, another sweep had just made it: it goes back
                Path taken = dir.resolve(OWNER + ".stale-" + ProcessHandle.current().pid());
                try {
                    Files.move(owner, taken, StandardCopyOption.ATOMIC_MOVE);
                } catch (NoSuchFileException gone) {
                    continue;
                }
                if (!Arrays.equals(readOwner(taken), held)) {
                    Files.move(taken, owner, StandardCopyOption.ATOMIC_MOVE);
                    throw busy(dir, "another qasim sweep took " + owner + " at the same time");
                }
                Files.delete(taken);
            }
        }
        throw busy(dir, "another qasim sweep took " + owner + " at the same time");
    }

    private static String[] readOwner(Path owner) {
        try {
            return Files.readString(owner, StandardCharsets.UTF_8).trim().split(" ");
        } catch (IOException e) {
            return new String[0]; // removed meanwhile, or unreadable: not stale by what we know
        }
    }

    private static boolean running(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return true; // not ours to judge
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
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
                if (lock != null) {
                    lock.release(); // the file stays: deleting it could let two later sweeps lock different files
                    lockChannel.close();
                } else {
                    Files.deleteIfExists(owner);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot release the lock in " + file.getParent() + ": " + e.getMessage(), e);
            }
        }
    }
}
