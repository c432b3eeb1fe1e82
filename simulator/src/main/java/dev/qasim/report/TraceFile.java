package dev.qasim.report;

import dev.qasim.engine.CycleTrace;
import dev.qasim.input.BadInputException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

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
        this(target, maxRows, target.toAbsolutePath().getParent());
    }

    /**
     * A trace streamed into a temporary file in {@code staging} (made when needed), on the file system of its final
     * place: one that goes into a report folder is moved there with the report ({@link #closeAt}).
     */
    public TraceFile(Path target, long maxRows, Path staging) {
        Path dir = staging;
        Path made = null;
        try {
            Files.createDirectories(dir);
            this.target = target;
            made = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            this.tmp = made;
            this.out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
            this.maxRows = maxRows;
            out.write("cycle,fold,activePes,busyPes,overflowEvents\n");
        } catch (IOException e) {
            deleteQuietly(made);
            throw new UncheckedIOException("cannot write the trace " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks that a trace does not take the place of its run's report: not the report folder itself, nor one of
     * the report's files or folders ({@link ReportFiles#runReportNames}) in it.
     *
     * @throws BadInputException one line naming the option, the path and the report path it collides with
     */
    public static void checkApartFrom(String option, Path target, Path reportDir, List<String> reportNames) {
        Path trace = target.toAbsolutePath().normalize();
        Path dir = reportDir.toAbsolutePath().normalize();
        if (trace.equals(dir)) {
            throw BadInputException.of(option, "", target.toString(), "is the report folder; give the trace its own file name");
        }
        for (String name : reportNames) {
            Path taken = dir.resolve(name.endsWith("/") ? name.substring(0, name.length() - 1) : name).normalize();
            if (trace.equals(taken) || (name.endsWith("/") && trace.startsWith(taken))) {
                throw BadInputException.of(option, "", target.toString(), "is where the report writes " + name
                        + "; give the trace another name");
            }
        }
    }

    /**
     * Checks a trace path before any work ({@code --trace FILE}): not a folder, not one of the command's input files
     * (compared by their real paths, so another spelling or a link to an input counts), and in a folder that exists
     * or can be created.
     *
     * @param option the option that named it, for the message
     * @param inputs the files the command reads (missing ones are skipped: their loaders report them)
     * @throws BadInputException one line naming the option, the path and what is wrong
     */
    public static void check(String option, Path target, List<Path> inputs) {
        String shown = target.toString();
        if (shown.isEmpty()) {
            throw BadInputException.of(option, "", "\"\"", "is empty; a file is required");
        }
        if (Files.isDirectory(target)) {
            throw BadInputException.of(option, "", shown, "is a folder; a file is required");
        }
        if (Files.exists(target)) {
            try {
                Path real = target.toRealPath();
                for (Path in : inputs) {
                    if (in != null && Files.exists(in) && in.toRealPath().equals(real)) {
                        throw BadInputException.of(option, "", shown, "is an input of this command (" + in
                                + "); the trace would overwrite it");
                    }
                }
            } catch (IOException e) {
                throw BadInputException.of(option, "", shown, "cannot be read: " + e.getMessage());
            }
        }
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null) {
            try {
                ReportFiles.checkFolder(option, parent);
            } catch (BadInputException e) {
                throw BadInputException.of(option, "", shown, "cannot be written: " + e.problems().get(0).rule());
            }
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
        closeAt(target);
    }

    /** Finishes the file and moves it to {@code place} (in a report folder being written, its final place's stand-in). */
    public void closeAt(Path place) {
        try {
            if (cut) {
                out.write("# cut after " + maxRows + " cycles (--trace-cycles)\n");
            }
            out.close();
            ReportFiles.readableByAll(tmp);
            Files.createDirectories(place.toAbsolutePath().getParent());
            Files.move(tmp, place, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trace " + target + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp); // gone after the rename; on failure nothing is left behind
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // the original failure is the one to report
            }
        }
    }

    /** Drops the temporary file (a failed run leaves nothing behind). */
    public void abandon() {
        try {
            out.close();
        } catch (IOException e) {
            // closing only to delete: nothing to report
        } finally {
            deleteQuietly(tmp);
        }
    }
}
