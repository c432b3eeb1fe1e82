package dev.qasim.bench;

import java.util.List;

/** Plain aligned text columns, for a terminal and for a file read by eye. */
final class Table {
    private Table() {}

    /**
     * The rows as lines of columns two spaces apart: the first {@code left} columns aligned left (names), the
     * others right (numbers); trailing spaces dropped. Rows may be shorter than the longest.
     */
    static String align(List<List<String>> rows, int left) {
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] width = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                String pad = " ".repeat(width[i] - cell.length());
                line.append(i < left ? cell + pad : pad + cell).append("  ");
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
