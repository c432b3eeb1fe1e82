/**
 * Floor 9: the picocli commands. Each parses its options, calls one use case below and prints; no logic.
 * {@link Main} maps outcomes to exit codes: 0 success, 2 bad input or an output that cannot be written (one line
 * per problem, no stack trace), 3 a validation found a violation, 1 an internal error, a bug (stack trace only with
 * {@code --debug}). {@link Identities} tells runs apart for the report folders' provenance.
 */
package dev.qasim.cli;
