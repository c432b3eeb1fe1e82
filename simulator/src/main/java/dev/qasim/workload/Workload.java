package dev.qasim.workload;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A workload: layers run one after another, each with its own operand types and values.
 *
 * @param name   label in reports
 * @param layers at least one; names are unique (they seed synthetic values and label reports)
 * @param source the file it was read from
 * @param notes  remarks for the user, one line each (for a SCALE-Sim topology: where qasim's true output size
 *               differs from SCALE-Sim's); empty when there is nothing to say
 */
public record Workload(String name, List<Layer> layers, Path source, List<String> notes) {

    public Workload {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        layers = List.copyOf(layers);
        notes = List.copyOf(notes);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a workload needs at least one layer");
        }
        Set<String> names = new HashSet<>();
        for (Layer layer : layers) {
            if (!names.add(layer.name())) {
                throw new IllegalArgumentException("duplicate layer name " + layer.name());
            }
        }
    }

    /** Multiply-accumulates of all layers (their matrix forms' M * N * K, padding zeros included). */
    public long macs() {
        return layers.stream().mapToLong(l -> l.matrixForm().macs()).sum();
    }
}
