package dev.qasim.arith;

/**
 * Whether the vector kernels (the fast engine's and the reference's) can run: the JVM resolved the incubating
 * module {@code jdk.incubator.vector} (tools/qasim and the tests start it with {@code --add-modules
 * jdk.incubator.vector}; a plain {@code java -jar} does not, and then the scalar kernels run, with the same
 * results). {@code -Dqasim.vector=false} turns them off (to compare the two). Deliberately free of any reference
 * to the module's classes, so that this class loads without it.
 */
public final class Vectors {
    private static final boolean ENABLED = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"false".equals(System.getProperty("qasim.vector"));

    private Vectors() {}

    /** True when the vector kernels run. */
    public static boolean enabled() {
        return ENABLED;
    }
}
