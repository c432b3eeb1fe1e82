package dev.qasim.report;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The shipped JSON Schemas (docs/schema/) as a validator reads them, for tests. */
public final class Schemas {
    public static final Path DIR = HtmlReportTest.HOME.resolve("docs/schema");
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private Schemas() {}

    /** A shipped schema by file name ({@code report.schema.json}). */
    public static Schema load(String file) {
        return REGISTRY.getSchema(read(DIR.resolve(file)), InputFormat.JSON);
    }

    /** The draft 2020-12 meta-schema, which every schema must satisfy. */
    public static Schema metaSchema() {
        return REGISTRY.getSchema(SchemaLocation.of(ReportSchema.DIALECT));
    }

    /** The problems of a JSON or YAML text against a schema, one line each (empty: valid). */
    public static List<String> problems(Schema schema, String text, InputFormat format) {
        return schema.validate(text, format).stream().map(Error::toString).toList();
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
