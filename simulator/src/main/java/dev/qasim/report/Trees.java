package dev.qasim.report;

import java.util.LinkedHashMap;
import java.util.Map;

/** Ordered maps for report trees. */
final class Trees {
    private Trees() {}

    /** An ordered map from alternating keys and values (nulls kept: every report key is present). */
    static Map<String, Object> of(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** Flattens nested maps into dotted keys ({@code output.bitExact}); lists are left out. */
    static Map<String, Object> flatten(Map<String, Object> tree) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", tree, flat);
        return flat;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> tree, Map<String, Object> flat) {
        for (Map.Entry<String, Object> e : tree.entrySet()) {
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            Object v = e.getValue();
            if (v instanceof Map<?, ?> m) {
                flatten(key, (Map<String, Object>) m, flat);
            } else if (!(v instanceof java.util.List<?>) && !(v instanceof long[])) {
                flat.put(key, v);
            }
        }
    }
}
