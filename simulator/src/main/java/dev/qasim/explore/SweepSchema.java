package dev.qasim.explore;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qasim.report.ReportDocument;
import dev.qasim.report.ReportRows;
import dev.qasim.report.ReportSchema;

/**
 * The JSON Schema (draft 2020-12) of a sweep row (docs/sweeps.md): a row of sweep.csv read as an object of its
 * columns, each cell as its JSON type (an empty cell is null), and the point summaries of sweep.json's
 * {@code pareto} and {@code best}, which hold a row's {@code point}, grid columns and objectives. Generated from the
 * report's records ({@link ReportRows#columnTypes()}) into docs/schema/sweep-row.schema.json.
 */
final class SweepSchema {
    private SweepSchema() {}

    static ObjectNode row() {
        ObjectNode schema = ReportSchema.header("qasim sweep row", "A row of a qasim sweep's sweep.csv, its columns as "
                + "keys and each cell as its JSON type (an empty cell is null), or a point summary of sweep.json's pareto "
                + "and best (point, the grid's columns, the objectives); docs/sweeps.md. The report columns are report.csv's "
                + "(docs/reports.md); any of them is empty on the row of a point that did not run. Columns of the grid are "
                + "the grid's own keys. Schema version " + ReportDocument.SCHEMA_VERSION + ".");
        schema.put("$comment", "generated from the records of dev.qasim.report; do not edit (docs/reports.md)");
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        properties.set(SweepTable.POINT, describe(ReportSchema.scalar("integer", false), "the point's id in the grid"));
        properties.set(SweepTable.LAYER, describe(ReportSchema.scalar("integer", true), "the layer's index; null on the totals row"));
        ArrayNode labels = properties.putObject(SweepTable.STATUS).put("description", "what became of the point").putArray("enum");
        for (Status s : Status.values()) {
            labels.add(s.label());
        }
        properties.set(SweepTable.REASON, describe(ReportSchema.scalar("string", true),
                "why a point did not run, or the run's notes on its totals row"));
        properties.set(SweepTable.HASH, describe(ReportSchema.scalar("string", true), "the point's resolved configuration's hash"));
        properties.set(SweepTable.PARETO, describe(ReportSchema.scalar("boolean", true),
                "whether the point is on the Pareto front; null for a point that did not run"));
        ReportRows.columnTypes().forEach((column, type) -> properties.set(column, ReportSchema.scalar(type, true)));
        schema.putArray("required").add(SweepTable.POINT);
        return schema;
    }

    private static ObjectNode describe(ObjectNode node, String description) {
        return node.put("description", description);
    }
}
