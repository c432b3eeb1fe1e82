/**
 * Floor 8: exploration. Runs many design points of an architecture and a workload: term-revealing trade-off
 * curves ({@link TradeoffJob}), sweeps over grids, Pareto fronts, sharding and merging.
 */
package dev.qasim.explore;
