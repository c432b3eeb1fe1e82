package dev.qasim.model;

/**
 * One graph output of a model run.
 *
 * @param name    the output's name in the graph
 * @param shape   its dimensions
 * @param values  row-major; integers exactly when {@code integer}, else real numbers (an integer result of a
 *                float output is dequantized)
 * @param integer whether the graph declares an integer output and qasim holds it as integers
 */
public record ModelOutput(String name, int[] shape, double[] values, boolean integer) {}
