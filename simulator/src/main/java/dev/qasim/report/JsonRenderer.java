package dev.qasim.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;

/** report.json: the report's records ({@link ReportDocument}), indented. */
final class JsonRenderer implements ReportFormat.Renderer {
    /**
     * The report's one mapper: report.json, the flat rows of report.csv, the resolved architecture's records and the
     * report folder's provenance.json all go through it, so Jackson introspects each record type and builds its
     * serializer once per process (a mapper keeps them: with mappers of their own, report.csv's rows introspected
     * every record again).
     */
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public String render(RunReport report, ReportDocument document) {
        return json(document);
    }

    static String json(Object tree) {
        try {
            return MAPPER.writeValueAsString(tree) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
