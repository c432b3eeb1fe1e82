package dev.qasim.report;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * report.csv: one row per layer with the layer fields of report.json, nested ones dotted
 * ({@code output.bitExact}, {@code memory.dramDataReadBits}); units are in the names ({@code latencyUs},
 * {@code energyPj}, {@code ...Bits}). Empty cells are nulls.
 */
final class CsvRenderer implements ReportFormat.Renderer {
    @Override
    public String render(RunReport report, ReportDocument document) {
        List<Map<String, Object>> rows = ReportRows.layers(report.result(), report.energy());
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get())) {
            if (!rows.isEmpty()) {
                csv.printRecord(rows.get(0).keySet());
            }
            for (Map<String, Object> row : rows) {
                csv.printRecord(row.values());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
