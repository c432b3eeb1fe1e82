/**
 * Floor 8: design-space exploration (docs/sweeps.md). {@link dev.qasim.explore.SweepJob} runs a workload on the
 * points of a grid of architecture and workload keys, each validated like a file, in parallel, streaming a tidy
 * CSV that a rerun resumes; {@link dev.qasim.explore.Shard} splits a sweep over a cluster and
 * {@link dev.qasim.explore.MergeJob} joins the shards; the finished results mark and draw the Pareto fronts over
 * cycles, energy, area and output error. {@link dev.qasim.explore.TradeoffJob} draws term-revealing trade-off
 * curves; {@link dev.qasim.explore.Reproductions} reruns the papers' results as validate runs. Drives the engine through {@code engine}, prices with {@code energy},
 * draws and writes files through {@code report}; prints nothing.
 */
package dev.qasim.explore;
