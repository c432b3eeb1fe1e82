package dev.qasim.engine;

import dev.qasim.config.ArchConfig;
import dev.qasim.workload.Lowered;

/**
 * Runs one lowered layer on the array. Every engine gives exactly the same {@link ArrayRun} for the same
 * input: the stepped one by construction, the others proven against it by randomized equivalence tests.
 * Operands must fit the multiplier (the caller checks the layer's declared widths).
 */
public interface Engine {
    ArrayRun run(ArchConfig arch, Lowered layer, EngineOptions options);

    /**
     * The same, where runs of the layer's values on other hardware may share what does not depend on it
     * ({@code shared}, null for nothing): the result is the one {@link #run(ArchConfig, Lowered, EngineOptions)} gives.
     * This engine computes everything itself.
     */
    default ArrayRun run(ArchConfig arch, Lowered layer, EngineOptions options, SharedLayer shared) {
        return run(arch, layer, options);
    }

    /** The engines by name ({@code --engine}). */
    enum Kind {
        /** The default: closed-form timing and whole-layer value computation. */
        FAST,
        /** The register-level model stepped one clock at a time. */
        STEPPED;

        public Engine create() {
            return this == FAST ? new FastEngine() : new SteppedEngine();
        }
    }
}
