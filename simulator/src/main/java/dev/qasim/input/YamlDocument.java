package dev.qasim.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A user's YAML file read into a tree, with the overrides applied to it, ready to be validated through
 * {@link #root()}. Problems are collected in {@link #problems()} and thrown together by the loader.
 */
public final class YamlDocument {
    private final String source;
    private final ObjectNode tree;
    private final Map<String, String> overrideLabels;
    private final Problems problems = new Problems();

    YamlDocument(String source, ObjectNode tree, Map<String, String> overrideLabels) {
        this.source = source;
        this.tree = tree;
        this.overrideLabels = Map.copyOf(overrideLabels);
    }

    /** A document made from a tree in memory (a sweep point, a test); problems are labelled with {@code source}. */
    public static YamlDocument of(String source, ObjectNode tree) {
        return new YamlDocument(source, tree, Map.of());
    }

    /**
     * A copy of this document with values set at dotted paths (a sweep point's settings), in order, as
     * {@code --set} would set them: a problem at one of those paths, or below it, names {@code label} as its
     * source. This document is not changed; the copy starts with no problems but those of setting the values
     * (a malformed path, a parent that is not a mapping).
     *
     * @param values dotted path to the value put there (a mapping value replaces the whole mapping)
     */
    public YamlDocument with(Map<String, JsonNode> values, String label) {
        ObjectNode copy = tree.deepCopy();
        Overrides applied = Overrides.apply(copy, values, label);
        Map<String, String> labels = new LinkedHashMap<>(overrideLabels);
        labels.putAll(applied.labels());
        YamlDocument doc = new YamlDocument(source, copy, labels);
        doc.problems().addAll(applied.problems().list());
        return doc;
    }

    public String source() {
        return source;
    }

    public Problems problems() {
        return problems;
    }

    /** The top-level mapping, to be read key by key. */
    public Section root() {
        return new Section(this, "", tree);
    }

    /** The file name, or the {@code --set} that supplied the key at {@code keyPath} (or one of its parents). */
    String sourceOf(String keyPath) {
        String path = keyPath;
        while (true) {
            String label = overrideLabels.get(path);
            if (label != null) {
                return label;
            }
            int dot = path.lastIndexOf('.');
            if (dot < 0) {
                return source;
            }
            path = path.substring(0, dot);
        }
    }

    void problem(String keyPath, String value, String rule) {
        problems.add(sourceOf(keyPath), keyPath, value, rule);
    }
}
