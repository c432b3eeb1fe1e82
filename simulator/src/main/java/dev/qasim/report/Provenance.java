package dev.qasim.report;

import org.jspecify.annotations.Nullable;

/**
 * Where a report came from, so a reader can reproduce it.
 *
 * @param command     the command line as typed
 * @param configHash  SHA-256 of the resolved architecture and workload (first 16 hex digits)
 * @param seed        the seed of the synthetic values when all layers share one, else null
 * @param engine      fast or stepped
 * @param javaVersion the JVM that ran it
 * @param startedAt   ISO-8601 instant
 */
public record Provenance(String command, String configHash, @Nullable Long seed, String engine, String javaVersion,
                         String startedAt) {}
