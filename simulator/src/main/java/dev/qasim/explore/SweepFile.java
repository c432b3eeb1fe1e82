package dev.qasim.explore;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A sweep CSV on disk, read point by point without holding its rows: a scan finds each complete point (its rows
 * are contiguous, layer rows first, the totals row last, as a sweep appends them) and remembers where its
 * bytes are; the rows are read again when they are copied. A point whose rows were cut short (a killed sweep) is
 * incomplete and left out, as is a last line without its line break.
 *
 * <p>The file's columns are mapped onto a table's by name: the grid columns may differ (a resumed sweep writes
 * its own grid values), every other column must be the same, in the same order.
 */
final class SweepFile {
    /**
     * One complete point in a file.
     *
     * @param offset byte offset of its first row
     * @param length bytes of its rows, line breaks included
     * @param totals its totals row in the table's summary columns (grid cells empty when the file's grid differs)
     */
    record Group(long id, String hash, Status status, SweepFile file, long offset, int length, List<String> totals) {}

    private final Path path;
    private final SweepTable table;
    private final int[] mapping;

    private SweepFile(Path path, SweepTable table, int[] mapping) {
        this.path = path;
        this.table = table;
        this.mapping = mapping;
    }

    Path path() {
        return path;
    }

    /**
     * The complete points of a sweep CSV, in file order; empty when the file does not exist, and null when its
     * columns other than the grid's differ from the table's (written by another qasim version).
     */
    static List<Group> scan(Path file, SweepTable table) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        Scan scan = new Scan(file, table);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] chunk = new byte[1 << 16];
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            long offset = 0;
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                int from = 0;
                for (int i = 0; i < n; i++) {
                    if (chunk[i] == '\n') {
                        line.write(chunk, from, i - from);
                        if (!scan.line(line.toString(StandardCharsets.UTF_8), offset + i + 1)) {
                            return null;
                        }
                        line.reset();
                        from = i + 1;
                    }
                }
                line.write(chunk, from, n - from); // the start of a line that goes on in the next chunk
                offset += n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return scan.groups;
    }

    /** The state of a scan: the header read, the point whose rows are being read. */
    private static final class Scan {
        final Path file;
        final SweepTable table;
        final List<Group> groups = new ArrayList<>();
        SweepFile source;
        int width;
        long lineStart;
        long groupStart;
        String groupPoint;
        int layerRows;

        Scan(Path file, SweepTable table) {
            this.file = file;
            this.table = table;
        }

        /** Reads the line ending at byte {@code end}; false when the header does not fit the table. */
        boolean line(String text, long end) {
            long start = lineStart;
            lineStart = end;
            List<String> cells = SweepTable.parseLine(text, 0, text.length());
            if (source == null) {
                source = cells == null ? null : header(file, table, cells);
                width = cells == null ? 0 : cells.size();
                return source != null;
            }
            if (cells == null || cells.size() != width) {
                groupPoint = null; // a damaged line: the point it belongs to is incomplete
                return true;
            }
            List<String> row = source.map(cells);
            String point = row.get(table.index(SweepTable.POINT));
            if (!point.equals(groupPoint)) {
                groupPoint = point;
                groupStart = start;
                layerRows = 0;
            }
            if (!row.get(table.index(SweepTable.LAYER)).isEmpty()) {
                layerRows++;
                return true;
            }
            Group g = source.group(row, layerRows, groupStart, end);
            if (g != null) {
                groups.add(g);
            }
            groupPoint = null;
            return true;
        }
    }

    /** A source with its column mapping, or null when the file's non-grid columns differ from the table's. */
    private static SweepFile header(Path file, SweepTable table, List<String> header) {
        List<String> columns = table.columns();
        int[] mapping = new int[columns.size()];
        List<String> fileRest = new ArrayList<>();
        List<String> tableRest = new ArrayList<>();
        int gridStart = header.indexOf(SweepTable.HASH) + 1;
        int gridEnd = header.indexOf(SweepTable.PARETO);
        for (int i = 0; i < header.size(); i++) {
            if (i < gridStart || i >= gridEnd) {
                fileRest.add(header.get(i));
            }
        }
        for (int c = 0; c < columns.size(); c++) {
            boolean grid = table.gridColumns().contains(columns.get(c));
            if (!grid) {
                tableRest.add(columns.get(c));
            }
            int at = header.indexOf(columns.get(c));
            mapping[c] = grid && (at < gridStart || at >= gridEnd) ? -1 : at;
        }
        return gridStart <= 0 || gridEnd < gridStart || !fileRest.equals(tableRest) ? null : new SweepFile(file, table, mapping);
    }

    private List<String> map(List<String> fileRow) {
        List<String> row = new ArrayList<>(mapping.length);
        for (int at : mapping) {
            row.add(at < 0 ? "" : fileRow.get(at));
        }
        return row;
    }

    /** The point ending with this totals row, or null when its rows are incomplete. */
    private Group group(List<String> totals, int layerRows, long start, long end) {
        Status status;
        long id;
        try {
            status = Status.of(totals.get(table.index(SweepTable.STATUS)));
            id = Long.parseLong(totals.get(table.index(SweepTable.POINT)));
        } catch (IllegalArgumentException e) {
            return null;
        }
        String layers = totals.get(table.index("layers"));
        boolean complete = status == Status.OK ? layers.equals(Integer.toString(layerRows)) : layerRows == 0;
        return complete ? new Group(id, totals.get(table.index(SweepTable.HASH)), status, this, start, (int) (end - start),
                table.summary(totals)) : null;
    }

    /** A point's rows, read again from the file, in the table's columns. */
    List<List<String>> rows(Group g) {
        ByteBuffer bytes = ByteBuffer.allocate(g.length());
        try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ)) {
            while (bytes.hasRemaining() && in.read(bytes, g.offset() + bytes.position()) >= 0) {
                // read until the point's rows are in
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
        List<List<String>> rows = new ArrayList<>();
        for (List<String> r : SweepTable.parse(new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8))) {
            rows.add(map(r));
        }
        return rows;
    }
}
