/**
 * Floor 6: ONNX models (docs/quantization.md). {@link ModelLoader} reads a {@code .onnx} file with protobuf-java
 * and qasim's own schema subset (generated into {@code dev.qasim.model.onnx}), checks the whole graph at once,
 * binds the inputs, quantizes a float model with {@code dev.qasim.quant} and gives a {@link Model}: its array
 * layers as a workload, and {@link Model#run} which multiplies Conv, Gemm and MatMul on the simulated array and
 * runs everything else in the post-processing unit, counting its cycles ({@link ModelRun}, {@link PpuStats}).
 */
package dev.qasim.model;
