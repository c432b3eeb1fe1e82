/**
 * Floor 4: the array. The PE kinds ({@link ProcessingElement}, one class per {@code pe.kind}) and the dataflows
 * ({@link DataflowSchedule}, one class per dataflow); a register-level model stepped one beat at a time
 * ({@link SteppedEngine}, the ground truth) and a fast model that must equal it in cycles, counters, overflow
 * events and outputs ({@link FastEngine}); the fold schedule ({@link Mapping}), the memory system
 * ({@link MemoryModel}) and the immutable results ({@link ArrayRun}, {@link LayerResult}). See docs/timing.md and
 * docs/architecture.md.
 */
package dev.qasim.engine;
