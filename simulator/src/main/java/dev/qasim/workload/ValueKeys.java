package dev.qasim.workload;

import dev.qasim.input.Section;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The keys of one {@code values} mapping of a workload file (under {@code defaults} or a layer), each
 * {@code null} when absent. A layer's keys override the defaults' key by key; each mapping is checked against
 * the source in force for it, so a key that the source does not use is reported where it was written.
 */
final class ValueKeys {
    /** The {@code source} key's values. */
    enum Source { SYNTHETIC, NPY }

    private final Section section;
    final Source source;
    final ValueSource.Distribution distribution;
    final Long seed;
    final String weights;
    final String data;
    final Double scale;

    private ValueKeys(Section s) {
        section = s;
        source = s.choice("source", Source.class, null);
        distribution = s.choice("distribution", ValueSource.Distribution.class, null);
        seed = s.has("seed") ? s.longInteger("seed", WorkloadLoader.DEFAULT_SEED, 0, Long.MAX_VALUE) : null;
        weights = s.string("weights", null);
        data = s.string("data", null);
        scale = s.has("scale") ? s.number("scale", 1, 0, 1e30) : null;
        s.finish();
    }

    /** Reads and finishes a {@code values} mapping (an empty one when the key is absent). */
    static ValueKeys read(Section values) {
        return new ValueKeys(values);
    }

    /**
     * The layer's value source: its keys over the defaults' over the built-in ones (synthetic, gaussian, seed 1).
     * Reports keys that the source in force does not use, and the .npy files that npy needs but nobody named.
     *
     * @param base the folder .npy paths are relative to
     * @return the source, or {@code null} when a problem was reported
     */
    static ValueSource resolve(ValueKeys layer, ValueKeys defaults, Path base) {
        Source source = layer.source != null ? layer.source : defaults.source != null ? defaults.source : Source.SYNTHETIC;
        if (!layer.usesOnly(source)) {
            return null;
        }
        if (source == Source.SYNTHETIC) {
            return new ValueSource.Synthetic(
                    layer.distribution != null ? layer.distribution
                            : defaults.distribution != null ? defaults.distribution : ValueSource.Distribution.GAUSSIAN,
                    layer.seed != null ? layer.seed : defaults.seed != null ? defaults.seed : WorkloadLoader.DEFAULT_SEED);
        }
        Path weights = file(layer, defaults, "weights", base);
        Path data = file(layer, defaults, "data", base);
        if (weights == null || data == null) {
            return null;
        }
        return new ValueSource.Npy(weights, data, layer.scale != null ? layer.scale : defaults.scale);
    }

    /** Checks the defaults' own keys against the defaults' source; false when a problem was reported. */
    boolean usesOnlyItsSource() {
        return usesOnly(source != null ? source : Source.SYNTHETIC);
    }

    /** Reports a problem at one of this mapping's keys. */
    void problem(String key, String rule) {
        section.problem(key, section.raw(key), rule);
    }

    /** Which of the two mappings supplies a key (the layer's when it has it). */
    static ValueKeys owner(ValueKeys layer, ValueKeys defaults, String key) {
        return layer.section.has(key) ? layer : defaults;
    }

    private boolean usesOnly(Source in) {
        String[] unused = in == Source.SYNTHETIC ? new String[] {"weights", "data", "scale"}
                : new String[] {"distribution", "seed"};
        String rule = "used only with source: " + (in == Source.SYNTHETIC ? "npy" : "synthetic")
                + "; the source here is " + Section.yamlName(in);
        boolean ok = true;
        for (String key : unused) {
            if (section.has(key)) {
                problem(key, rule);
                ok = false;
            }
        }
        return ok;
    }

    private static Path file(ValueKeys layer, ValueKeys defaults, String key, Path base) {
        ValueKeys owner = owner(layer, defaults, key);
        String name = key.equals("weights") ? owner.weights : owner.data;
        if (name == null) {
            if (!owner.section.has(key)) { // a present but malformed value is reported already
                layer.section.problem(key, null, "required with source: npy: a .npy file, relative to the workload file");
            }
            return null;
        }
        try {
            return base.resolve(name).normalize();
        } catch (InvalidPathException e) {
            owner.problem(key, "not a valid file path (" + e.getReason() + ")");
            return null;
        }
    }
}
