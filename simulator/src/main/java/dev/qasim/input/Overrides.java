package dev.qasim.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code --set PATH=VALUE} overrides: each sets one key of a YAML tree by its dotted path before validation,
 * so an override is checked by exactly the rules that check the file. VALUE is read as YAML ({@code 16} is
 * a number, {@code ws} a string, {@code [1, 2]} a list). Sweep points set keys the same way, from values
 * already read ({@link YamlDocument#with}).
 */
final class Overrides {
    private static final Pattern PATH = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*(\\.[A-Za-z][A-Za-z0-9_-]*)*");
    static final String PATH_RULE = "a dotted key path such as array.rows is required";

    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Problems problems = new Problems();

    private Overrides() {}

    Map<String, String> labels() {
        return labels;
    }

    Problems problems() {
        return problems;
    }

    /** Whether the text is a dotted key path such as {@code array.rows}. */
    static boolean isKeyPath(String text) {
        return PATH.matcher(text).matches();
    }

    static Overrides apply(ObjectNode root, List<String> overrides) {
        Overrides applied = new Overrides();
        for (String text : overrides) {
            String label = "--set " + text;
            int eq = text.indexOf('=');
            if (eq <= 0) {
                applied.problems.add(label, "", null, "expected PATH=VALUE, e.g. pe.accumulatorBits=16");
                continue;
            }
            String path = text.substring(0, eq).trim();
            String valueText = text.substring(eq + 1).trim();
            if (!isKeyPath(path)) {
                applied.problems.add(label, path, null, PATH_RULE);
                continue;
            }
            if (valueText.isEmpty()) {
                applied.problems.add(label, path, "", "a value is required after '='");
                continue;
            }
            JsonNode value;
            try {
                value = YamlFiles.parseScalar(valueText);
            } catch (JsonProcessingException e) {
                applied.problems.add(label, path, valueText, "not a valid YAML value");
                continue;
            }
            applied.set(root, path, value, label);
        }
        return applied;
    }

    /** Applies values at dotted paths, in order; problems (bad paths, non-mapping parents) name {@code label}. */
    static Overrides apply(ObjectNode root, Map<String, JsonNode> values, String label) {
        Overrides applied = new Overrides();
        values.forEach((path, value) -> applied.set(root, path, value, label));
        return applied;
    }

    /** Sets one key, creating the mappings on its path; a parent that is not a mapping is a problem. */
    private void set(ObjectNode root, String path, JsonNode value, String label) {
        if (!isKeyPath(path)) {
            problems.add(label, path, null, PATH_RULE);
            return;
        }
        String[] keys = path.split("\\.");
        ObjectNode parent = root;
        for (int i = 0; i < keys.length - 1; i++) {
            JsonNode child = parent.get(keys[i]);
            if (child == null || child.isNull()) {
                parent = parent.putObject(keys[i]);
            } else if (child.isObject()) {
                parent = (ObjectNode) child;
            } else {
                String prefix = String.join(".", List.of(keys).subList(0, i + 1));
                problems.add(label, prefix, Section.render(child), "is not a mapping, so " + path + " cannot be set");
                return;
            }
        }
        parent.set(keys[keys.length - 1], value);
        labels.put(path, label);
    }
}
