package dev.qasim.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * JSON Schemas (draft 2020-12) generated from the report's records ({@link JsonShape}): report.json's, and the
 * pieces a flat row's schema is made of. {@code docs/schema/} holds the generated files; a test fails when they
 * are stale and rewrites them with {@code -Dschema.write=true} (docs/reports.md, "Schema and versions").
 * Every key is required (every key is always written, null when it does not apply); keys not in the schema are
 * allowed, since a newer qasim adds keys without changing {@link ReportDocument#SCHEMA_VERSION}.
 */
public final class ReportSchema {
    /** The dialect every schema names in {@code $schema}. */
    public static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";
    /**
     * The energy components a breakdown may have, in the order the energy model adds them (docs/energy.md); the
     * post-processing unit's only in a model run's totals.
     */
    public static final List<String> ENERGY_COMPONENTS = List.of("multipliers", "accumulators", "termPairs", "encoders",
            "bitSerial", "registers", "replay", "ifmapSram", "filterSram", "ofmapSram", "dram", "arrayStatic", "registerStatic",
            "sramStatic", "postProcessing");
    /** The keys of the maps with fixed keys, by the map's key. */
    static final Map<String, List<String>> MAP_KEYS = Map.of("energyBreakdownPj", ENERGY_COMPONENTS);

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ReportSchema() {}

    /** report.json's schema. */
    public static ObjectNode report() {
        ObjectNode schema = header("qasim report.json", "The report of one qasim run (docs/reports.md). Schema version "
                + ReportDocument.SCHEMA_VERSION + ": keys are added without changing it; a key removed, renamed or changed "
                + "in type or meaning changes it.");
        schema.put("$comment", "generated from the records of dev.qasim.report; do not edit (docs/reports.md)");
        ObjectNode defs = NODES.objectNode();
        object(schema, JsonShape.of(ReportDocument.class), defs);
        schema.set("$defs", defs);
        return schema;
    }

    /** A schema's first keys: {@code $schema}, title and description. */
    public static ObjectNode header(String title, String description) {
        ObjectNode schema = NODES.objectNode();
        schema.put("$schema", DIALECT);
        schema.put("title", title);
        schema.put("description", description);
        return schema;
    }

    /** The schema of one scalar: its JSON type, or null as well. */
    public static ObjectNode scalar(String type, boolean nullable) {
        ObjectNode node = NODES.objectNode();
        if (type.equals("numberOrUnlimited")) {
            ArrayNode any = node.putArray("anyOf");
            any.addObject().put("type", "number");
            any.addObject().put("const", "unlimited");
            return node;
        }
        if (nullable) {
            node.putArray("type").add(type).add("null");
        } else {
            node.put("type", type);
        }
        return node;
    }

    /** Fills {@code node} with an object's type, properties and required keys; nested objects go into {@code defs}. */
    private static void object(ObjectNode node, JsonShape.Obj shape, ObjectNode defs) {
        node.put("type", "object");
        ObjectNode properties = node.putObject("properties");
        ArrayNode required = node.putArray("required");
        shape.properties().forEach((key, p) -> {
            properties.set(key, property(p, key, defs));
            required.add(key);
        });
    }

    private static ObjectNode property(JsonShape.Property p, String key, ObjectNode defs) {
        ObjectNode node;
        if (p.shape() instanceof JsonShape.Scalar s) {
            return scalar(s.type(), p.nullable());
        } else if (p.shape() instanceof JsonShape.Obj o) {
            if (!defs.has(o.name())) {
                ObjectNode def = NODES.objectNode();
                defs.set(o.name(), def); // before its properties: a type met again inside refers to it
                object(def, o, defs);
            }
            node = NODES.objectNode().put("$ref", "#/$defs/" + o.name());
        } else if (p.shape() instanceof JsonShape.Array a) {
            node = NODES.objectNode().put("type", "array");
            node.set("items", property(a.items(), key, defs));
        } else {
            JsonShape.Dict d = (JsonShape.Dict) p.shape();
            node = NODES.objectNode().put("type", "object");
            if (MAP_KEYS.containsKey(key)) {
                ArrayNode names = node.putObject("propertyNames").putArray("enum");
                MAP_KEYS.get(key).forEach(names::add);
            }
            node.set("additionalProperties", property(d.values(), key, defs));
        }
        if (!p.nullable()) {
            return node;
        }
        ObjectNode either = NODES.objectNode();
        either.putArray("anyOf").add(node).addObject().put("type", "null");
        return either;
    }

    /** A schema as the file holds it: indented, one final line break. */
    public static String text(ObjectNode schema) {
        try {
            return JsonRenderer.MAPPER.writeValueAsString(schema) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
