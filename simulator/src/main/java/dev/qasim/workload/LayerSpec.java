package dev.qasim.workload;

import java.util.Objects;

/**
 * What every layer has besides its geometry.
 *
 * @param name          unique within its workload
 * @param weights       the weights' integer type (always signed in qasim's workloads)
 * @param data          the data's (activations') integer type
 * @param termRevealing false: term-serial PEs run this layer with all terms (first conv, depthwise convs)
 * @param values        where the integer values come from
 */
public record LayerSpec(String name, Operand weights, Operand data, boolean termRevealing, ValueSource values) {
    public LayerSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(values, "values");
    }
}
