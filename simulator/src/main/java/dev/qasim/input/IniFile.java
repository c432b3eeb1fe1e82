package dev.qasim.input;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An INI file read by the rules of Python's {@code configparser} with its default settings, which is how SCALE-Sim
 * reads its {@code .cfg} files, so that a file means here what it means there: {@code [section]} headers (names
 * case-sensitive), {@code key = value} or {@code key: value} (the first {@code =} or {@code :} splits; keys are
 * case-insensitive, both sides trimmed), whole-line comments starting with {@code #} or {@code ;} (a {@code #} later
 * in a line is part of the value, as there), indented lines continuing the previous value, blank lines ignored. A key
 * before any section, a line that is neither, a repeated section and a key repeated in its section are errors, as in
 * configparser's strict mode. No Java INI library keeps these rules (keys folded to lower case, both delimiters,
 * no inline comments), so the few lines are written here.
 *
 * <p>{@code [DEFAULT]}, whose keys configparser copies into every section, is refused: no SCALE-Sim file uses it.
 */
public final class IniFile {
    /** The largest file read: far above any configuration. */
    static final int MAX_BYTES = 1 << 20;

    /**
     * One key's value.
     *
     * @param section the section it is in
     * @param key     the key as written
     * @param value   the value, trimmed; continuation lines joined with a newline
     * @param line    the key's line, from 1
     */
    public record Entry(String section, String key, String value, int line) {}

    private final String source;
    /** Section name to its keys (lower case) in file order. */
    private final Map<String, Map<String, Entry>> sections = new LinkedHashMap<>();
    private final Map<String, Integer> sectionLines = new LinkedHashMap<>();
    private final Problems problems = new Problems();

    private IniFile(String source) {
        this.source = source;
    }

    /**
     * Reads an INI file. A file that cannot be read throws; syntax problems are collected in {@link #problems()} for the
     * caller to report with its own, all at once (a line in error is skipped).
     *
     * @throws BadInputException when the file is missing, a folder, too large or not UTF-8 text
     */
    public static IniFile read(Path file) {
        String source = file.toString();
        String text = TextFiles.read(file, source, MAX_BYTES, "a configuration file");
        IniFile ini = new IniFile(source);
        ini.parse(text.replace("\uFEFF", ""), ini.problems);
        return ini;
    }

    private void parse(String text, Problems problems) {
        String section = null;
        Entry last = null;
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            int line = i + 1;
            String raw = lines.get(i);
            String stripped = raw.strip();
            if (stripped.isEmpty() || stripped.startsWith("#") || stripped.startsWith(";")) {
                continue;
            }
            if (Character.isWhitespace(raw.charAt(0)) && last != null) {
                last = new Entry(last.section(), last.key(), last.value() + "\n" + stripped, last.line());
                sections.get(last.section()).put(last.key().toLowerCase(Locale.ROOT), last);
                continue;
            }
            if (stripped.startsWith("[") && stripped.endsWith("]") && stripped.length() > 2) {
                section = stripped.substring(1, stripped.length() - 1);
                last = null;
                if ("DEFAULT".equals(section)) {
                    problems.add(source, "line " + line, raw, "a [DEFAULT] section is not read; give every key in its own section");
                    section = null;
                } else if (sectionLines.putIfAbsent(section, line) != null) {
                    problems.add(source, "line " + line, raw, "section [" + section + "] already began at line "
                            + sectionLines.get(section) + "; a section appears once");
                } else {
                    sections.put(section, new LinkedHashMap<>());
                }
                continue;
            }
            int cut = firstDelimiter(stripped);
            if (cut <= 0) {
                problems.add(source, "line " + line, raw, cut == 0 ? "a key is missing before the '=' or ':'"
                        : "neither a [section] header nor key = value (or key: value)");
                last = null;
                continue;
            }
            if (section == null) {
                problems.add(source, "line " + line, raw, "a key before any [section] header");
                continue;
            }
            String key = stripped.substring(0, cut).strip();
            String value = stripped.substring(cut + 1).strip();
            Entry entry = new Entry(section, key, value, line);
            Entry before = sections.get(section).putIfAbsent(key.toLowerCase(Locale.ROOT), entry);
            if (before != null) {
                problems.add(source, section + "." + key, value, "repeats the key of line " + before.line()
                        + " (keys are case-insensitive); a key appears once in its section");
                last = null;
            } else {
                last = entry;
            }
        }
    }

    /** Index of the first '=' or ':', or -1. */
    private static int firstDelimiter(String line) {
        int eq = line.indexOf('=');
        int colon = line.indexOf(':');
        return eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
    }

    /** The syntax problems found, one per line in error. */
    public Problems problems() {
        return problems;
    }

    /** The file as the user named it. */
    public String source() {
        return source;
    }

    /** The section names in file order. */
    public List<String> sections() {
        return new ArrayList<>(sections.keySet());
    }

    /** A section's entries, keyed by the key in lower case, in file order; empty when the section is absent. */
    public Map<String, Entry> section(String name) {
        return Collections.unmodifiableMap(sections.getOrDefault(name, Map.of()));
    }

    /** The line of a section's header. */
    public int line(String section) {
        return sectionLines.getOrDefault(section, 0);
    }
}
