package dev.qasim.model.ops;

import dev.qasim.model.onnx.Onnx.AttributeProto.AttributeType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What qasim knows of one operator: its domain and type, the operator-set versions in which it changed (a node
 * binds to the highest one not above the model's import of its domain), how many inputs and outputs it takes,
 * the attributes each version has, and the factory that checks a node and makes its kernel.
 */
public final class Schema {

    /** Makes a node's kernel from its parsed attributes; problems go to {@link Parsed#problem}. */
    @FunctionalInterface
    public interface Factory {
        Op create(Parsed node);
    }

    /**
     * An attribute of the operator.
     *
     * @param since    the first version that has it
     * @param until    the first version that no longer has it ({@link Integer#MAX_VALUE}: still there)
     * @param required whether a node must give it
     */
    public record Attribute(String name, AttributeType type, int since, int until, boolean required) {}

    private final String domain;
    private final String type;
    private final int[] versions;
    private final int minInputs;
    private final int maxInputs;
    private final int minOutputs;
    private final int maxOutputs;
    private final List<Attribute> attributes;
    private final Factory factory;
    private final boolean array;

    private Schema(Builder b, Factory factory) {
        this.domain = b.domain;
        this.type = b.type;
        this.versions = b.versions;
        this.minInputs = b.minInputs;
        this.maxInputs = b.maxInputs;
        this.minOutputs = b.minOutputs;
        this.maxOutputs = b.maxOutputs;
        this.attributes = List.copyOf(b.attributes);
        this.factory = factory;
        this.array = b.array;
    }

    /** An operator of ONNX's own domain. */
    public static Builder op(String type) {
        return new Builder("", type);
    }

    /** An operator of another domain ({@code com.microsoft}, {@code qonnx.custom_op.general}). */
    public static Builder op(String domain, String type) {
        return new Builder(domain, type);
    }

    public String domain() {
        return domain;
    }

    public String type() {
        return type;
    }

    /** The operator-set versions in which the operator (re)appeared, ascending. */
    public int[] versions() {
        return versions.clone();
    }

    /** The version a node binds to in a model importing {@code opset} of the domain, or -1 before the first. */
    public int bind(int opset) {
        int bound = -1;
        for (int v : versions) {
            if (v <= opset) {
                bound = v;
            }
        }
        return bound;
    }

    public int minInputs() {
        return minInputs;
    }

    public int maxInputs() {
        return maxInputs;
    }

    public int minOutputs() {
        return minOutputs;
    }

    public int maxOutputs() {
        return maxOutputs;
    }

    /** The attributes a node bound to {@code version} may have. */
    public List<Attribute> attributes(int version) {
        return attributes.stream().filter(a -> a.since() <= version && version < a.until()).toList();
    }

    /** Every attribute of every version (for the attribute that a node gives but its version lacks). */
    public List<Attribute> allAttributes() {
        return attributes;
    }

    public Factory factory() {
        return factory;
    }

    /** Whether it multiplies on the array (such nodes are never folded into constants at load). */
    public boolean array() {
        return array;
    }

    @Override
    public String toString() {
        return (domain.isEmpty() ? "" : domain + ".") + type;
    }

    /** Builds a schema; the versions default to 1, inputs and outputs to exactly one. */
    public static final class Builder {
        private final String domain;
        private final String type;
        private int[] versions = {1};
        private int minInputs = 1;
        private int maxInputs = 1;
        private int minOutputs = 1;
        private int maxOutputs = 1;
        private final List<Attribute> attributes = new ArrayList<>();
        private boolean array;

        private Builder(String domain, String type) {
            this.domain = Objects.requireNonNull(domain);
            this.type = Objects.requireNonNull(type);
        }

        /** The versions in which the operator changed, ascending (those before 11 count from 11 for ONNX's domain). */
        public Builder versions(int... since) {
            int[] sorted = since.clone();
            Arrays.sort(sorted);
            if (!Arrays.equals(sorted, since) || since.length == 0) {
                throw new IllegalArgumentException(type + ": versions must be given ascending");
            }
            this.versions = since;
            return this;
        }

        public Builder inputs(int min, int max) {
            this.minInputs = min;
            this.maxInputs = max;
            return this;
        }

        public Builder outputs(int min, int max) {
            this.minOutputs = min;
            this.maxOutputs = max;
            return this;
        }

        /** An optional attribute of every version. */
        public Builder attr(String name, AttributeType t) {
            return attr(name, t, 0, Integer.MAX_VALUE);
        }

        /** An optional attribute of the versions since..until - 1. */
        public Builder attr(String name, AttributeType t, int since, int until) {
            attributes.add(new Attribute(name, t, since, until, false));
            return this;
        }

        /** A required attribute of every version. */
        public Builder required(String name, AttributeType t) {
            attributes.add(new Attribute(name, t, 0, Integer.MAX_VALUE, true));
            return this;
        }

        /** The operator multiplies on the array. */
        public Builder array() {
            this.array = true;
            return this;
        }

        public Schema build(Factory factory) {
            return new Schema(this, Objects.requireNonNull(factory));
        }
    }
}
