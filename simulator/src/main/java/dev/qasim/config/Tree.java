package dev.qasim.config;

import dev.qasim.input.Section;
import java.util.LinkedHashMap;
import java.util.Map;

/** Ordered trees for printing records back in the file format. */
final class Tree {
    private Tree() {}

    /** An ordered map from alternating keys and values; enums become their YAML names, nulls stay null. */
    static Map<String, Object> of(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object v = keysAndValues[i + 1];
            map.put((String) keysAndValues[i], v instanceof Enum<?> e ? Section.yamlName(e) : v);
        }
        return map;
    }

    /** A size or rate as written in the file: the number, or the string {@code unlimited}. */
    static Object unlimited(double value) {
        return Double.isInfinite(value) ? "unlimited" : number(value);
    }

    /** A whole number as an integer ({@code 1000}, not {@code 1000.0}); other numbers as they are. */
    static Object number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? (Object) (long) value : (Object) value;
    }
}
