package dev.qasim.report;

import dev.qasim.engine.CycleTrace;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A per-cycle trace of one layer, streamed as CSV into a temporary file and renamed into place on
 * {@link #close()}; at most {@code maxRows} cycles are written (the file says when it was cut). Columns: cycle,
 * fold (the newest started), activePes (real MACs), busyPes (PEs handling an operand, zeros of partial folds
 * included), overflowEvents.
 */
public final class TraceFile implements CycleTrace, AutoCloseable {
    private final Path target;
    private final Path tmp;
    private final BufferedWriter out;
    private final long maxRows;
    private long rows;
    private boolean cut;

    public TraceFile(Path target, long maxRows) {
        try {
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            this.target = target;
            this.tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            this.out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
            this.maxRows = maxRows;
            out.write("cycle,fold,activePes,busyPes,overflowEvents\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trace " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void cycle(long cycle, int activePes, int busyPes, int overflows, int fold) {
        if (rows >= maxRows) {
            cut = true;
            return;
        }
        rows++;
        try {
            out.write(cycle + "," + fold + "," + activePes + "," + busyPes + "," + overflows + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Finishes the file and moves it into place. */
    @Override
    public void close() {
        try {
            if (cut) {
                out.write("# cut after " + maxRows + " cycles (--trace-cycles)\n");
            }
            out.close();
            ReportFiles.readableByAll(tmp);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Drops the temporary file (a failed run leaves nothing behind). */
    public void abandon() {
        try {
            out.close();
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
