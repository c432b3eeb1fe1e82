package dev.qasim.input;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
