/**
 * Floor 4: the array. A register-level model stepped one clock at a time ({@link SteppedEngine}, the ground
 * truth), a fast model that must equal it in cycles, counters, overflow events and outputs
 * ({@link FastEngine}), the dataflow mapping and fold schedule ({@link Mapping}), the memory system
 * ({@link MemoryModel}) and the immutable results ({@link LayerRun}, {@link LayerStats}). See docs/timing.md.
 */
package dev.qasim.engine;
