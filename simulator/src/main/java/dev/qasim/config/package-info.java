/**
 * Floor 3: the architecture as immutable, validated records ({@link ArchConfig} and its parts), loaded from
 * YAML with {@code --set} overrides by {@link ArchLoader}: every problem of a file is reported at once, unknown
 * keys are errors, derived values (lanes) are resolved after all overrides.
 */
package dev.qasim.config;
