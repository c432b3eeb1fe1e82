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
 * a number, {@code ws} a string, {@code [1, 2]} a list).
 */
final class Overrides {
    private static final Pattern PATH = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*(\\.[A-Za-z][A-Za-z0-9_-]*)*");

    private final Map<String, String> labels;
    private final Problems problems;

    private Overrides(Map<String, String> labels, Problems problems) {
        this.labels = labels;
        this.problems = problems;
    }

    Map<String, String> labels() {
        return labels;
    }

    Problems problems() {
        return problems;
    }

    static Overrides apply(ObjectNode root, List<String> overrides) {
        Map<String, String> labels = new LinkedHashMap<>();
        Problems problems = new Problems();
        for (String text : overrides) {
            String label = "--set " + text;
            int eq = text.indexOf('=');
            if (eq <= 0) {
                problems.add(label, "", null, "expected PATH=VALUE, e.g. pe.accumulatorBits=16");
                continue;
            }
            String path = text.substring(0, eq).trim();
            String valueText = text.substring(eq + 1).trim();
            if (!PATH.matcher(path).matches()) {
                problems.add(label, path, null, "a dotted key path such as array.rows is required");
                continue;
            }
            if (valueText.isEmpty()) {
                problems.add(label, path, "", "a value is required after '='");
                continue;
            }
            JsonNode value;
            try {
                value = YamlFiles.parseScalar(valueText);
            } catch (JsonProcessingException e) {
                problems.add(label, path, valueText, "not a valid YAML value");
                continue;
            }
            String[] keys = path.split("\\.");
            ObjectNode parent = root;
            boolean ok = true;
            for (int i = 0; i < keys.length - 1 && ok; i++) {
                JsonNode child = parent.get(keys[i]);
                if (child == null || child.isNull()) {
                    parent = parent.putObject(keys[i]);
                } else if (child.isObject()) {
                    parent = (ObjectNode) child;
                } else {
                    String prefix = String.join(".", List.of(keys).subList(0, i + 1));
                    problems.add(label, prefix, Section.render(child), "is not a mapping, so " + path + " cannot be set");
                    ok = false;
                }
            }
            if (ok) {
                parent.set(keys[keys.length - 1], value);
                labels.put(path, label);
            }
        }
        return new Overrides(labels, problems);
    }
}
