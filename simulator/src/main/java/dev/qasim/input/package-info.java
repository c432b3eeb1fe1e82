/**
 * Floor 0: reading users' files. The YAML mapper set-up ({@link YamlFiles}), the problem record
 * ({@link Problem}: source, key path, value, rule), the collector every loader uses ({@link Problems}),
 * the schema walker that validates a YAML mapping key by key ({@link Section}), {@code --set} overrides
 * ({@link Overrides}) and the exception that carries every problem at once ({@link BadInputException}).
 */
package dev.qasim.input;
