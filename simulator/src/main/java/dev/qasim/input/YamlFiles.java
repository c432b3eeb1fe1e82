package dev.qasim.input;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The one YAML set-up of qasim: duplicate keys are errors, syntax errors become {@link Problem}s naming the
 * line and column, and files are read into trees that a {@link Section} then validates key by key.
 */
public final class YamlFiles {
    private static final ObjectMapper READER = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper WRITER = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build())
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private YamlFiles() {}

    /**
     * Reads a YAML mapping from a file and applies {@code --set} overrides to it; every problem (missing file,
     * syntax, not a mapping, malformed override) is collected before throwing.
     *
     * @param file      the file as the user named it (its string form labels every problem)
     * @param overrides {@code PATH=VALUE} strings, applied in order
     * @throws BadInputException listing every problem found
     */
    public static YamlDocument read(Path file, List<String> overrides) {
        String source = file.toString();
        // the overrides' problems are reported with the validation's, all at once
        return fromTree(source, readMapping(file, source), overrides);
    }

    /**
     * A document made from a tree built in memory from another format (a SCALE-Sim configuration) with the
     * {@code --set} overrides applied to it as to a file's; problems are labelled with {@code source}.
     */
    public static YamlDocument fromTree(String source, ObjectNode root, List<String> overrides) {
        Overrides applied = Overrides.apply(root, overrides);
        YamlDocument doc = new YamlDocument(source, root, applied.labels());
        doc.problems().addAll(applied.problems().list());
        return doc;
    }

    /** The largest YAML file qasim reads: far above any architecture, workload, grid or table. */
    static final int MAX_BYTES = 16 << 20;

    /** Reads a YAML mapping from a file; throws {@link BadInputException} when it cannot. */
    public static ObjectNode readMapping(Path file, String source) {
        String label = source.isEmpty() ? "(an empty path)" : source;
        String text = TextFiles.read(file, label, MAX_BYTES, "a YAML file");
        return parseMapping(text, label);
    }

    /** Parses YAML text that must hold a mapping at its top level. */
    public static ObjectNode parseMapping(String text, String source) {
        JsonNode node;
        try (JsonParser parser = READER.getFactory().createParser(text)) {
            node = READER.readTree(parser);
            // a second document with content is refused; a trailing '---' (an empty document) is not one
            JsonNode second = parser.nextToken() == null ? null : READER.readTree(parser);
            if (second != null && !second.isNull() && !second.isMissingNode()) {
                throw BadInputException.of(source, "", null, "holds more than one YAML document (a second '---'); qasim reads one per file");
            }
        } catch (JsonProcessingException e) {
            throw BadInputException.of(source, "", null, syntaxMessage(e));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a String
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            throw BadInputException.of(source, "", null, "the file is empty; a YAML mapping is required");
        }
        if (!node.isObject()) {
            throw BadInputException.of(source, "", Section.render(node), "the top level must be a YAML mapping");
        }
        return (ObjectNode) node;
    }

    /** Whether the text is a dotted key path such as {@code array.rows} (what {@code --set} and sweep grids name). */
    public static boolean isKeyPath(String text) {
        return Overrides.isKeyPath(text);
    }

    /** Parses one scalar (or flow list) as written after {@code --set PATH=}. */
    static JsonNode parseScalar(String text) throws JsonProcessingException {
        return READER.readTree(text);
    }

    /** Writes a tree (maps, lists, scalars) as block-style YAML. */
    public static String toYaml(Object tree) {
        try {
            return WRITER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String syntaxMessage(JsonProcessingException e) {
        String original = e.getOriginalMessage();
        String firstLine = original == null ? "malformed YAML" : original.lines().findFirst().orElse(original);
        JsonLocation where = e.getLocation();
        if (where != null && where.getLineNr() > 0) {
            return "YAML syntax error at line " + where.getLineNr() + ", column " + where.getColumnNr() + ": " + firstLine;
        }
        return "YAML syntax error: " + firstLine;
    }
}
