package dev.qasim.report;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What makes a report what it is: the command that made it and everything that decides its content (the options
 * that change results, each input file by the SHA-256 of its content), so that two runs with equal parts write the
 * same report. A report folder records it in provenance.json; a run whose identity differs is another run.
 *
 * @param command the command line as typed, for people (not part of the hash: a file named differently is the same
 *                input)
 * @param parts   what decides the content, name to canonical value ({@code --arch} to {@code sha256:...}); kept sorted
 */
public record RunIdentity(String command, Map<String, String> parts) {

    public RunIdentity {
        Objects.requireNonNull(command, "command");
        parts = java.util.Collections.unmodifiableMap(new TreeMap<>(parts));
    }

    /** SHA-256 of the parts (names and values, sorted by name), first 16 hex digits. */
    public String hash() {
        StringBuilder text = new StringBuilder();
        parts.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        return Hashing.sha256().hashString(text, StandardCharsets.UTF_8).toString().substring(0, 16);
    }

    /** The names of the parts whose values differ from {@code other}'s (a part one of them lacks included). */
    public List<String> differences(Map<String, String> other) {
        List<String> names = new ArrayList<>();
        TreeMap<String, String> all = new TreeMap<>(parts);
        other.forEach(all::putIfAbsent);
        for (String name : all.keySet()) {
            if (!Objects.equals(parts.get(name), other.get(name))) {
                names.add(name);
            }
        }
        return names;
    }
}
