package dev.qasim.report;

import java.util.LinkedHashMap;
import java.util.Map;

/** Ordered maps for the validation report's tree. */
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
}
