package dev.qasim.model.ops;

/**
 * The post-processing unit's work for one model node (docs/quantization.md, "The post-processing unit").
 *
 * @param node           the node's name
 * @param op             the ONNX operator
 * @param laneOps        element operations performed (one lane does one per cycle)
 * @param multiplies     the multiplies among them: requantizations by a fixed-point multiplier (a power-of-two scale
 *                       is a shift, no multiply), zero-point corrections, rescales, and the products of dequantized
 *                       (real-valued) operators
 * @param cycles         ceil(laneOps / lanes)
 * @param overflowEvents additions at the unit's width whose exact result left its range (the result saturates)
 */
public record PpuStats(String node, String op, long laneOps, long multiplies, long cycles, long overflowEvents) {}
