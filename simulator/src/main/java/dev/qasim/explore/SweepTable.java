package dev.qasim.explore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qasim.report.ReportRows;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The columns of a sweep's CSV and its rows as text. Columns: {@code point} (the id), {@code layer} (the layer's
 * index; empty on the point's totals row), {@code status}, {@code reason}, {@code configHash}, the grid's leaf
 * paths, {@code pareto}, then every column of a layer's row and then the columns only the totals row has
 * ({@link ReportRows#columns()}). Every cell is one line (line breaks become spaces), so a row is a line of the file.
 */
final class SweepTable {
    static final String POINT = "point";
    static final String LAYER = "layer";
    static final String STATUS = "status";
    static final String REASON = "reason";
    static final String HASH = "configHash";
    static final String PARETO = "pareto";

    /**
     * The report's layer keys, then the keys only the totals have: from the report's types, so the header is known
     * before any point has run (it comes first in a streamed file).
     */
    static final List<String> REPORT_KEYS = ReportRows.columns();
    /** The keys a point's totals row fills. */
    static final Set<String> TOTALS_KEYS = Set.copyOf(ReportRows.totalsColumns());

    private final List<String> columns;
    private final List<String> gridColumns;
    private final List<String> summaryColumns;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> summaryIndex = new HashMap<>();

    /**
     * @param gridColumns the grid's leaf paths
     * @param kept        report columns of the totals rows kept in memory besides the ones the fronts need (a
     *                    plot's y)
     */
    SweepTable(List<String> gridColumns, List<String> kept) {
        this.gridColumns = List.copyOf(gridColumns);
        List<String> all = new ArrayList<>(List.of(POINT, LAYER, STATUS, REASON, HASH));
        all.addAll(gridColumns);
        all.add(PARETO);
        all.addAll(REPORT_KEYS);
        this.columns = List.copyOf(all);
        Set<String> summary = new LinkedHashSet<>(List.of(POINT, STATUS, REASON, HASH, "layers", "trapped", "cycles",
                "energyPj", "areaUm2", "output.maxAbsError"));
        summary.addAll(gridColumns);
        kept.stream().filter(REPORT_KEYS::contains).forEach(summary::add);
        this.summaryColumns = List.copyOf(summary);
        for (int i = 0; i < columns.size(); i++) {
            index.put(columns.get(i), i);
        }
        for (int i = 0; i < summaryColumns.size(); i++) {
            summaryIndex.put(summaryColumns.get(i), i);
        }
    }

    List<String> columns() {
        return columns;
    }

    /** The columns of a totals row kept in memory for the fronts, plots and summaries. */
    List<String> summaryColumns() {
        return summaryColumns;
    }

    /** A row's cells in {@link #summaryColumns()}. */
    List<String> summary(List<String> row) {
        return summaryColumns.stream().map(c -> row.get(index(c))).toList();
    }

    /** The index of a column in {@link #summaryColumns()}, or -1. */
    int summaryIndex(String column) {
        return summaryIndex.getOrDefault(column, -1);
    }

    List<String> gridColumns() {
        return gridColumns;
    }

    /** The index of a column, or -1. */
    int index(String column) {
        return index.getOrDefault(column, -1);
    }

    /**
     * One row: the point's id, layer index (null on the totals row), status, reason and hash, its grid values,
     * and report cells by key (absent keys are empty cells).
     */
    List<String> row(long point, Integer layer, Status status, String reason, String hash, Map<String, JsonNode> settings,
                     Map<String, Object> report) {
        List<String> row = new ArrayList<>(columns.size());
        row.add(Long.toString(point));
        row.add(layer == null ? "" : layer.toString());
        row.add(status.label());
        row.add(cell(reason));
        row.add(cell(hash));
        for (String c : gridColumns) {
            row.add(gridCell(settings.get(c)));
        }
        row.add("");
        for (String key : REPORT_KEYS) {
            row.add(cell(report.get(key)));
        }
        return row;
    }

    /**
     * A row written for another point with the same configuration (an earlier run's, or another id's): the
     * point's id and grid values put in, the Pareto mark cleared (the finished file sets it).
     */
    List<String> rebased(List<String> row, long point, Map<String, JsonNode> settings) {
        List<String> out = new ArrayList<>(row);
        out.set(index(POINT), Long.toString(point));
        for (String c : gridColumns) {
            out.set(index(c), gridCell(settings.get(c)));
        }
        out.set(index(PARETO), "");
        return out;
    }

    /** A grid value as a cell: text as it is, numbers, booleans and lists as YAML flow writes them, none empty. */
    private static String gridCell(JsonNode v) {
        return v == null || v.isNull() ? "" : cell(v.isTextual() ? v.asText() : v.toString());
    }

    /** A value as a cell: null is empty; text on one line. */
    static String cell(Object value) {
        return value == null ? "" : value.toString().replace('\r', ' ').replace('\n', ' ');
    }

    /** The CSV text of a header (or null) and rows, one line each. */
    static String format(List<String> header, List<List<String>> rows) {
        StringBuilder out = new StringBuilder();
        if (header != null) {
            line(out, header);
        }
        for (List<String> row : rows) {
            line(out, row);
        }
        return out.toString();
    }

    /**
     * Appends one record (RFC 4180): cells separated by commas; a cell with a comma, a quote or a line break, or
     * with a space at either end, in double quotes with its quotes doubled.
     */
    static void line(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            if (i > 0) {
                out.append(',');
            }
            boolean quote = !c.isEmpty() && (c.charAt(0) == ' ' || c.charAt(c.length() - 1) == ' ');
            for (int k = 0; k < c.length() && !quote; k++) {
                char ch = c.charAt(k);
                quote = ch == ',' || ch == '"' || ch == '\n' || ch == '\r';
            }
            if (quote) {
                out.append('"').append(c.replace("\"", "\"\"")).append('"');
            } else {
                out.append(c);
            }
        }
        out.append('\n');
    }

    /**
     * Reads the records of CSV text written by {@link #format}, one per line. A last line without its line break
     * (a write cut short by a kill) is dropped, and so is a line that is not a well-formed record.
     */
    static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        int start = 0;
        for (int end = text.indexOf('\n'); end >= 0; start = end + 1, end = text.indexOf('\n', start)) {
            List<String> row = parseLine(text, start, end);
            if (row != null) {
                rows.add(row);
            }
        }
        return rows;
    }

    /** The cells of the record in {@code text[start, end)}, or null when it is malformed (an unclosed quote). */
    static List<String> parseLine(String text, int start, int end) {
        List<String> cells = new ArrayList<>();
        int i = start;
        while (true) {
            if (i < end && text.charAt(i) == '"') {
                StringBuilder cell = new StringBuilder();
                i++;
                while (true) {
                    if (i >= end) {
                        return null;
                    }
                    char ch = text.charAt(i++);
                    if (ch != '"') {
                        cell.append(ch);
                    } else if (i < end && text.charAt(i) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        break;
                    }
                }
                cells.add(cell.toString());
                if (i < end && text.charAt(i) != ',') {
                    return null;
                }
            } else {
                int comma = text.indexOf(',', i);
                int stop = comma < 0 || comma > end ? end : comma;
                cells.add(text.substring(i, stop));
                i = stop;
            }
            if (i >= end) {
                return cells;
            }
            i++; // the comma
        }
    }
}
