/**
 * Floor 5: energy and area. Tables with their sources ({@link EnergyTable}, loaded and validated by
 * {@link EnergyTables}: the shipped {@code horowitz-45nm} by default, or a user's file in the same format) and
 * the model that prices the engine's event counts ({@link EnergyModel}): every figure is a count times a
 * per-event energy, and both are reported. See docs/energy.md.
 */
package dev.qasim.energy;
