package dev.qasim.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One YAML mapping of a user's file, read key by key. Every reader method validates the value, records a
 * {@link Problem} (file, key path, value, rule) when it is wrong and returns a placeholder so reading goes on:
 * the loader sees every problem of the file at once. {@link #finish()} reports the keys nobody asked for,
 * listing the allowed ones, so a typo never passes silently.
 *
 * <p>Enum values are written in YAML as the constant's name in lower case with {@code -} for {@code _}
 * ({@code WIDEN_REPLAY} is {@code widen-replay}); see {@link #yamlName(Enum)}.
 */
public final class Section {
    /** How the rule of a problem about a key nobody asked for begins ({@link #finish()}). */
    public static final String UNKNOWN_KEY = "unknown key";

    private final YamlDocument document;
    private final String path;
    private final ObjectNode node;
    private final Set<String> known = new LinkedHashSet<>();

    Section(YamlDocument document, String path, ObjectNode node) {
        this.document = document;
        this.path = path;
        this.node = node;
    }

    /** The dotted path of this mapping ({@code ""} at the top). */
    public String path() {
        return path;
    }

    /** The dotted path of a key of this mapping. */
    public String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public YamlDocument document() {
        return document;
    }

    /** Whether the key is present with a non-null value (marks the key as known). */
    public boolean has(String key) {
        known.add(key);
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    /** The raw value of a key, or {@code null}; marks the key as known. */
    public JsonNode raw(String key) {
        known.add(key);
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v;
    }

    /**
     * Every key of this mapping in the file's order, for mappings whose keys are the user's own (a sweep grid
     * names keys by their paths); marks them all as known.
     */
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        known.addAll(keys);
        return keys;
    }

    /** Records a problem at a key of this mapping. */
    public void problem(String key, JsonNode value, String rule) {
        document.problem(pathOf(key), value == null ? null : render(value), rule);
    }

    /** An integer in [min, max], or {@code fallback} when absent. */
    public int integer(String key, int fallback, int min, int max) {
        JsonNode v = raw(key);
        return v == null ? fallback : (int) checkLong(key, v, min, max, fallback);
    }

    /** A required integer in [min, max]. */
    public int requiredInteger(String key, int min, int max) {
        JsonNode v = raw(key);
        if (v == null) {
            document.problem(pathOf(key), null, "required: " + rangeRule(min, max));
            return min;
        }
        return (int) checkLong(key, v, min, max, min);
    }

    /** An integer in [min, max], or {@code null} when absent. */
    public Integer optionalInteger(String key, int min, int max) {
        JsonNode v = raw(key);
        return v == null ? null : (int) checkLong(key, v, min, max, min);
    }

    /** A long in [min, max], or {@code fallback} when absent. */
    public long longInteger(String key, long fallback, long min, long max) {
        JsonNode v = raw(key);
        return v == null ? fallback : checkLong(key, v, min, max, fallback);
    }

    /** A number greater than {@code lowerExclusive} and at most {@code max}, or {@code fallback} when absent. */
    public double number(String key, double fallback, double lowerExclusive, double max) {
        JsonNode v = raw(key);
        if (v == null) {
            return fallback;
        }
        String rule = "must be a number greater than " + plain(lowerExclusive) + " and at most " + plain(max);
        if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() <= lowerExclusive || v.asDouble() > max) {
            problem(key, v, rule);
            return fallback;
        }
        return v.asDouble();
    }

    /** A required number in [min, max] (both inclusive). */
    public double requiredNumber(String key, double min, double max) {
        JsonNode v = raw(key);
        String rule = "a number from " + plain(min) + " to " + plain(max);
        if (v == null) {
            document.problem(pathOf(key), null, "required: " + rule);
            return min;
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < min || v.asDouble() > max) {
            problem(key, v, "must be " + rule);
            return min;
        }
        return v.asDouble();
    }

    /**
     * A number in [min, max], or {@code null} when the key is present with the value null; a missing key is a
     * problem (for entries that must be stated, even as "none").
     */
    public Double requiredNumberOrNull(String key, double min, double max) {
        known.add(key);
        JsonNode v = node.get(key);
        if (v != null && v.isNull()) {
            return null;
        }
        return requiredNumber(key, min, max);
    }

    /** A required non-empty string. */
    public String requiredString(String key) {
        JsonNode v = raw(key);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            document.problem(pathOf(key), v == null ? null : render(v), "required: a non-empty string");
            return "";
        }
        return v.asText();
    }

    /**
     * A number greater than zero, or the string {@code unlimited} (returned as positive infinity), or
     * {@code fallback} when absent.
     */
    public double numberOrUnlimited(String key, double fallback) {
        return numberOrUnlimited(key, fallback, 0);
    }

    /** The same, at least {@code min} when {@code min > 0} (greater than 0 otherwise). */
    public double numberOrUnlimited(String key, double fallback, double min) {
        JsonNode v = raw(key);
        if (v == null) {
            return fallback;
        }
        if (v.isTextual() && v.asText().equals("unlimited")) {
            return Double.POSITIVE_INFINITY;
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() <= 0 || v.asDouble() < min) {
            problem(key, v, min > 0 ? "must be a number of at least " + BigDecimal.valueOf(min).stripTrailingZeros().toPlainString() + ", or unlimited"
                    : "must be a number greater than 0, or unlimited");
            return fallback;
        }
        return v.asDouble();
    }

    public boolean bool(String key, boolean fallback) {
        JsonNode v = raw(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isBoolean()) {
            problem(key, v, "must be true or false");
            return fallback;
        }
        return v.asBoolean();
    }

    /** A non-empty string, or {@code fallback} when absent. */
    public String string(String key, String fallback) {
        JsonNode v = raw(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            problem(key, v, "must be a non-empty string");
            return fallback;
        }
        return v.asText();
    }

    /** One of an enum's constants by its YAML name, or {@code fallback} when absent. */
    public <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
        JsonNode v = raw(key);
        if (v == null) {
            return fallback;
        }
        E[] options = type.getEnumConstants();
        if (v.isTextual()) {
            for (E option : options) {
                if (yamlName(option).equals(v.asText())) {
                    return option;
                }
            }
        }
        problem(key, v, "must be one of " + Arrays.stream(options).map(Section::yamlName).collect(Collectors.joining(", ")));
        return fallback;
    }

    /**
     * An integer, or a list of exactly {@code count} integers, each in [min, max]; a single integer is repeated
     * ({@code stride: 2} means {@code [2, 2]}). Returns {@code fallback} repeated when absent.
     */
    public int[] integers(String key, int count, int fallback, int min, int max) {
        JsonNode v = raw(key);
        int[] out = new int[count];
        Arrays.fill(out, fallback);
        if (v == null) {
            return out;
        }
        if (v.isIntegralNumber()) {
            Arrays.fill(out, (int) checkLong(key, v, min, max, fallback));
            return out;
        }
        if (v.isArray() && v.size() == count && allIntegral(v)) {
            for (int i = 0; i < count; i++) {
                out[i] = (int) checkLong(key, v.get(i), min, max, fallback);
            }
            return out;
        }
        problem(key, v, "must be an integer or a list of " + count + " integers, each " + rangeText(min, max));
        return out;
    }

    /** A list of exactly {@code count} integers, each in [min, max]; required. */
    public int[] requiredIntegerList(String key, int count, int min, int max, String meaning) {
        JsonNode v = raw(key);
        int[] out = new int[count];
        Arrays.fill(out, min);
        String rule = "required: a list of " + count + " integers (" + meaning + "), each " + rangeText(min, max);
        if (v == null || !v.isArray() || v.size() != count || !allIntegral(v)) {
            document.problem(pathOf(key), v == null ? null : render(v), rule);
            return out;
        }
        for (int i = 0; i < count; i++) {
            out[i] = (int) checkLong(key, v.get(i), min, max, min);
        }
        return out;
    }

    /** A nested mapping; an empty one when absent, and a problem when the value is not a mapping. */
    public Section section(String key) {
        JsonNode v = raw(key);
        if (v == null) {
            return new Section(document, pathOf(key), JsonNodeFactory.instance.objectNode());
        }
        if (!v.isObject()) {
            problem(key, v, "must be a mapping");
            return new Section(document, pathOf(key), JsonNodeFactory.instance.objectNode());
        }
        return new Section(document, pathOf(key), (ObjectNode) v);
    }

    /**
     * A required, non-empty list of mappings; element i is read as a section at {@code key[i]}. Elements that
     * are not mappings are reported and skipped.
     */
    public List<Section> sections(String key) {
        JsonNode v = raw(key);
        List<Section> out = new ArrayList<>();
        if (v == null || !v.isArray() || v.isEmpty()) {
            document.problem(pathOf(key), v == null ? null : render(v), "required: a non-empty list of mappings");
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            String elementPath = pathOf(key) + "[" + i + "]";
            JsonNode e = v.get(i);
            if (!e.isObject()) {
                document.problem(elementPath, render(e), "must be a mapping");
                continue;
            }
            out.add(new Section(document, elementPath, (ObjectNode) e));
        }
        return out;
    }

    /** Reports every key of this mapping that no reader method asked for, listing the allowed keys. */
    public void finish() {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                String allowed = known.isEmpty() ? "none" : String.join(", ", known);
                problem(name, node.get(name), UNKNOWN_KEY + "; allowed here: " + allowed);
            }
        }
    }

    /** The YAML spelling of an enum constant: lower case, {@code -} for {@code _}. */
    public static String yamlName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A value as the user would recognise it: strings in double quotes, numbers and lists as written. */
    public static String render(JsonNode value) {
        return value.toString();
    }

    private long checkLong(String key, JsonNode v, long min, long max, long fallback) {
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            // too large for a bound the short rule leaves unsaid: give the bound
            boolean aboveMax = v.isIntegralNumber() && (!v.canConvertToLong() || v.asLong() > max);
            problem(key, v, "must be " + (aboveMax ? "an integer from " + min + " to " + max : rangeRule(min, max)));
            return fallback;
        }
        return v.asLong();
    }

    private static boolean allIntegral(JsonNode list) {
        for (JsonNode e : list) {
            if (!e.isIntegralNumber()) {
                return false;
            }
        }
        return true;
    }

    private static String rangeRule(long min, long max) {
        return "an integer " + rangeText(min, max);
    }

    private static String rangeText(long min, long max) {
        if (max == Long.MAX_VALUE || max == Integer.MAX_VALUE) {
            return "of at least " + min;
        }
        return "from " + min + " to " + max;
    }

    private static String plain(double d) {
        if (Double.isInfinite(d)) {
            return d > 0 ? "infinity" : "-infinity";
        }
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
